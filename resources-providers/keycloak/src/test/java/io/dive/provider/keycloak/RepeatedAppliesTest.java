package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many applies in a row against a warm Keycloak (#10): each a fresh dive process, as cron or CI runs it,
 * each with one real change (a realm's display name), none failing, and neither the process's peak memory
 * (maximum resident set, from GNU time) nor its time growing from the first runs to the last beyond noise.
 * CI runs 12 applies of a hub and 4 spokes; the documented run is
 * {@code -Ddive.applies.runs=50 -Ddive.applies.spokes=16} (docs/RELIABILITY.md).
 */
class RepeatedAppliesTest {

    static final int RUNS = Integer.getInteger("dive.applies.runs", 12);
    static final int SPOKES = Integer.getInteger("dive.applies.spokes", 4);

    @TempDir
    Path dir;
    final AdminRest admin = KeycloakTestServer.admin();
    final String extra = KeycloakTestServer.uniqueRealm("repeat");

    @AfterEach
    void dropRealms() {
        SpokesTopology.realms("chn", SpokesTopology.OTHER_CODES, SPOKES).forEach(r -> admin.delete("/admin/realms/" + r));
        admin.delete("/admin/realms/" + extra);
    }

    /** The topology, with run {@code n}'s one change. */
    Path manifest(int n) throws Exception {
        return Files.writeString(dir.resolve("topology.yaml"), SpokesTopology.manifest("repeat", "${env:DIVE_KEYCLOAK_URL}", "chn", SpokesTopology.OTHER_CODES, SPOKES)
                + "resources:\n  - type: realm\n    name: " + extra + "\n    attributes: {enabled: true, displayName: \"run " + n + "\"}\n");
    }

    /** One apply in a process of its own: {peak resident KiB, seconds}. */
    double[] applyInAChild(Path manifest, int n) throws Exception {
        Path log = dir.resolve("run-" + n + ".log");
        Process p = new ProcessBuilder("/usr/bin/time", "-f", "PEAK %M %e", Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ApplyChild.class.getName(), manifest.toString(), KeycloakTestServer.url(), "repeat")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int code = p.waitFor();
        String out = Files.readString(log);
        assertEquals(0, code, () -> "apply " + n + " failed:\n" + out);
        String peak = out.lines().filter(l -> l.startsWith("PEAK ")).reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no figures: " + out));
        String[] f = peak.split(" ");
        return new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])};
    }

    static double mean(List<double[]> runs, int from, int to, int field) {
        return runs.subList(from, to).stream().mapToDouble(r -> r[field]).average().orElseThrow();
    }

    @Test
    void manyAppliesInARowNeitherFailNorGrow() throws Exception {
        applyInAChild(manifest(0), 0); // the topology made: the runs after it are the warm case
        List<double[]> runs = new ArrayList<>();
        for (int n = 1; n <= RUNS; n++) {
            runs.add(applyInAChild(manifest(n), n));
        }
        assertEquals("run " + RUNS, admin.get("/admin/realms/" + extra).path("displayName").asText(), "the last run's change is not there");
        assertEquals(Map.of(), io.dive.testkit.Runs.changes(io.dive.testkit.Runs.plan(manifest(RUNS),
                Map.of("DIVE_KEYCLOAK_URL", KeycloakTestServer.url(), "DIVE_FINGERPRINT_KEY", "repeat"), false)));

        int third = Math.max(1, RUNS / 3);
        double firstMem = mean(runs, 0, third, 0) / 1024;
        double lastMem = mean(runs, RUNS - third, RUNS, 0) / 1024;
        double firstTime = mean(runs, 0, third, 1);
        double lastTime = mean(runs, RUNS - third, RUNS, 1);
        StringBuilder each = new StringBuilder();
        runs.forEach(r -> each.append(String.format(" %.0f/%.2f", r[0] / 1024, r[1])));
        System.err.printf("FIGURE %d applies in a row (hub and %d spokes, one change each): peak RSS first third %.0f MiB, last third %.0f MiB;"
                + " time first third %.2f s, last third %.2f s; each (MiB/s):%s%n", RUNS, SPOKES, firstMem, lastMem, firstTime, lastTime, each);
        // Noise on a shared two-core machine: a fifth more, plus a little, is not growth.
        assertTrue(lastMem <= firstMem * 1.2 + 16, "dive's memory grew from run to run: " + firstMem + " -> " + lastMem + " MiB");
        assertTrue(lastTime <= firstTime * 1.5 + 1, "dive's time per run grew: " + firstTime + " -> " + lastTime + " s");
    }
}
