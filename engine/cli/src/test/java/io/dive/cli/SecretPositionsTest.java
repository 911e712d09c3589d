package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.testkit.MemoryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret reference is protected wherever it stands in a value: a list item, part of a longer string
 * inside a list, a setting deep inside a nested list of objects (as an authentication flow step's
 * config). None of the values reaches state, a saved plan, {@code show} (text, JSON, markdown),
 * {@code state show} or any output, the apply converges at once, and a rotation is a masked change.
 */
class SecretPositionsTest {

    static final String ITEM = "list-item-S3CRET-value";
    static final String PART = "part-of-url-S3CRET-value";
    static final String DEEP = "deep-config-S3CRET-value";
    static final String ROTATED = "rotated-deep-S3CRET-value";

    @TempDir
    Path dir;

    @Test
    void aReferenceInAListItemPartOfAStringOrDeepInsideIsMaskedEverywhereAndConverges() throws Exception {
        Path manifest = dir.resolve("topology.yaml");
        Files.writeString(manifest, """
                name: secret-positions
                providers:
                  memory: {store: server.json}
                resources:
                  - type: group
                    name: g
                    attributes:
                      apikey: ["${secret:env:DIVE_TEST_ITEM}", plain]
                      redirectUris: ["https://x.example/${secret:env:DIVE_TEST_PART}/*", "https://y.example/*"]
                      executions:
                        - authenticator: auth-cookie
                        - flow: forms
                          executions:
                            - authenticator: conditional-user-attribute
                              config: {attribute_name: clearance, attribute_value: "${secret:env:DIVE_TEST_DEEP}"}
                """);
        DiveRunner dive = new DiveRunner(dir);
        dive.env.put("DIVE_TEST_ITEM", ITEM);
        dive.env.put("DIVE_TEST_PART", PART);
        dive.env.put("DIVE_TEST_DEEP", DEEP);
        List<DiveRunner.Result> outputs = new ArrayList<>();
        outputs.add(dive.run("plan", manifest.toString()));
        outputs.add(dive.run("plan", "--json", "--out", dir.resolve("saved.plan").toString(), manifest.toString()));
        outputs.add(dive.run("plan", "--markdown", manifest.toString()));
        DiveRunner.Result apply = dive.run("apply", "--auto-approve", manifest.toString());
        outputs.add(apply);
        assertEquals(0, apply.code(), apply::toString);
        MemoryServer server = MemoryServer.at(dir.resolve("server.json").toString());
        assertEquals(ITEM, server.get("group.g").path("apikey").get(0).asText(), "the real value must reach the server");
        assertEquals("https://x.example/" + PART + "/*", server.get("group.g").path("redirectUris").get(0).asText());

        DiveRunner.Result again = dive.run("plan", "--detailed-exitcode", manifest.toString());
        outputs.add(again);
        assertEquals(0, again.code(), "the apply must converge:\n" + again);

        // A rotation deep inside is a change, shown masked, applied, and then in sync.
        dive.env.put("DIVE_TEST_DEEP", ROTATED);
        DiveRunner.Result rotated = dive.run("plan", "--detailed-exitcode", "--out", dir.resolve("rotated.plan").toString(), manifest.toString());
        outputs.add(rotated);
        assertEquals(2, rotated.code(), rotated::toString);
        assertTrue(rotated.out().contains("(sensitive)"), rotated::toString);
        for (String format : List.of("--json", "--markdown")) {
            outputs.add(dive.run("show", format, dir.resolve("rotated.plan").toString()));
        }
        outputs.add(dive.run("show", dir.resolve("saved.plan").toString()));
        outputs.add(dive.run("apply", "--auto-approve", manifest.toString()));
        DiveRunner.Result settled = dive.run("drift", manifest.toString());
        outputs.add(settled);
        assertEquals(0, settled.code(), settled::toString);
        outputs.add(dive.run("state", "show", "group.g", "--state", dir.resolve(".dive/state.json").toString()));

        List<String> haystacks = new ArrayList<>();
        for (DiveRunner.Result r : outputs) {
            haystacks.add(r.out());
            haystacks.add(r.err());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.endsWith("server.json")).toList()) {
                haystacks.add(f + ":\n" + Files.readString(f));
            }
        }
        for (String secret : List.of(ITEM, PART, DEEP, ROTATED)) {
            for (String h : haystacks) {
                assertFalse(h.contains(secret), "secret value " + secret + " found in output or a file:\n" + h);
            }
        }
    }
}
