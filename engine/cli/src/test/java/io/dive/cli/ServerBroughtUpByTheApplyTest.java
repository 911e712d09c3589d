package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that the same apply brings up (hashicorp/terraform#2430 cannot): its resources are planned
 * as creates, "known after" what runs it is ready, and apply waits for it, then observes and applies
 * them. The in-memory provider's server answers only while its host runs, as a Keycloak in a container.
 */
class ServerBroughtUpByTheApplyTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Path write(String servers) throws Exception {
        Path file = dir.resolve("topology.yaml");
        Files.writeString(file, """
                name: t
                providers: {memory: {store: hosts.json}}
                servers:
                """ + servers + """
                resources:
                  - {type: host, name: h, attributes: {running: true}}
                  - {type: group, name: g, server: s, attributes: {label: one}}
                  - {type: item, name: g/i, attributes: {label: two}}
                """);
        return file;
    }

    @Test
    void aServerNotUpYetIsPlannedAsCreatesAndAppliedOnceItAnswers() throws Exception {
        Path file = write("  s: {provider: memory, store: s.json, host: h, runs_on: host.h}\n");
        DiveRunner dive = new DiveRunner(dir);

        DiveRunner.Result plan = dive.run("plan", file.toString(), "--json");
        assertEquals(0, plan.code(), plan::toString);
        JsonNode changes = JSON.readTree(plan.out()).path("changes");
        assertEquals(3, changes.size(), plan.out());
        for (JsonNode c : changes) {
            if (!c.path("address").asText().equals("host.h")) {
                assertEquals("create", c.path("action").asText(), c::toString);
                assertEquals("host.h", c.path("known_after").asText(), c::toString);
            }
        }
        DiveRunner.Result text = dive.run("plan", file.toString());
        assertTrue(text.out().contains("group.g will be created (on server s, which host.h brings up: known after host.h is ready)"), text.out());

        DiveRunner.Result apply = dive.run("apply", file.toString(), "--auto-approve");
        assertEquals(0, apply.code(), apply::toString);
        JsonNode onServer = JSON.readTree(Files.readString(dir.resolve("s.json")));
        assertTrue(onServer.toString().contains("\"label\":\"two\""), "the item is not on its server: " + onServer);

        DiveRunner.Result again = dive.run("plan", file.toString(), "--detailed-exitcode");
        assertEquals(0, again.code(), "the next plan is not empty: " + again);

        // The host stops: its server's resources are known only once it runs again; apply starts it,
        // waits, and changes nothing else.
        Path hosts = dir.resolve("hosts.json");
        ObjectNode all = (ObjectNode) JSON.readTree(Files.readString(hosts));
        String stopped = all.toString().replace("\"running\":true", "\"running\":false");
        assertTrue(!stopped.equals(all.toString()), all::toString);
        Files.writeString(hosts, stopped);
        DiveRunner.Result drift = dive.run("plan", file.toString(), "--json");
        assertEquals(0, drift.code(), drift::toString);
        JsonNode c2 = JSON.readTree(drift.out()).path("changes");
        assertTrue(c2.toString().contains("\"address\":\"group.g\",\"type\":\"group\",\"action\":\"update\",\"reason\":\"known after host.h is ready\""
                + ",\"known_after\":\"host.h\""), c2::toString);
        DiveRunner.Result driftRun = dive.run("drift", file.toString(), "--json");
        assertEquals(2, driftRun.code(), driftRun::toString);
        JsonNode report = JSON.readTree(driftRun.out());
        assertEquals("[{\"address\":\"group.g\",\"known_after\":\"host.h\"},{\"address\":\"item.g/i\",\"known_after\":\"host.h\"}]",
                report.path("unknown").toString());
        assertTrue(report.path("changes").toString().contains("\"address\":\"host.h\",\"type\":\"host\",\"action\":\"update\""), driftRun::toString);
        DiveRunner.Result fix = dive.run("apply", file.toString(), "--auto-approve", "--json");
        assertEquals(0, fix.code(), fix::toString);
        assertEquals(0, dive.run("plan", file.toString(), "--detailed-exitcode").code());
        assertTrue(Files.readString(dir.resolve("s.json")).contains("\"label\":\"two\""));
    }

    @Test
    void aServerThatShouldBeUpAndIsNotFailsThePlanNamingIt() throws Exception {
        // Nothing in the plan brings server s up: its host is another one, which does not exist.
        Path file = write("  s: {provider: memory, store: s.json, host: elsewhere}\n");
        DiveRunner.Result plan = new DiveRunner(dir).run("plan", file.toString());
        assertEquals(1, plan.code(), plan::toString);
        assertTrue(plan.err().strip().contains("memory server s: connection refused (host elsewhere does not exist)"), plan::toString);
        assertEquals(1, plan.err().strip().lines().count(), plan::toString);
    }
}
