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
        Path metrics = dir.resolve("metrics/dive.prom");
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
    void driftErrorIsExitOneAndMetricsSayFailure() throws Exception {
        Path metrics = dir.resolve("dive.prom");
        Files.writeString(manifest, "name: broken\nresources: 3\n");
        DiveRunner.Result r = dive.run("drift", "--metrics-file", metrics.toString(), manifest.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(Files.readString(metrics).contains("dive_drift_last_run_success{topology=\"topology.yaml\"} 0"));
        assertNull(server.get("group.hub"));
    }
}
