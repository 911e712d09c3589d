package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.testkit.MemoryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Known secret values go through plan, apply, drift and failures: none of them shows up anywhere. */
class SecretsNeverLeakTest {

    static final String READABLE = "s3cr3t-readable-VALUE";
    static final String WRITE_ONLY = "s3cr3t-writeonly-VALUE";
    static final String ROTATED = "s3cr3t-rotated-VALUE";

    @TempDir
    Path dir;

    @Test
    void aMissingSecretFailsThePlanNamingTheSecretAndTheResourceAndNothingIsApplied() throws Exception {
        Path manifest = dir.resolve("topology.yaml");
        Files.writeString(manifest, """
                name: secrets
                providers:
                  memory: {store: server.json}
                resources:
                  - type: group
                    name: g
                  - type: item
                    name: g/u
                    attributes: {value: "v", password: "${secret:env:DIVE_TEST_NOT_SET_ANYWHERE}"}
                """);
        DiveRunner dive = new DiveRunner(dir);
        for (String cmd : List.of("plan", "apply")) {
            DiveRunner.Result r = cmd.equals("plan") ? dive.run("plan", manifest.toString()) : dive.run("apply", "--auto-approve", manifest.toString());
            assertEquals(1, r.code(), r::toString);
            assertEquals(1, r.err().strip().lines().count(), r::toString);
            assertTrue(r.err().contains("item.g/u: secret ${secret:env:DIVE_TEST_NOT_SET_ANYWHERE}: environment variable DIVE_TEST_NOT_SET_ANYWHERE is not set"),
                    r::toString);
        }
        assertEquals(0, MemoryServer.at(dir.resolve("server.json").toString()).size(), "nothing may be applied");
    }

    @Test
    void noSecretValueInStatePlanJsonOutputOrErrors() throws Exception {
        Path manifest = dir.resolve("topology.yaml");
        Files.writeString(manifest, """
                name: secrets
                providers:
                  memory: {store: server.json}
                resources:
                  - type: group
                    name: g
                    attributes: {title: "t", secret: "${secret:env:DIVE_TEST_READABLE_SECRET}"}
                  - type: item
                    name: g/u
                    attributes: {value: "v", password: "${secret:file:user-password}"}
                  - type: item
                    name: g/gen
                    attributes: {value: "w", password: "${secret:generate:gen-password}"}
                """);
        Files.createDirectories(dir.resolve(".dive"));
        Files.writeString(dir.resolve(".dive/secrets.json"), "{\"user-password\": \"" + WRITE_ONLY + "\"}");
        DiveRunner dive = new DiveRunner(dir);
        dive.env.put("DIVE_TEST_READABLE_SECRET", READABLE);
        List<DiveRunner.Result> outputs = new ArrayList<>();
        outputs.add(dive.run("plan", manifest.toString()));
        outputs.add(dive.run("plan", "--json", "--out", dir.resolve("saved.plan").toString(), manifest.toString()));
        outputs.add(dive.run("apply", "--auto-approve", manifest.toString()));
        assertEquals(0, outputs.get(2).code(), outputs.get(2)::toString);
        MemoryServer server = MemoryServer.at(dir.resolve("server.json").toString());
        assertEquals(READABLE, server.get("group.g").path("secret").asText(), "the real value must reach the server");

        DiveRunner.Result noop = dive.run("plan", "--json", manifest.toString());
        outputs.add(noop);
        assertEquals(0, new ObjectMapper().readTree(noop.out()).path("changes").size(), "secrets must not cause a perpetual diff");

        // Rotation: the new value is a planned update shown as (sensitive), applied, and then in sync.
        dive.env.put("DIVE_TEST_READABLE_SECRET", ROTATED);
        DiveRunner.Result rotated = dive.run("plan", "--json", manifest.toString());
        outputs.add(rotated);
        JsonNode change = new ObjectMapper().readTree(rotated.out()).path("changes").get(0);
        assertEquals("group.g", change.path("address").asText());
        assertEquals("(sensitive)", change.path("attributes").get(0).path("after").asText());
        outputs.add(dive.run("apply", "--auto-approve", "--json", manifest.toString()));
        outputs.add(dive.run("drift", "--json", manifest.toString()));
        assertEquals(0, outputs.get(outputs.size() - 1).code(), outputs.get(outputs.size() - 1)::toString);

        // An out-of-band change of the readable secret is drift, reported without the value.
        var tampered = server.get("group.g").put("secret", "tampered-by-hand-VALUE");
        server.put("group.g", tampered);
        DiveRunner.Result drift = dive.run("drift", manifest.toString());
        outputs.add(drift);
        assertEquals(2, drift.code(), drift::toString);
        assertTrue(drift.out().contains("secret: \"(sensitive)\" -> \"(sensitive)\""), drift::toString);

        // A failure while a secret is in play.
        Files.writeString(manifest, Files.readString(manifest).replace("{store: server.json}", "{store: server.json, fail: [group.g]}"));
        outputs.add(dive.run("apply", "--auto-approve", manifest.toString()));
        outputs.add(dive.run("state", "show", "item.g/u", manifest.toString()));

        List<String> haystacks = new ArrayList<>();
        for (DiveRunner.Result r : outputs) {
            haystacks.add(r.out());
            haystacks.add(r.err());
        }
        haystacks.add(Files.readString(dir.resolve(".dive/state.json")));
        haystacks.add(Files.readString(dir.resolve("saved.plan")));
        String generated = new ObjectMapper().readTree(dir.resolve(".dive/secrets.json").toFile()).path("gen-password").asText();
        assertFalse(generated.isEmpty(), "the generate source did not keep its value");
        for (String secret : List.of(READABLE, WRITE_ONLY, ROTATED, generated, "tampered-by-hand-VALUE")) {
            for (String h : haystacks) {
                assertFalse(h.contains(secret), "secret value found in output or state:\n" + h);
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.endsWith("secrets.json") || f.endsWith("server.json") || f.endsWith("fingerprint.key")) {
                    continue; // the secret source and the "server" hold values by design
                }
                String text = Files.readString(f);
                for (String secret : List.of(READABLE, WRITE_ONLY, ROTATED, generated)) {
                    assertFalse(text.contains(secret), "secret value found in " + f);
                }
            }
        }
    }
}
