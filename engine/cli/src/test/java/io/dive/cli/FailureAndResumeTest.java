package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.testkit.MemoryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures stay contained, and whatever stops an apply (an error, a kill -9), the next one finishes. */
class FailureAndResumeTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    DiveRunner dive;
    Path manifest;
    MemoryServer server;

    @BeforeEach
    void setUp() {
        dive = new DiveRunner(dir);
        manifest = dir.resolve("topology.yaml");
        server = MemoryServer.at(dir.resolve("server.json").toString());
    }

    /** Two independent branches (fra, deu), three items each. */
    static String topology(String memoryOptions) {
        StringBuilder sb = new StringBuilder("name: resume\nproviders:\n  memory: {store: server.json" + memoryOptions + "}\nresources:\n");
        for (String g : List.of("fra", "deu")) {
            sb.append("  - {type: group, name: ").append(g).append(", attributes: {title: ").append(g).append("}}\n");
            for (int i = 1; i <= 3; i++) {
                sb.append("  - {type: item, name: ").append(g).append("/u").append(i).append(", attributes: {value: \"").append(i).append("\"}}\n");
            }
        }
        return sb.toString();
    }

    /** A create that the server made but whose answer was lost is looked up by name, not sent again. */
    @Test
    void aCreateWhoseAnswerWasLostIsFoundNotMadeTwice() throws Exception {
        Files.writeString(manifest, topology(", lose_answer: [item.fra/u2]"));
        DiveRunner.Result r = dive.run("apply", "--auto-approve", manifest.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().contains("item.fra/u2: the server has it already (POST /objects/item.fra/u2: Connection reset"), r::toString);
        assertTrue(r.err().contains("this create's answer was lost; carrying on"), r::toString);
        assertEquals(8, server.size());
        assertEquals(1, server.log().stream().filter(l -> l.equals("PUT item.fra/u2")).count(), server.log()::toString);
        DiveRunner.Result again = dive.run("plan", "--detailed-exitcode", manifest.toString());
        assertEquals(0, again.code(), again::toString);
    }

    /**
     * A run killed after sending a create: the server may finish it after the next run has planned, and
     * that run's create is answered "already exists". State holds the killed run's intent: it is ours.
     */
    @Test
    void aConflictWithOurOwnEarlierIntentIsOursNotAFailure() throws Exception {
        Files.writeString(manifest, topology(", fail: [item.fra/u2]"));
        assertEquals(1, dive.run("apply", "--auto-approve", manifest.toString()).code());
        assertTrue(Files.readString(dir.resolve(".dive/state.json")).contains("\"creating\""), "the failed create left its intent");

        Files.writeString(manifest, topology(", conflict: [item.fra/u2]"));
        DiveRunner.Result r = dive.run("apply", "--auto-approve", manifest.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().contains("an earlier run's create, finished after that run stopped; carrying on"), r::toString);
        assertEquals(0, dive.run("plan", "--detailed-exitcode", manifest.toString()).code());

        // Without our intent, "already exists" is someone else's object: the failure stands.
        Files.writeString(manifest, topology(", conflict: [item.deu/u3]"));
        server.remove("item.deu/u3");
        DiveRunner.Result foreign = dive.run("apply", "--auto-approve", manifest.toString());
        assertEquals(1, foreign.code(), foreign::toString);
        assertTrue(foreign.out().contains("409 Conflict") || foreign.err().contains("409 Conflict"), foreign::toString);
    }

    @Test
    void injectedFailureSkipsDependentsWhileIndependentBranchesFinishThenRerunCompletes() throws Exception {
        Files.writeString(manifest, topology(", fail: [group.fra]"));
        DiveRunner.Result r = dive.run("apply", "--auto-approve", "--json", manifest.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("group.fra: create failed: POST /objects/group.fra: server answered 500"), r::toString);
        JsonNode result = JSON.readTree(r.out());
        assertFalse(result.path("success").asBoolean());
        for (int i = 1; i <= 3; i++) {
            assertNotNull(server.get("item.deu/u" + i), "independent branch did not finish");
            assertNull(server.get("item.fra/u" + i), "dependent of a failure was applied");
        }
        long skipped = 0;
        for (JsonNode o : result.path("outcomes")) {
            if (o.path("status").asText().equals("skipped")) {
                skipped++;
                assertTrue(o.path("error").asText().contains("depends on group.fra"), o::toString);
            }
        }
        assertEquals(3, skipped);

        Files.writeString(manifest, topology(""));
        JsonNode plan = JSON.readTree(dive.run("plan", "--json", manifest.toString()).out());
        assertEquals(4, plan.path("summary").path("create").asInt(), "rerun must do only what is missing: " + plan);
        assertEquals(0, dive.run("apply", "--auto-approve", manifest.toString()).code());
        assertEquals(0, JSON.readTree(dive.run("plan", "--json", manifest.toString()).out()).path("changes").size());
    }

    @Test
    void providerWhoseResultDoesNotMatchThePlanIsReported() throws Exception {
        Files.writeString(manifest, topology(", inconsistent: [item.deu/u2]"));
        DiveRunner.Result r = dive.run("apply", "--auto-approve", manifest.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("item.deu/u2: create failed: inconsistent result after create: the server changed value to \"2-altered\" when it"
                + " was sent \"2\"; declare it as the server writes it, or every apply will send it again"), r::toString);
        assertFalse(r.err().contains("provider has a bug") || r.err().contains("restarted mid-write"), "a rewrite is not a guess: " + r);
        // What it did create is recorded, so the next plan tries to fix it rather than create it again.
        Files.writeString(manifest, topology(""));
        JsonNode plan = JSON.readTree(dive.run("plan", "--json", manifest.toString()).out());
        assertEquals(1, plan.path("summary").path("update").asInt(), plan::toString);
    }

    @Test
    void aRefusedRequestIsNotCalledSomethingARerunFinishes() throws Exception {
        Files.writeString(manifest, topology(", refuse: [item.fra/u1]"));
        DiveRunner.Result refused = dive.run("apply", "--auto-approve", manifest.toString());
        assertEquals(1, refused.code(), refused::toString);
        assertTrue(refused.err().contains("item.fra/u1: create failed: POST /objects/item.fra/u1: server answered 400 Bad Request"), refused::toString);
        assertFalse(refused.out().contains("Run dive apply again"), refused::toString);
        assertTrue(refused.out().contains("The server refused what was sent"), refused::toString);

        Files.writeString(manifest, topology(", fail: [item.fra/u1]"));
        DiveRunner.Result failed = dive.run("apply", "--auto-approve", manifest.toString());
        assertEquals(1, failed.code(), failed::toString);
        assertTrue(failed.out().contains("Run dive apply again to finish what is left."), failed::toString);
    }

    @Test
    void killMinus9MidApplyThenRerunConvergesAndStateIsValid() throws Exception {
        // Every write takes 300 ms and one resource at a time is applied: the kill lands mid-walk.
        Files.writeString(manifest, topology(", latency_ms: 300"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.dive.cli.Main",
                "apply", "--auto-approve", "--parallelism", "1", manifest.toString()));
        ProcessBuilder child = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile());
        child.environment().putAll(dive.env); // the same runner: the same fingerprint key as the rerun's
        Process p = child.start();
        p.getOutputStream().close();
        long deadline = System.currentTimeMillis() + 60_000;
        while (server.size() < 3 && System.currentTimeMillis() < deadline && p.isAlive()) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the apply ended before it could be killed: " + Files.readString(dir.resolve("child.log")));
        p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        int made = server.size();
        assertTrue(made >= 3 && made < 8, "killed too late or too early: " + made + " objects");

        // The state file is whole (atomic writes) and the lock died with the process.
        JsonNode state = JSON.readTree(dir.resolve(".dive/state.json").toFile());
        assertEquals(1, state.path("format").asInt());

        Files.writeString(manifest, topology(""));
        DiveRunner.Result rerun = dive.run("apply", "--auto-approve", manifest.toString());
        assertEquals(0, rerun.code(), rerun::toString);
        assertEquals(8, server.size());
        assertEquals(0, JSON.readTree(dive.run("plan", "--json", manifest.toString()).out()).path("changes").size());
        // Whatever the killed run had started is owned by dive: all eight are "created", none adopted.
        String list = dive.run("state", "list", manifest.toString()).out();
        assertEquals(8, list.lines().count(), list);
        for (String address : list.lines().toList()) {
            JsonNode entry = JSON.readTree(dive.run("state", "show", address, manifest.toString()).out());
            assertEquals("created", entry.path("status").asText(), entry::toString);
        }
    }
}
