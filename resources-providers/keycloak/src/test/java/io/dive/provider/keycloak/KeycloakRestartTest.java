package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.core.apply.ApplyResult;
import io.dive.core.apply.ResourceOutcome;
import io.dive.provider.keycloak.sandbox.KeycloakSandbox;
import io.dive.testkit.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Keycloak stopped and started again in the middle of an apply of a hub and SPOKES spokes (a Keycloak
 * of its own, on 127.0.0.1:18082, so no other test sees it go): the apply either retries through it or
 * fails cleanly, each failure naming the resource, the call and the server's answer; state stays
 * readable; the next apply converges to an empty plan with exactly one of each object on the server.
 * Spokes: {@code -Ddive.restart.spokes} (default 6).
 */
class KeycloakRestartTest {

    static final int PORT = 18082;
    static final int SPOKES = Integer.getInteger("dive.restart.spokes", 6);
    static KeycloakSandbox keycloak;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        keycloak = new KeycloakSandbox(System.getProperty("dive.keycloak.version", KeycloakSandbox.DEFAULT_VERSION), PORT,
                Path.of(System.getProperty("user.home"), ".cache", "dive", "test-keycloak-restart"), System.out, System::getenv);
        if (!keycloak.isUp()) {
            keycloak.up(Duration.ofMinutes(5));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        keycloak.down();
    }

    List<String> realms() {
        return SpokesTopology.realms(SPOKES);
    }

    @Test
    void keycloakRestartedMidApplyLeavesNothingDuplicatedAndTheNextApplyConverges() throws Exception {
        AdminRest admin = new AdminRest(keycloak.url(), "master", "admin-cli", "admin", "admin");
        realms().forEach(r -> admin.delete("/admin/realms/" + r));
        Path manifest = Files.writeString(dir.resolve("topology.yaml"), SpokesTopology.manifest("restart", keycloak.url(), SPOKES));
        Map<String, String> env = Map.of("DIVE_FINGERPRINT_KEY", "restart");

        CompletableFuture<ApplyResult> applying = CompletableFuture.supplyAsync(() -> Runs.applyAllowingFailure(manifest, env));
        long deadline = System.currentTimeMillis() + 120_000;
        while (ServerCensus.of(admin, realms()).size() < 20 && !applying.isDone() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertFalse(applying.isDone(), "the apply ended before Keycloak could be restarted under it");
        keycloak.down();
        Thread.sleep(2000);
        keycloak.up(Duration.ofMinutes(5));
        ApplyResult during = applying.get(10, TimeUnit.MINUTES);
        for (ResourceOutcome o : during.outcomes()) {
            if (o.status() == ResourceOutcome.Status.FAILED) {
                // One line naming the resource and what failed: "ADDR: create failed: POST /admin/realms: cannot reach
                // Keycloak: ...", "...: Keycloak answered 503 ...", or what reading it back found.
                assertTrue(o.message().matches("\\Q" + o.address() + "\\E: (create|update|replace|delete) failed: .+")
                        && !o.message().contains("\n"), o.message());
            }
        }
        System.err.println("KeycloakRestartTest: the apply during the restart " + (during.succeeded() ? "retried through it" : "failed cleanly: "
                + during.outcomes().stream().filter(o -> o.status() == ResourceOutcome.Status.FAILED).count() + " failed, "
                + during.outcomes().stream().filter(o -> o.status() == ResourceOutcome.Status.SKIPPED).count() + " skipped"));

        Runs.plan(manifest, env, true);
        assertFalse(Runs.plan(manifest, env, false).plan().hasChanges(), "the plan after the converging apply is not empty");
        Map<String, Integer> census = ServerCensus.of(admin, realms());
        assertTrue(census.values().stream().allMatch(n -> n == 1), () -> "duplicates: " + census);
        assertEquals(SPOKES + 1, census.keySet().stream().filter(k -> !k.contains("/")).count());
        realms().forEach(r -> admin.delete("/admin/realms/" + r));
    }
}
