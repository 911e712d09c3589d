package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manifest makes dive read files only inside its own folder and the folders the operator allows:
 * template folders and names, and a {@code state:} path, that lead out of it (with {@code ..} or a
 * symbolic link) are refused with the field's location, and the outside file's content never shows.
 */
class FileConfinementTest {

    static final String PLANTED = "ghp_PLANTED_token_0123456789";

    @TempDir
    Path tmp;
    Path project;
    Path outside;

    @BeforeEach
    void layout() throws Exception {
        project = Files.createDirectories(tmp.resolve("repo/manifests/prod"));
        outside = Files.createDirectories(tmp.resolve("home/ci"));
        // A file that would break the YAML or JSON parser, whose error would then quote it.
        Files.writeString(outside.resolve("token.yaml"), "{ \"" + PLANTED + "\n");
        Files.writeString(outside.resolve("token.json"), PLANTED + "\n");
    }

    private DiveRunner.Result run(DiveRunner dive, String... args) {
        DiveRunner.Result r = dive.run(args);
        assertFalse(r.out().contains(PLANTED) || r.err().contains(PLANTED), () -> "the outside file's content was printed: " + r);
        return r;
    }

    @Test
    void aTemplatesFolderOutsideIsRefused() throws Exception {
        Path m = Files.writeString(project.resolve("topology.yaml"), """
                name: confined
                templates: ../../../home/ci
                keycloak: {url: "http://127.0.0.1:1", admin: {username: a, password: b}}
                hub: {code: usa}
                """);
        DiveRunner.Result r = run(new DiveRunner(tmp), "validate", m.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains(m + ":2:1: templates: " + outside) && r.err().contains("is outside the manifest's folder"), r::toString);
    }

    @Test
    void aTemplateNameIsNotAPath() throws Exception {
        Files.createDirectories(project.resolve("templates"));
        Path m = Files.writeString(project.resolve("topology.yaml"), """
                name: confined
                templates: templates
                keycloak: {url: "http://127.0.0.1:1", admin: {username: a, password: b}}
                hub: {code: usa, template: ../../../../home/ci/token}
                """);
        DiveRunner.Result r = run(new DiveRunner(tmp), "validate", m.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains(m + ":4:18: hub.template: does not match"), r::toString);
    }

    @Test
    void aLinkOutOfTheFolderIsRefused() throws Exception {
        Files.createSymbolicLink(project.resolve("templates"), outside);
        Files.writeString(outside.resolve("hub.yaml"), "{ \"" + PLANTED + "\n");
        Path m = Files.writeString(project.resolve("topology.yaml"), """
                name: confined
                templates: templates
                keycloak: {url: "http://127.0.0.1:1", admin: {username: a, password: b}}
                hub: {code: usa}
                """);
        DiveRunner.Result r = run(new DiveRunner(tmp), "validate", m.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("is outside the manifest's folder"), r::toString);
    }

    @Test
    void aStatePathOutsideIsRefusedUnlessTheOperatorAllowsIt() throws Exception {
        Path m = Files.writeString(project.resolve("topology.yaml"), """
                name: confined
                state: ../../../home/ci/token.json
                providers:
                  memory: {store: server.json}
                resources:
                  - {type: group, name: g, attributes: {members: [a]}}
                """);
        DiveRunner dive = new DiveRunner(tmp);
        DiveRunner.Result r = run(dive, "plan", m.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains(m + ": state: ") && r.err().contains("is outside the manifest's folder"), r::toString);

        // The operator allows the folder: now it is read, and its parse error still does not quote it.
        DiveRunner.Result allowed = run(dive, "plan", "--allow-root", outside.toString(), m.toString());
        assertEquals(1, allowed.code(), allowed::toString);
        assertFalse(allowed.err().contains("is outside the manifest's folder"), allowed::toString);
        assertTrue(allowed.err().contains("token.json:1:") && allowed.err().contains(": state is unreadable: not valid JSON"), allowed::toString);
        dive.env.put("DIVE_ALLOW_ROOTS", outside.toString());
        DiveRunner.Result viaEnv = run(dive, "plan", m.toString());
        assertFalse(viaEnv.err().contains("is outside the manifest's folder"), viaEnv::toString);
    }

    @Test
    void theOperatorsOwnStateOptionIsNotConfined() throws Exception {
        Path m = Files.writeString(project.resolve("topology.yaml"), """
                name: confined
                providers:
                  memory: {store: server.json}
                resources:
                  - {type: group, name: g, attributes: {members: [a]}}
                """);
        DiveRunner.Result r = run(new DiveRunner(tmp), "plan", "--state", outside.resolve("state.json").toString(), m.toString());
        assertEquals(0, r.code(), r::toString);
    }
}
