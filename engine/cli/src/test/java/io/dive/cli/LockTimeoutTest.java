package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.core.state.LocalStateStore;
import io.dive.spi.state.StateStore;
import io.dive.testkit.MemoryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that writes state waits for the lock as apply does: the manifest's
 * {@code state.lock_timeout}, or {@code --lock-timeout}, and gives up naming the holder.
 */
class LockTimeoutTest {

    @TempDir
    Path dir;
    Path manifest;
    DiveRunner dive;

    @BeforeEach
    void setUp() throws Exception {
        manifest = dir.resolve("topology.yaml");
        Files.writeString(manifest, ApplyLifecycleTest.topology("").replace("name: lifecycle\n",
                "name: lifecycle\nstate: {url: .dive/state.json, lock_timeout: 60s}\n"));
        dive = new DiveRunner(dir);
        assertEquals(0, dive.run("apply", "--auto-approve", manifest.toString()).code());
    }

    /** Holds the state lock, as another apply would, for {@code millis}. */
    private CompletableFuture<Void> holdLock(long millis) throws Exception {
        CompletableFuture<Void> held = new CompletableFuture<>();
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try (StateStore.StateLock lock = new LocalStateStore(dir.resolve(".dive/state.json"), "lifecycle").lock("dive apply elsewhere", Duration.ZERO)) {
                held.complete(null);
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        held.get(10, TimeUnit.SECONDS);
        return done;
    }

    @Test
    void everyWritingCommandWaitsAsLongAsTheManifestSays() throws Exception {
        MemoryServer server = MemoryServer.at(dir.resolve("server.json").toString());
        server.put("item.hub/bob", server.get("item.hub/bob").put("value", "changed by hand"));
        for (List<String> command : List.of(
                List.of("drift", "--fix", manifest.toString()),
                List.of("state", "mv", "item.hub/alice", "item.hub/alice2", manifest.toString()),
                List.of("state", "mv", "item.hub/alice2", "item.hub/alice", manifest.toString()),
                List.of("state", "rm", "group.hub", manifest.toString()),
                List.of("destroy", "--auto-approve", manifest.toString()))) {
            CompletableFuture<Void> holder = holdLock(1500);
            long t0 = System.nanoTime();
            DiveRunner.Result r = dive.run(command.toArray(String[]::new));
            long waited = (System.nanoTime() - t0) / 1_000_000;
            holder.get(10, TimeUnit.SECONDS);
            int expected = command.get(0).equals("drift") ? 2 : 0;
            assertEquals(expected, r.code(), () -> command + ": " + r);
            assertTrue(waited >= 1000, command + " did not wait for the lock: " + waited + " ms");
        }
        assertEquals(java.util.Set.of("group.hub"), server.list().keySet(), "destroy deletes what state records, not the forgotten group");
    }

    @Test
    void theOptionOverridesTheManifestAndTimingOutNamesTheHolder() throws Exception {
        for (List<String> command : List.of(
                List.of("destroy", "--auto-approve", "--lock-timeout", "1s", manifest.toString()),
                List.of("state", "rm", "--lock-timeout", "1s", "item.hub/alice", manifest.toString()))) {
            CompletableFuture<Void> holder = holdLock(4000);
            DiveRunner.Result r = dive.run(command.toArray(String[]::new));
            assertEquals(1, r.code(), () -> command + ": " + r);
            assertTrue(r.err().contains("is locked by \"dive apply elsewhere\"") && r.err().contains("waited 1s"), () -> command + ": " + r);
            holder.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBadDurationIsAUsageError() {
        DiveRunner.Result r = dive.run("apply", "--auto-approve", "--lock-timeout", "abc", manifest.toString());
        assertEquals(64, r.code(), r::toString);
        assertTrue(r.err().contains("--lock-timeout: not a duration"), r::toString);
    }
}
