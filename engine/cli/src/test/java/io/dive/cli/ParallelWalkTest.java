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
        Path manifest = dir.resolve("topology.yaml");
        StringBuilder sb = new StringBuilder("name: wide\nproviders:\n  memory: {store: server.json, latency_ms: 400}\nresources:\n");
        for (int i = 0; i < 8; i++) {
            sb.append("  - {type: group, name: g").append(i).append("}\n");
        }
        Files.writeString(manifest, sb.toString());
        long t0 = System.nanoTime();
        assertEquals(0, new DiveRunner(dir).run("apply", "--auto-approve", "--parallelism", "8", manifest.toString()).code());
        long wide = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(wide < 8 * 400 / 2, "8 independent 400 ms writes took " + wide + " ms with --parallelism 8");

        Files.writeString(manifest, sb.toString().replace("name: wide", "name: narrow").replace("server.json", "server2.json"));
        Files.deleteIfExists(dir.resolve(".dive/state.json"));
        t0 = System.nanoTime();
        assertEquals(0, new DiveRunner(dir).run("apply", "--auto-approve", "--parallelism", "2", manifest.toString()).code());
        long narrow = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(narrow >= 4 * 400, "--parallelism 2 must not run more than 2 at once: 8 writes took " + narrow + " ms");
    }
}
