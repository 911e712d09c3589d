package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.testkit.MemoryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dive status: per instance a score, each failing check with the command that fixes it; 0 healthy, 2 degraded, 1 error. */
class StatusTest {

    @TempDir
    Path dir;
    Path manifest;
    DiveRunner dive;
    MemoryServer server;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(dir.resolve("tpl"));
        // An instance template of the memory provider's kinds: each instance is a group and two items.
        Files.writeString(dir.resolve("tpl/tiny.yaml"), """
                resources:
                  - {type: group, name: "${code}", attributes: {title: "${name}"}}
                  - {type: item, name: "${code}/a", attributes: {value: "1"}}
                  - {type: item, name: "${code}/b", attributes: {value: "2"}}
                """);
        manifest = Files.writeString(dir.resolve("topology.yaml"), """
                name: status
                templates: tpl
                instance_templates: {hub: [tiny], spoke: [tiny]}
                providers:
                  memory: {store: server.json}
                hub: {code: usa}
                spokes:
                  - {code: fra}
                """);
        dive = new DiveRunner(dir);
        server = MemoryServer.at(dir.resolve("server.json").toString());
        assertEquals(0, dive.run("apply", "--auto-approve", manifest.toString()).code());
    }

    @Test
    void healthyThenDegradedWithTheFixThenRepaired() throws Exception {
        DiveRunner.Result ok = dive.run("status", manifest.toString());
        assertEquals(0, ok.code(), ok::toString);
        assertTrue(ok.out().contains("usa: 3/3 healthy") && ok.out().contains("fra: 3/3 healthy"), ok::toString);
        // The local state keeps the last runs beside it: status says when the last apply was, and how it ended.
        assertTrue(ok.out().contains("last apply: succeeded ") && ok.out().contains(", 6 changed: dive apply " + manifest), ok::toString);
        assertTrue(ok.out().contains("lock: free"), ok::toString);

        server.remove("item.fra/b");
        server.put("item.fra/a", server.get("item.fra/a").put("value", "by hand"));
        DiveRunner.Result degraded = dive.run("status", manifest.toString());
        assertEquals(2, degraded.code(), degraded::toString);
        assertTrue(degraded.out().contains("usa: 3/3 healthy"), degraded::toString);
        assertTrue(degraded.out().contains("fra: 1/3 degraded"), degraded::toString);
        assertTrue(degraded.out().contains("FAILED item.fra/b: missing (deleted outside dive)"), degraded::toString);
        assertTrue(degraded.out().contains("fix: dive apply --target item.fra/b " + manifest), degraded::toString);
        assertTrue(degraded.out().contains("FAILED item.fra/a: differs: value"), degraded::toString);

        DiveRunner.Result json = dive.run("status", "--json", "--instance", "fra", manifest.toString());
        assertEquals(2, json.code(), json::toString);
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertEquals(1, report.path("instances").size());
        assertEquals(1, report.path("instances").get(0).path("score").path("passed").asInt());
        assertEquals(3, report.path("instances").get(0).path("score").path("total").asInt());

        assertEquals(2, dive.run("drift", manifest.toString()).code());
        JsonNode drifted = new ObjectMapper().readTree(dive.run("status", "--json", manifest.toString()).out());
        assertEquals("drift", drifted.path("last_runs").get(0).path("kind").asText(), drifted::toString);
        assertEquals(2, drifted.path("last_runs").get(0).path("changed").asInt(), drifted::toString);

        assertEquals(0, dive.run("apply", "--auto-approve", "--target", "item.fra/b", "--target", "item.fra/a", manifest.toString()).code());
        assertEquals(0, dive.run("status", manifest.toString()).code());
    }

    @Test
    void theLockHolderIsNamedWithoutTakingTheLock() throws Exception {
        io.dive.core.state.LocalStateStore store = new io.dive.core.state.LocalStateStore(dir.resolve(".dive/state.json"), "status");
        try (var held = store.lock("dive apply (another run)", java.time.Duration.ofSeconds(1))) {
            DiveRunner.Result r = dive.run("status", "--json", manifest.toString());
            assertEquals(0, r.code(), r::toString);
            JsonNode lock = new ObjectMapper().readTree(r.out()).path("lock");
            assertEquals("dive apply (another run)", lock.path("command").asText(), r::toString);
            assertEquals(ProcessHandle.current().pid(), lock.path("pid").asLong(), r::toString);
            assertTrue(dive.run("status", manifest.toString()).out().contains("lock: held by \"dive apply (another run)\" (pid "), r::toString);
        }
        assertTrue(store.holder().isEmpty(), "the lock was given back");
        assertTrue(new ObjectMapper().readTree(dive.run("status", "--json", manifest.toString()).out()).path("lock").isNull());
    }

    @Test
    void aServerThatDoesNotAnswerMakesItsResourcesUnknownNotAnError() throws Exception {
        Path down = Files.writeString(Files.createDirectories(dir.resolve("down")).resolve("topology.yaml"), """
                name: down
                keycloak:
                  url: http://127.0.0.1:9
                  admin: {username: admin, password: "${env:DIVE_TEST_NOT_A_PASSWORD:-admin}"}
                resources:
                  - {type: realm, name: nowhere, attributes: {enabled: true}}
                """);
        DiveRunner.Result r = dive.run("status", "--json", down.toString());
        assertEquals(2, r.code(), r::toString);
        JsonNode checks = new ObjectMapper().readTree(r.out()).path("instances").get(0).path("checks");
        String all = checks.toString();
        assertTrue(all.contains("\"name\":\"realm.nowhere\",\"ok\":false,\"level\":\"fail\",\"detail\":\"unknown: its server does not answer ("), all);
        assertTrue(all.contains("\"name\":\"server keycloak reachable\",\"ok\":false"), all);
    }

    @Test
    void anUnknownInstanceIsAnError() {
        DiveRunner.Result r = dive.run("status", "--instance", "xyz", manifest.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("--instance xyz: no such instance (known: usa, fra)"), r::toString);
    }
}
