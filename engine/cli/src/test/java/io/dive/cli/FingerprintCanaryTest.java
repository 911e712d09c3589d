package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state records a keyed canary of the fingerprint key that wrote it: a runner with another key (a second
 * checkout, a cron host) is stopped with one line naming the key, instead of reporting every secret as drift
 * (and resetting them all with drift --fix).
 */
class FingerprintCanaryTest {

    @TempDir
    Path dir;
    Path manifest;

    @BeforeEach
    void setUp() throws Exception {
        manifest = dir.resolve("topology.yaml");
        Files.writeString(manifest, ApplyLifecycleTest.topology("""
                  - type: item
                    name: hub/carol
                    attributes: {value: "3", password: "${secret:env:DIVE_CAROL}"}
                """));
    }

    DiveRunner runner(String key) {
        DiveRunner d = new DiveRunner(dir);
        d.env.put("DIVE_FINGERPRINT_KEY", key);
        d.env.put("DIVE_CAROL", "carol-Passw0rd");
        return d;
    }

    @Test
    void anotherKeyIsToldNotTakenForDrift() throws Exception {
        assertEquals(0, runner("the-key-of-the-team").run("apply", "--auto-approve", manifest.toString()).code());
        assertTrue(Files.readString(dir.resolve(".dive/state.json")).contains("\"fingerprint_canary\""));
        assertEquals(0, runner("the-key-of-the-team").run("drift", manifest.toString()).code());

        for (String[] args : new String[][] {{"drift", manifest.toString()}, {"plan", manifest.toString()},
                {"apply", "--auto-approve", manifest.toString()}}) {
            DiveRunner.Result other = runner("a-key-made-on-another-host").run(args);
            assertEquals(1, other.code(), () -> args[0] + ": " + other);
            assertTrue(other.err().contains("was written by runs with another fingerprint key than this one (DIVE_FINGERPRINT_KEY"), other::toString);
            assertTrue(!other.out().contains("update"), "another key's run planned changes: " + other);
        }
    }

    @Test
    void aStateWithoutACanaryGetsOneAtItsNextApply() throws Exception {
        assertEquals(0, runner("k1").run("apply", "--auto-approve", manifest.toString()).code());
        Path state = dir.resolve(".dive/state.json");
        ObjectNode old = (ObjectNode) new ObjectMapper().readTree(Files.readString(state));
        old.remove("fingerprint_canary"); // as a state written before canaries
        Files.writeString(state, old.toString());
        Files.writeString(manifest, Files.readString(manifest).replace("value: \"3\"", "value: \"4\""));
        assertEquals(0, runner("k1").run("apply", "--auto-approve", manifest.toString()).code());
        assertTrue(Files.readString(state).contains("\"fingerprint_canary\""), "the next write recorded no canary");
        assertEquals(1, runner("k2").run("plan", manifest.toString()).code());
    }
}
