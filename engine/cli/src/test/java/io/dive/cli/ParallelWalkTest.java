package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.testkit.MemoryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walk: dependents wait for readiness; independent resources really run side by side. */
class ParallelWalkTest {

    @TempDir
    Path dir;

    @Test
    void dependentsStartOnlyOnceTheirDependencyIsReady() throws Exception {
        Path manifest = dir.resolve("topology.yaml");
        Files.writeString(manifest, ApplyLifecycleTest.topology("").replace("{store: server.json}",
                "{store: server.json, ready_after_ms: {group.hub: 300}}"));
        DiveRunner.Result r = new DiveRunner(dir).run("apply", "--auto-approve", manifest.toString());
        assertEquals(0, r.code(), r::toString);
        List<String> log = MemoryServer.at(dir.resolve("server.json").toString()).log();
        int ready = log.indexOf("READY group.hub");
        assertTrue(ready > log.indexOf("PUT group.hub"), log::toString);
        assertTrue(ready < log.indexOf("PUT item.hub/alice") && ready < log.indexOf("PUT item.hub/bob"),
                "an item was created before its group was ready: " + log);
    }

    @Test
    void independentBranchesRunInParallelUpToTheLimit() throws Exception {
        // Counted, not timed: the server records how many writes it had in flight at once.
        for (int parallelism : new int[] {8, 2}) {
            Path manifest = dir.resolve("wide-" + parallelism + ".yaml");
            StringBuilder sb = new StringBuilder("name: wide" + parallelism + "\nstate: {url: state-" + parallelism + ".json}\nproviders:\n"
                    + "  memory: {store: server-" + parallelism + ".json, latency_ms: 300}\nresources:\n");
            for (int i = 0; i < 8; i++) {
                sb.append("  - {type: group, name: g").append(i).append("}\n");
            }
            Files.writeString(manifest, sb.toString());
            DiveRunner.Result r = new DiveRunner(dir).run("apply", "--auto-approve", "--parallelism", String.valueOf(parallelism), manifest.toString());
            assertEquals(0, r.code(), r::toString);
            MemoryServer server = MemoryServer.at(dir.resolve("server-" + parallelism + ".json").toString());
            assertEquals(8, server.size());
            int most = server.mostAtOnce();
            assertTrue(most <= parallelism, "--parallelism " + parallelism + " ran " + most + " writes at once");
            assertTrue(most > 1, "8 independent writes never overlapped with --parallelism " + parallelism);
            if (parallelism == 8) {
                assertTrue(most > 2, "with --parallelism 8 at most " + most + " of 8 independent writes overlapped");
            }
        }
    }

    @Test
    void deletesGoDependentsFirstAndTheServerWouldRefuseOtherwise() throws Exception {
        Path manifest = dir.resolve("topology.yaml");
        Files.writeString(manifest, ApplyLifecycleTest.topology(""));
        DiveRunner dive = new DiveRunner(dir);
        assertEquals(0, dive.run("apply", "--auto-approve", manifest.toString()).code());
        DiveRunner.Result destroyed = dive.run("destroy", "--auto-approve", manifest.toString());
        assertEquals(0, destroyed.code(), destroyed::toString);
        List<String> log = MemoryServer.at(dir.resolve("server.json").toString()).log();
        int group = log.indexOf("DELETE group.hub");
        assertTrue(group > log.indexOf("DELETE item.hub/alice") && group > log.indexOf("DELETE item.hub/bob")
                && log.contains("DELETE item.hub/alice") && log.contains("DELETE item.hub/bob"), log::toString);
    }
}
