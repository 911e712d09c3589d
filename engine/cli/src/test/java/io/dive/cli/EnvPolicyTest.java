package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A manifest reads only DIVE_* variables and those the operator allows: the runner's other ones are no side channel. */
class EnvPolicyTest {

    static final String TOKEN = "ghp_FAKE0123456789abcdefTOKEN";

    @TempDir
    Path dir;

    DiveRunner dive() {
        DiveRunner d = new DiveRunner(dir);
        d.env.put("CI_FAKE_TOKEN", TOKEN);
        return d;
    }

    Path write(String resources) throws Exception {
        return Files.writeString(dir.resolve("topology.yaml"), "name: env\nproviders:\n  memory: {store: server.json}\nresources:\n" + resources);
    }

    @Test
    void anyOtherVariableIsRefusedWithoutShowingItsValue() throws Exception {
        Path m = write("  - {type: group, name: \"${env:CI_FAKE_TOKEN}\"}\n");
        for (String cmd : new String[] {"validate", "graph", "plan"}) {
            DiveRunner.Result r = dive().run(cmd, m.toString());
            assertEquals(1, r.code(), () -> cmd + ": " + r);
            assertTrue(r.err().contains("environment variable CI_FAKE_TOKEN is not allowed here"), r::toString);
            assertFalse(r.out().contains(TOKEN) || r.err().contains(TOKEN), "the value was printed: " + r);
        }
        Path secret = write("  - {type: group, name: g, attributes: {secret: \"${secret:env:CI_FAKE_TOKEN}\"}}\n");
        DiveRunner.Result r = dive().run("plan", secret.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("secret ${secret:env:CI_FAKE_TOKEN}: environment variable CI_FAKE_TOKEN is not allowed here"), r::toString);
        assertFalse(r.out().contains(TOKEN) || r.err().contains(TOKEN), r::toString);
    }

    @Test
    void aNumberFieldFedFromTheEnvironmentNamesTheFieldNotTheValue() throws Exception {
        Path m = Files.writeString(dir.resolve("topology.yaml"), """
                name: env
                keycloak:
                  url: http://127.0.0.1:1
                  parallelism: "${env:DIVE_TEST_TOKEN_AS_NUMBER}"
                  admin: {username: a, password: b}
                """);
        DiveRunner d = dive();
        d.env.put("DIVE_TEST_TOKEN_AS_NUMBER", TOKEN);
        DiveRunner.Result r = d.run("validate", m.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("keycloak.parallelism: expected integer, found a string"), r::toString);
        assertFalse(r.err().contains(TOKEN), r::toString);
    }

    @Test
    void theOperatorMayAllowMoreNames() throws Exception {
        Path m = write("  - {type: group, name: \"g-${env:CI_BRANCH}\"}\n");
        DiveRunner listed = dive();
        listed.env.put("CI_BRANCH", "main");
        listed.env.put("DIVE_ALLOW_ENV", "OTHER, CI_BRANCH");
        assertEquals(0, listed.run("validate", m.toString()).code());
        DiveRunner option = dive();
        option.env.put("CI_BRANCH", "main");
        DiveRunner.Result r = option.run("graph", "--allow-env", "CI_BRANCH", m.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("group.g-main"), r::toString);
        assertEquals(1, option.run("validate", m.toString()).code(), "without the option the name is refused");
    }
}
