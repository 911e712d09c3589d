package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.testkit.MemoryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two applies on one state never interleave: the second fails naming the holder, or waits. */
class LockTest {

    @TempDir
    Path dir;

    @Test
    void secondApplyFailsNamingTheHolderOrWaitsForIt() throws Exception {
        Path manifest = dir.resolve("topology.yaml");
        Files.writeString(manifest, FailureAndResumeTest.topology(", latency_ms: 150"));
        DiveRunner first = new DiveRunner(dir);
        DiveRunner second = new DiveRunner(dir);
        MemoryServer server = MemoryServer.at(dir.resolve("server.json").toString());

        CompletableFuture<DiveRunner.Result> running = CompletableFuture.supplyAsync(
                () -> first.run("apply", "--auto-approve", "--parallelism", "1", manifest.toString()));
        long deadline = System.currentTimeMillis() + 30_000;
        while (server.size() < 1 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        DiveRunner.Result refused = second.run("apply", "--auto-approve", manifest.toString());
        assertEquals(1, refused.code(), refused::toString);
        assertTrue(refused.err().matches("(?s).*state .*state.json is locked by \"dive apply .*topology.yaml\" \\(pid \\d+ on .*, since .*\\).*"),
                refused::toString);

        DiveRunner.Result waited = second.run("apply", "--auto-approve", "--lock-timeout", "60s", manifest.toString());
        assertEquals(0, waited.code(), waited::toString);
        assertEquals(0, running.get(60, TimeUnit.SECONDS).code());
        assertEquals(8, server.size());
        // The waiting apply found everything done by the first: it had nothing left to create.
        assertTrue(waited.out().contains("No changes."), waited::toString);
    }

    @Test
    void lockWaitTimesOut() throws Exception {
        Path manifest = dir.resolve("topology.yaml");
        Files.writeString(manifest, FailureAndResumeTest.topology(", latency_ms: 400"));
        CountDownLatch started = new CountDownLatch(1);
        MemoryServer server = MemoryServer.at(dir.resolve("server.json").toString());
        CompletableFuture<DiveRunner.Result> running = CompletableFuture.supplyAsync(() -> {
            started.countDown();
            return new DiveRunner(dir).run("apply", "--auto-approve", "--parallelism", "1", manifest.toString());
        });
        started.await();
        while (server.size() < 1) {
            Thread.sleep(10);
        }
        long t0 = System.nanoTime();
        DiveRunner.Result r = new DiveRunner(dir).run("apply", "--auto-approve", "--lock-timeout", "1s", manifest.toString());
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(1, r.code(), r::toString);
        assertTrue(waitedMs >= 900, "gave up after " + waitedMs + " ms");
        assertTrue(r.err().contains("waited 1s"), r::toString);
        running.get(60, TimeUnit.SECONDS);
    }
}
