package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.testkit.MemoryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret is found by where it is, not by how its path looks: under a key with dots (a Docker label
 * {@code com.example.token}), and as a literal where the kind keeps a secret. Neither value reaches
 * state, the plan (text, JSON, markdown, saved) or any output, and both converge.
 */
class SecretPathsTest {

    static final String DOTTED = "dotted-key-S3CRET-value";
    static final String LITERAL = "plain-literal-S3CRET-value";

    @TempDir
    Path dir;

    @Test
    void dottedKeysAndLiteralSecretsAreMaskedEverywhereAndConverge() throws Exception {
        Path manifest = dir.resolve("topology.yaml");
        Files.writeString(manifest, """
                name: secret-paths
                providers:
                  memory: {store: server.json}
                resources:
                  - type: group
                    name: g
                    attributes:
                      secret: %s
                      labels: {com.example.token: "${secret:env:DIVE_TEST_DOTTED_TOKEN}", com.example.team: identity}
                """.formatted(LITERAL));
        DiveRunner dive = new DiveRunner(dir);
        dive.env.put("DIVE_TEST_DOTTED_TOKEN", DOTTED);
        List<DiveRunner.Result> outputs = new ArrayList<>();
        outputs.add(dive.run("plan", manifest.toString()));
        outputs.add(dive.run("plan", "--json", "--out", dir.resolve("saved.plan").toString(), manifest.toString()));
        outputs.add(dive.run("plan", "--markdown", manifest.toString()));
        DiveRunner.Result apply = dive.run("apply", "--auto-approve", manifest.toString());
        outputs.add(apply);
        assertEquals(0, apply.code(), apply::toString);
        assertTrue(outputs.get(0).out().contains("+ secret = \"(sensitive)\""), outputs.get(0)::toString);
        assertTrue(outputs.get(0).out().contains("+ labels.com.example.team = \"identity\""), outputs.get(0)::toString);

        // Converged: nothing to do, and the state holds fingerprints.
        DiveRunner.Result again = dive.run("plan", "--detailed-exitcode", manifest.toString());
        assertEquals(0, again.code(), again::toString);
        outputs.add(again);

        // A changed literal is a change of the secret, shown masked.
        Files.writeString(manifest, Files.readString(manifest).replace(LITERAL, LITERAL + "-2"));
        DiveRunner.Result rotated = dive.run("plan", "--json", manifest.toString());
        outputs.add(rotated);
        assertTrue(rotated.out().contains("\"path\" : \"secret\"") && rotated.out().contains("\"(sensitive)\""), rotated::toString);
        assertEquals(LITERAL, MemoryServer.at(dir.resolve("server.json").toString()).get("group.g").path("secret").asText(),
                "the server itself gets the value");

        StringBuilder everything = new StringBuilder(Files.readString(dir.resolve(".dive/state.json")))
                .append(Files.readString(dir.resolve("saved.plan")));
        outputs.forEach(r -> everything.append(r.out()).append(r.err()));
        assertFalse(everything.toString().contains(DOTTED), "the secret under a dotted key leaked");
        assertFalse(everything.toString().contains(LITERAL), "the literal secret leaked");
    }
}
