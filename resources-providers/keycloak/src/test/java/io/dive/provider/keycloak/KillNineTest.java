package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.core.plan.Planned;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of an apply of a hub and SPOKES spokes against a real Keycloak, at seeded random moments:
 * each time the next apply resumes, the plan after it is empty, and the server holds exactly one of
 * each object (realms, clients by clientId, users by username, identity providers by alias: clients
 * are the ones Keycloak would let dive duplicate). Trials and spokes: {@code -Ddive.killnine.trials}
 * (CI: 2) and {@code -Ddive.killnine.spokes} (16); the seed, {@code -Ddive.killnine.seed}, is printed.
 */
class KillNineTest {

    static final int TRIALS = Integer.getInteger("dive.killnine.trials", 2);
    static final int SPOKES = Integer.getInteger("dive.killnine.spokes", 16);
    static final long SEED = Long.getLong("dive.killnine.seed", System.nanoTime());

    @TempDir
    Path dir;
    final AdminRest admin = KeycloakTestServer.admin();

    List<String> realms() {
        return SpokesTopology.realms(SPOKES);
    }

    @AfterEach
    void dropRealms() {
        realms().forEach(r -> admin.delete("/admin/realms/" + r));
    }

    Path manifest() throws Exception {
        return Files.writeString(dir.resolve("topology.yaml"), SpokesTopology.manifest("killnine", "${env:DIVE_KEYCLOAK_URL}", SPOKES));
    }

    Map<String, String> env() {
        return Map.of("DIVE_KEYCLOAK_URL", KeycloakTestServer.url(), "DIVE_FINGERPRINT_KEY", "killnine");
    }

    Planned planAndMaybeApply(Path manifest, boolean apply) {
        return io.dive.testkit.Runs.plan(manifest, env(), apply);
    }

    Map<String, Integer> census() {
        return ServerCensus.of(admin, realms());
    }

    Process child(Path manifest, String name) throws java.io.IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ApplyChild.class.getName(), manifest.toString(), KeycloakTestServer.url(), "killnine")
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }

    String log(String name) {
        try {
            return Files.readString(dir.resolve(name + ".log"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Test
    void killedAtRandomMomentsEveryApplyResumesWithoutDuplicates() throws Exception {
        Path manifest = manifest();
        System.err.println("KillNineTest: " + TRIALS + " trials, hub and " + SPOKES + " spokes, seed " + SEED
                + " (again: -Ddive.killnine.seed=" + SEED + ")");
        // A whole apply first, by a child as the trials' are (a warm Keycloak, a fresh JVM): how long it
        // takes, and what the server holds after it.
        // Twice, taking the quicker: the first apply on a fresh server is slower than the trials' will be.
        long full = Long.MAX_VALUE;
        for (int i = 1; i <= 2; i++) {
            dropRealms();
            Files.deleteIfExists(dir.resolve(".dive/state.json"));
            long t0 = System.nanoTime();
            Process whole = child(manifest, "whole-" + i);
            String name = "whole-" + i;
            assertTrue(whole.waitFor(10, TimeUnit.MINUTES) && whole.exitValue() == 0, () -> "the whole apply failed: " + log(name));
            full = Math.min(full, (System.nanoTime() - t0) / 1_000_000);
        }
        Map<String, Integer> expected = census();
        assertTrue(expected.values().stream().allMatch(n -> n == 1), expected::toString);
        Random random = new Random(SEED);
        for (int trial = 1; trial <= TRIALS; trial++) {
            dropRealms();
            Files.deleteIfExists(dir.resolve(".dive/state.json"));
            // Within the first 70% of the calibrated apply: the trials' applies run faster than the calibrating one
            // (up to a third in the documented run), and a kill after the child finished tests nothing.
            long delay = (long) (full * (0.1 + 0.6 * random.nextDouble()));
            Process child = child(manifest, "trial-" + trial);
            boolean finished = child.waitFor(delay, TimeUnit.MILLISECONDS);
            child.destroyForcibly(); // SIGKILL
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            // As a re-run job would, the resume starts a moment after the crash: a request the dead run had sent
            // may still be finishing inside Keycloak (a realm takes seconds to create).
            Thread.sleep(3000);
            int before = census().size();
            System.err.println("KillNineTest: trial " + trial + ": killed after " + delay + " ms of a " + full + " ms apply"
                    + (finished ? " (it had finished)" : "") + ", " + before + " of " + expected.size() + " objects made");
            planAndMaybeApply(manifest, true);
            assertTrue(!planAndMaybeApply(manifest, false).plan().hasChanges(), "trial " + trial + ": the plan after the resume is not empty");
            assertEquals(expected, census(), "trial " + trial + ": the server holds other objects than a whole apply makes");
        }
    }
}
