package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.testkit.MemoryServer;
import io.dive.testkit.PostgresTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM mid-apply: one line says where it stopped, PostgreSQL's history says "interrupted", and the next apply resumes. */
class InterruptionTest {

    @TempDir
    Path dir;

    @Test
    void sigtermMidApplyLeavesARecordAndTheNextApplyResumes() throws Exception {
        String db = PostgresTestServer.freshDatabase();
        Path manifest = dir.resolve("topology.yaml");
        Files.writeString(manifest, FailureAndResumeTest.topology(", latency_ms: 300").replace("name: resume", "name: resume\nstate: \"" + db + "\""));
        MemoryServer server = MemoryServer.at(dir.resolve("server.json").toString());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.dive.cli.Main", "apply", "--auto-approve", "--parallelism", "1", manifest.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile());
        pb.environment().put("DIVE_FINGERPRINT_KEY", "interrupt-test");
        Process p = pb.start();
        p.getOutputStream().close();
        long deadline = System.currentTimeMillis() + 60_000;
        while (server.size() < 3 && System.currentTimeMillis() < deadline && p.isAlive()) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the apply ended before it could be stopped: " + Files.readString(dir.resolve("child.log")));
        p.destroy(); // SIGTERM, as systemd or Ctrl+C would stop it
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String log = Files.readString(dir.resolve("child.log"));
        List<String> lines = log.lines().filter(l -> l.contains("interrupted after")).toList();
        assertEquals(1, lines.size(), log);
        assertTrue(lines.get(0).matches("dive: dive apply .*topology.yaml interrupted after \\d+ of 8 changes.*; what finished is in state, "
                + "and the next dive apply resumes from there"), lines.get(0));

        try (var c = PostgresTestServer.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT result, success FROM dive_runs WHERE topology = 'resume' ORDER BY id")) {
            assertTrue(rs.next(), "no run was recorded");
            assertEquals("interrupted", rs.getString(1));
            assertTrue(!rs.getBoolean(2));
        }
        DiveRunner dive = new DiveRunner(dir);
        dive.env.put("DIVE_FINGERPRINT_KEY", "interrupt-test");
        // dive status counts the changes the interrupted apply said it made, not those it planned.
        java.util.regex.Matcher said = java.util.regex.Pattern.compile("interrupted after (\\d+) of").matcher(lines.get(0));
        assertTrue(said.find());
        DiveRunner.Result status = dive.run("status", "--json", manifest.toString());
        com.fasterxml.jackson.databind.JsonNode lastApply = new com.fasterxml.jackson.databind.ObjectMapper().readTree(status.out()).path("last_runs").get(0);
        assertEquals("apply", lastApply.path("kind").asText(), status::toString);
        assertEquals(Integer.parseInt(said.group(1)), lastApply.path("changed").asInt(), status::toString);
        Files.writeString(manifest, Files.readString(manifest).replace(", latency_ms: 300", ""));
        DiveRunner.Result rerun = dive.run("apply", "--auto-approve", manifest.toString());
        assertEquals(0, rerun.code(), rerun::toString);
        assertEquals(8, server.size());
        DiveRunner.Result history = dive.run("state", "history", manifest.toString());
        assertTrue(history.out().contains("interrupted") && history.out().contains("succeeded"), history::toString);
    }
}
