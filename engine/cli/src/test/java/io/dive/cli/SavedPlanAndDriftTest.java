package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.testkit.MemoryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saved plans apply only while nothing moved; drift speaks in exit codes, JSON and metrics. */
class SavedPlanAndDriftTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    DiveRunner dive;
    Path manifest;
    Path planFile;
    MemoryServer server;

    @BeforeEach
    void setUp() throws Exception {
        dive = new DiveRunner(dir);
        manifest = dir.resolve("topology.yaml");
        planFile = dir.resolve("change.plan");
        server = MemoryServer.at(dir.resolve("server.json").toString());
        Files.writeString(manifest, ApplyLifecycleTest.topology(""));
    }

    @Test
    void savedPlanAppliesWhenNothingMoved() {
        assertEquals(0, dive.run("plan", "--out", planFile.toString(), manifest.toString()).code());
        DiveRunner.Result r = dive.run("apply", "--auto-approve", planFile.toString());
        assertEquals(0, r.code(), r::toString);
        assertEquals(3, server.size());
    }

    @Test
    void showPrintsASavedPlanAsThePlanThatSavedIt() throws Exception {
        assertEquals(0, dive.run("apply", "--auto-approve", manifest.toString()).code());
        Files.writeString(manifest, ApplyLifecycleTest.topology("").replace("value: \"1\"", "value: \"100\""));
        for (String[] form : new String[][] {{}, {"--json"}, {"--markdown"}}) {
            java.util.List<String> planArgs = new java.util.ArrayList<>(java.util.List.of("plan", "--out", planFile.toString()));
            planArgs.addAll(java.util.List.of(form));
            planArgs.add(manifest.toString());
            DiveRunner.Result planned = dive.run(planArgs.toArray(String[]::new));
            java.util.List<String> showArgs = new java.util.ArrayList<>(java.util.List.of("show"));
            showArgs.addAll(java.util.List.of(form));
            showArgs.add(planFile.toString());
            DiveRunner.Result shown = dive.run(showArgs.toArray(String[]::new));
            assertEquals(0, shown.code(), shown::toString);
            String expected = form.length == 0 ? planned.out().substring(0, planned.out().indexOf("\nSaved the plan to")) : planned.out();
            assertEquals(expected, shown.out(), String.join(" ", form));
        }
        DiveRunner.Result notAPlan = dive.run("show", manifest.toString());
        assertEquals(1, notAPlan.code(), notAPlan::toString);
        assertTrue(notAPlan.err().contains("not a plan saved by dive plan --out"), notAPlan::toString);
    }

    @Test
    void aSavedPlanKeepsItsReplacements() {
        assertEquals(0, dive.run("apply", "--auto-approve", manifest.toString()).code());
        DiveRunner.Result planned = dive.run("plan", "--replace", "item.hub/bob", "--out", planFile.toString(), manifest.toString());
        assertEquals(0, planned.code(), planned::toString);
        long writes = server.writes();
        DiveRunner.Result r = dive.run("apply", "--auto-approve", "--json", planFile.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("\"replace\" : 1"), r::toString);
        assertEquals(writes + 2, server.writes(), "the replacement is one delete and one create");
    }

    @Test
    void aSavedPlanNamesItsManifestRelativeToTheWorkingDirectory() throws Exception {
        // Saved by a CI job in one checkout, applied by the next job in another.
        Path first = Files.createDirectories(dir.resolve("job1/deploy"));
        Files.writeString(first.resolve("topology.yaml"), ApplyLifecycleTest.topology("").replace("store: server.json",
                "store: " + dir.resolve("server.json")));
        Path second = dir.resolve("job2");
        assertEquals(0, child(dir.resolve("job1"), "plan", "--out", "change.plan", "deploy/topology.yaml"));
        JsonNode saved = JSON.readTree(dir.resolve("job1/change.plan").toFile());
        assertEquals("deploy/topology.yaml", saved.path("manifest").asText());
        Files.move(dir.resolve("job1"), second);
        assertEquals(0, child(second, "apply", "--auto-approve", "change.plan"), () -> "see " + second.resolve("child.log"));
        assertEquals(3, server.size());
    }

    /** dive in a child JVM working in {@code cwd}: the exit code. */
    private int child(Path cwd, String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.dive.cli.Main"));
        cmd.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).redirectOutput(cwd.resolve("child.log").toFile());
        pb.environment().putAll(dive.env);
        Process p = pb.start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        return p.exitValue();
    }

    @Test
    void savedPlanIsRefusedWhenStateChanged() {
        assertEquals(0, dive.run("plan", "--out", planFile.toString(), manifest.toString()).code());
        assertEquals(0, dive.run("apply", "--auto-approve", "--target", "group.hub", manifest.toString()).code());
        DiveRunner.Result r = dive.run("apply", "--auto-approve", planFile.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("saved plan refused: state changed since the plan was made"), r::toString);
        assertEquals(1, server.size(), "a refused plan must change nothing");
    }

    @Test
    void savedPlanIsRefusedWhenAnObservedObjectChanged() throws Exception {
        assertEquals(0, dive.run("apply", "--auto-approve", manifest.toString()).code());
        Files.writeString(manifest, ApplyLifecycleTest.topology("").replace("value: \"1\"", "value: \"100\""));
        assertEquals(0, dive.run("plan", "--out", planFile.toString(), manifest.toString()).code());
        server.put("item.hub/bob", server.get("item.hub/bob").put("value", "changed by hand"));
        DiveRunner.Result r = dive.run("apply", "--auto-approve", planFile.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("item.hub/bob changed on its server since the plan was made"), r::toString);
        assertEquals("1", server.get("item.hub/alice").path("value").asText());
    }

    @Test
    void driftExitCodesJsonMetricsAndFix() throws Exception {
        assertEquals(0, dive.run("apply", "--auto-approve", manifest.toString()).code());
        Path metrics = Files.createDirectories(dir.resolve("metrics")).resolve("dive.prom"); // node_exporter's folder exists
        DiveRunner.Result clean = dive.run("drift", "--metrics-file", metrics.toString(), manifest.toString());
        assertEquals(0, clean.code(), clean::toString);
        assertTrue(Files.readString(metrics).contains("dive_drift_resources{topology=\"lifecycle\",type=\"item\"} 0"));

        server.put("item.hub/alice", server.get("item.hub/alice").put("value", "edited"));
        server.remove("item.hub/bob");
        DiveRunner.Result drift = dive.run("drift", "--json", "--metrics-file", metrics.toString(), manifest.toString());
        assertEquals(2, drift.code(), drift::toString);
        JsonNode report = JSON.readTree(drift.out());
        assertTrue(report.path("drift").asBoolean());
        assertEquals(2, report.path("changes").size());
        JsonNode alice = report.path("changes").get(0);
        assertEquals("item.hub/alice", alice.path("address").asText());
        assertEquals("value", alice.path("attributes").get(0).path("path").asText());
        assertEquals("edited", alice.path("attributes").get(0).path("before").asText());
        String prom = Files.readString(metrics);
        assertTrue(prom.contains("# TYPE dive_drift_resources gauge"), prom);
        assertTrue(prom.contains("dive_drift_resources{topology=\"lifecycle\",type=\"item\"} 2"), prom);
        assertTrue(prom.matches("(?s).*dive_drift_last_run_timestamp_seconds\\{topology=\"lifecycle\"} \\d{10}\n.*"), prom);

        DiveRunner.Result fixed = dive.run("drift", "--fix", manifest.toString());
        assertEquals(2, fixed.code(), fixed::toString);
        assertEquals("1", server.get("item.hub/alice").path("value").asText());
        assertEquals(0, dive.run("drift", manifest.toString()).code());
    }

    @Test
    void applyMetricsSayWhatTheLastApplyDidAndAFailureKeepsTheLastSuccess() throws Exception {
        Path metrics = Files.createDirectories(dir.resolve("textfiles")).resolve("apply.prom");
        assertEquals(0, dive.run("apply", "--auto-approve", "--metrics-file", metrics.toString(), manifest.toString()).code());
        String good = Files.readString(metrics);
        assertTrue(good.contains("dive_apply_resources{topology=\"lifecycle\",outcome=\"applied\"} 3"), good);
        assertTrue(good.contains("dive_apply_last_run_success{topology=\"lifecycle\"} 1"), good);
        String success = good.lines().filter(l -> l.startsWith("dive_apply_last_success_timestamp_seconds{")).findFirst().orElseThrow();

        // A write the server refuses: the apply fails, says so, and the last success stays.
        Files.writeString(manifest, ApplyLifecycleTest.topology("").replace("memory: {store: server.json}",
                "memory: {store: server.json, fail: [item.hub/bob]}").replace("value: \"2\"", "value: \"3\""));
        Thread.sleep(1100); // a later second, so that a moved success time would show
        assertEquals(1, dive.run("apply", "--auto-approve", "--metrics-file", metrics.toString(), manifest.toString()).code());
        String bad = Files.readString(metrics);
        assertTrue(bad.contains("dive_apply_last_run_success{topology=\"lifecycle\"} 0"), bad);
        assertTrue(bad.contains("dive_apply_resources{topology=\"lifecycle\",outcome=\"failed\"} 1"), bad);
        assertTrue(bad.contains(success), "the last success time moved: " + bad);

        DiveRunner.Result noFolder = dive.run("apply", "--auto-approve", "--metrics-file", dir.resolve("nowhere/apply.prom").toString(), manifest.toString());
        assertEquals(64, noFolder.code(), noFolder::toString);
    }

    @Test
    void aFailedDriftRunKeepsTheLastCountsAndSuccessTimeSoAnAlertStays() throws Exception {
        assertEquals(0, dive.run("apply", "--auto-approve", manifest.toString()).code());
        server.put("item.hub/alice", server.get("item.hub/alice").put("value", "edited"));
        Path metrics = Files.createDirectories(dir.resolve("textfiles")).resolve("dive.prom");
        assertEquals(2, dive.run("drift", "--metrics-file", metrics.toString(), manifest.toString()).code());
        String good = Files.readString(metrics);
        String success = good.lines().filter(l -> l.startsWith("dive_drift_last_success_timestamp_seconds{")).findFirst().orElseThrow();
        assertTrue(good.contains("dive_drift_resources{topology=\"lifecycle\",type=\"item\"} 1"), good);

        // The next run cannot observe (here: its state is unreadable; in life, a server is down).
        Files.writeString(dir.resolve(".dive/state.json"), "{not json");
        DiveRunner.Result failed = dive.run("drift", "--metrics-file", metrics.toString(), manifest.toString());
        assertEquals(1, failed.code(), failed::toString);
        String bad = Files.readString(metrics);
        assertTrue(bad.contains("dive_drift_resources{topology=\"lifecycle\",type=\"item\"} 1"), "the drift count was cleared: " + bad);
        assertTrue(bad.contains(success), "the last success time moved: " + bad);
        assertTrue(bad.contains("dive_drift_last_run_success{topology=\"lifecycle\"} 0"), bad);
        assertTrue(bad.contains("dive_drift_duration_seconds{topology=\"lifecycle\"}"), bad);
    }

    @Test
    void driftErrorIsExitOneAndMetricsSayFailure() throws Exception {
        Path metrics = dir.resolve("dive.prom");
        Files.writeString(manifest, "name: broken\nresources: 3\n");
        DiveRunner.Result r = dive.run("drift", "--metrics-file", metrics.toString(), manifest.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(Files.readString(metrics).contains("dive_drift_last_run_success{topology=\"topology.yaml\"} 0"));
        assertNull(server.get("group.hub"));
    }
}
