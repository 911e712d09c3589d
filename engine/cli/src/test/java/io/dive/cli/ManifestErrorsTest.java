package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: one clear line naming file:line:col and the field, exit 1, nothing written. */
class ManifestErrorsTest {

    @TempDir
    Path dir;

    String errorOf(String yaml) throws Exception {
        return DiveRunner.refused(dir, yaml);
    }

    @Test
    void duplicateSpokeCode() throws Exception {
        // Templates of the in-memory provider's types, so the engine is tested without Keycloak.
        Files.createDirectories(dir.resolve("tpl"));
        Files.writeString(dir.resolve("tpl/hub.yaml"), "resources:\n  - {type: group, name: \"${code}\"}\n");
        Files.writeString(dir.resolve("tpl/spoke.yaml"), "resources:\n  - {type: item, name: \"${hub}/${code}\"}\n");
        assertEquals("topology.yaml:8:6: spokes[1].code: duplicate code \"fra\" (already used by spokes[0] at topology.yaml:7:5)",
                errorOf("""
                        name: t
                        templates: tpl
                        providers: {memory: {}}
                        hub:
                          code: usa
                        spokes:
                          - code: fra
                          - {code: FRA}
                        """));
    }

    @Test
    void unknownKeyIsAnErrorWithASuggestion() throws Exception {
        assertEquals("topology.yaml:3:3: spokes[0].nmae: unknown key \"nmae\" (did you mean \"name\"?)", errorOf("""
                name: t
                spokes:
                - nmae: France
                  code: fra
                """));
    }

    @Test
    void wrongTypeAndMissingKey() throws Exception {
        assertEquals("""
                topology.yaml:1:1: (document): missing required key "name"
                topology.yaml:2:28: resources[0].attributes: expected object, found a string""",
                errorOf("""
                        resources:
                          - {type: group, name: g, attributes: oops}
                        """));
    }

    @Test
    void badSpokeCode() throws Exception {
        String err = errorOf("name: t\nhub: {code: usa}\nspokes:\n  - code: fr\n");
        assertEquals("topology.yaml:4:5: spokes[0].code: does not match the regex pattern ^[A-Za-z]{3}$", err);
    }

    @Test
    void yamlSyntaxError() throws Exception {
        assertEquals("topology.yaml:2:7: invalid YAML: mapping values are not allowed here",
                errorOf("name: t\nhub: a: b\n").replaceAll(":2:\\d+:", ":2:7:"));
    }

    @Test
    void duplicateAddress() throws Exception {
        assertEquals("topology.yaml:5:5: resources[1]: duplicate resource address group.g (first declared at topology.yaml:4:5)",
                errorOf("""
                        name: t
                        providers: {memory: {}}
                        resources:
                          - {type: group, name: g}
                          - {type: group, name: g}
                        """));
    }

    @Test
    void dependencyCyclePrintsTheCycle() throws Exception {
        assertEquals("topology.yaml:4:5: group.a: dependency cycle: group.a -> group.b -> group.a",
                errorOf("""
                        name: t
                        providers: {memory: {}}
                        resources:
                          - {type: group, name: a, depends_on: [group.b]}
                          - {type: group, name: b, depends_on: [group.a]}
                        """));
    }

    @Test
    void unknownTypeAndUnsetEnvironmentVariable() throws Exception {
        assertTrue(errorOf("name: t\nresources:\n  - {type: widget, name: w}\n")
                .matches("topology.yaml:3:6: resources\\[0]\\.type: unknown resource type \"widget\" \\(known: .*\\bgroup, .*\\bhost, .*\\bitem, .*\\)"));
        assertEquals("topology.yaml:2:22: providers.memory.store: environment variable DIVE_TEST_UNSET_VAR is not set (give a default with ${env:DIVE_TEST_UNSET_VAR:-VALUE})",
                errorOf("name: t\nproviders: {memory: {store: \"${env:DIVE_TEST_UNSET_VAR}\"}}\n"));
    }

    @Test
    void languageTagsAndAliasBombsAreRejected() throws Exception {
        assertEquals("topology.yaml:2:7: description: tag tag:yaml.org,2002:java.lang.Runtime is not allowed (plain values only)",
                errorOf("name: t\ndescription: !!java.lang.Runtime x\n").replaceAll(":2:\\d+:", ":2:7:"));
        StringBuilder bomb = new StringBuilder("name: t\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 9; i++) {
            bomb.append("x").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            bomb.append("]\n");
        }
        long t0 = System.nanoTime();
        String err = errorOf(bomb.toString());
        // The 51st alias of a list is the 6th on line 8 (x6): the error points at it.
        assertEquals("topology.yaml:8:35: invalid YAML: more than 50 aliases of mappings or lists (alias bomb?)", err);
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "an alias bomb took more than a second per command");
    }
}
