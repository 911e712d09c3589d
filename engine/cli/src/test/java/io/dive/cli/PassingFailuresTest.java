package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.testkit.MemoryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that fails in passing (a refused or reset connection, a time-out, a 503: as a Keycloak under
 * load or just restarted answers) is tried again, up to three times, saying so; what is safe to retry
 * is retried and nothing is made twice. A server error or a refusal is not tried again.
 */
class PassingFailuresTest {

    @TempDir
    Path dir;

    @Test
    void aWriteThatFailsInPassingIsTriedAgainAndTheApplyConverges() throws Exception {
        Path manifest = dir.resolve("topology.yaml");
        Files.writeString(manifest, ApplyLifecycleTest.topology("").replace("{store: server.json}", "{store: server.json, flaky: {group.hub: 2, item.hub/alice: 1}}"));
        DiveRunner dive = new DiveRunner(dir);
        DiveRunner.Result r = dive.run("apply", "--auto-approve", manifest.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().contains("group.hub: create failed in passing (POST /objects/group.hub: Connection refused (injected: nothing was done));"
                + " trying again in"), r::toString);
        assertTrue(r.err().contains("(3 of 3)") && r.err().contains("item.hub/alice: create failed in passing"), r::toString);
        MemoryServer server = MemoryServer.at(dir.resolve("server.json").toString());
        assertEquals(3, server.size(), "each once");
        assertEquals(0, dive.run("plan", "--detailed-exitcode", manifest.toString()).code());
    }

    @Test
    void aWriteThatKeepsFailingInPassingFailsAfterThreeTries() throws Exception {
        Path manifest = dir.resolve("topology.yaml");
        Files.writeString(manifest, ApplyLifecycleTest.topology("").replace("{store: server.json}", "{store: server.json, flaky: {item.hub/bob: 5}}"));
        DiveRunner.Result r = new DiveRunner(dir).run("apply", "--auto-approve", manifest.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("item.hub/bob: create failed: POST /objects/item.hub/bob: Connection refused"), r::toString);
        assertEquals(2, r.err().lines().filter(l -> l.contains("item.hub/bob: create failed in passing")).count(), r::toString);
    }
}
