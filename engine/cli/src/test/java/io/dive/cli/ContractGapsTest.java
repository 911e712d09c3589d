package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small promises: usage errors are 64, nothing is made by a command that fails, no message is cryptic. */
class ContractGapsTest {

    @TempDir
    Path dir;

    Path manifest() throws Exception {
        return Files.writeString(dir.resolve("topology.yaml"), ApplyLifecycleTest.topology(""));
    }

    @Test
    void badOptionValuesAreUsageErrors() throws Exception {
        Path m = manifest();
        DiveRunner dive = new DiveRunner(dir);
        assertEquals(64, dive.run("apply", "--auto-approve", "--parallelism", "65", m.toString()).code());
        assertEquals(64, dive.run("apply", "--auto-approve", "--parallelism", "0", m.toString()).code());
        assertEquals(64, dive.run("drift", "--fix", "--parallelism", "65", m.toString()).code(), "drift --fix takes --parallelism too");
        DiveRunner.Result both = dive.run("plan", "--json", "--markdown", m.toString());
        assertEquals(64, both.code(), both::toString);
        assertTrue(both.err().contains("--json and --markdown exclude each other"), both::toString);
        Path metrics = dir.resolve("no-such-folder/drift.prom");
        DiveRunner.Result drift = dive.run("drift", "--metrics-file", metrics.toString(), m.toString());
        assertEquals(64, drift.code(), drift::toString);
        assertFalse(Files.exists(metrics.getParent()), "the metrics folder was made");
        assertFalse(Files.exists(dir.resolve("server.json")), "a usage error contacted a server");
    }

    @Test
    void stateCommandsOnAMissingStateMakeNoFiles() throws Exception {
        Path m = manifest();
        DiveRunner dive = new DiveRunner(dir);
        assertEquals(0, dive.run("state", "list", m.toString()).code());
        DiveRunner.Result rm = dive.run("state", "rm", "group.hub", m.toString());
        assertEquals(1, rm.code(), rm::toString);
        assertTrue(rm.err().contains("holds nothing yet"), rm::toString);
        assertFalse(Files.exists(dir.resolve(".dive")), "a state command on a missing state made files");
    }

    @Test
    void aStateWithAnUnknownStatusNamesTheFileTheResourceAndTheValue() throws Exception {
        Path m = manifest();
        DiveRunner dive = new DiveRunner(dir);
        assertEquals(0, dive.run("apply", "--auto-approve", m.toString()).code());
        Path state = dir.resolve(".dive/state.json");
        Files.writeString(state, Files.readString(state).replaceFirst("\"status\" : \"created\"", "\"status\" : \"exploded\""));
        DiveRunner.Result r = dive.run("plan", m.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains(state + ": resources.group.hub.status: unknown status (known: creating, created, adopted)"), r::toString);
        assertFalse(r.err().contains("enum"), r::toString);
    }

    @Test
    void verifyAgainstAServerThatIsDownSaysSoInWords() throws Exception {
        Path m = Path.of("../../manifests/quickstart/topology.yaml").toAbsolutePath().normalize();
        DiveRunner dive = new DiveRunner(dir);
        dive.env.put("DIVE_KEYCLOAK_URL", "http://127.0.0.1:9");
        dive.env.put("DIVE_SECRETS_FILE", dir.resolve("secrets.json").toString());
        dive.env.put("DIVE_STATE", dir.resolve("state.json").toString()); // not the checkout's own quickstart state, if it has one
        DiveRunner.Result r = dive.run("verify", "--patience", "0s", m.toString());
        assertEquals(1, r.code(), r::toString);
        assertFalse(r.err().contains(": null") || r.out().contains(": null"), r::toString);
        assertTrue(r.err().contains("connection refused") || r.err().contains("cannot reach Keycloak"), r::toString);
    }

    @Test
    void verifyWithNothingToVerifySaysSoPlainly() throws Exception {
        Path m = dir.resolve("topology.yaml");
        Files.writeString(m, ApplyLifecycleTest.topology(""));
        DiveRunner.Result r = new DiveRunner(dir).run("verify", m.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("Nothing to verify: topology lifecycle declares no federation link"), r::toString);
        assertFalse(r.out().contains("All 0 checks"), r::toString);
    }

    @Test
    void driftFixRepairsOneResourceAtATimeWithParallelismOne() throws Exception {
        Path m = manifest();
        DiveRunner dive = new DiveRunner(dir);
        assertEquals(0, dive.run("apply", "--auto-approve", m.toString()).code());
        io.dive.testkit.MemoryServer server = io.dive.testkit.MemoryServer.at(dir.resolve("server.json").toString());
        server.list().keySet().stream().filter(a -> a.startsWith("item.")).toList().forEach(server::remove);
        DiveRunner.Result fixed = dive.run("drift", "--fix", "--parallelism", "1", m.toString());
        assertEquals(2, fixed.code(), fixed::toString);
        assertEquals(0, dive.run("plan", "--detailed-exitcode", m.toString()).code(), "--fix repaired it");
    }
}
