package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every line dive prints passes the secret scrubber, the error report included: a secret value that
 * ends up inside a message (here a state path built from a secret) is masked on its way out.
 */
class ScrubbedOutputTest {

    static final String TOKEN = "scrub-me-7f3a9c2e5b1d";

    @TempDir
    Path dir;

    @Test
    void theErrorReportIsScrubbed() throws Exception {
        Path m = Files.writeString(dir.resolve("topology.yaml"), """
                name: scrubbed
                state: "/elsewhere/${secret:env:DIVE_TEST_STATE_DIR}/state.json"
                providers:
                  memory: {store: server.json}
                resources:
                  - {type: group, name: g, attributes: {members: [a]}}
                """);
        DiveRunner dive = new DiveRunner(dir);
        dive.env.put("DIVE_TEST_STATE_DIR", TOKEN);
        DiveRunner.Result r = dive.run("plan", m.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("/elsewhere/(sensitive)/state.json is outside the manifest's folder"), r::toString);
        assertFalse(r.out().contains(TOKEN) || r.err().contains(TOKEN), r::toString);
    }
}
