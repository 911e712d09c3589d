package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two addresses for one server object are a validation error naming both, before anything is contacted. */
class OneObjectOneAddressTest {

    @TempDir
    Path dir;

    @Test
    void aUserDeclaredAgainInAnotherCaseAndTwoLinksWithOneIdpAreNamed() throws Exception {
        Path manifest = Files.writeString(dir.resolve("topology.yaml"), """
                name: twice
                keycloak:
                  url: http://127.0.0.1:1
                  admin: {username: admin, password: admin}
                hub: {code: usa}
                spokes:
                  - {code: fra}
                users:
                  - {realm: usa, username: Admin-USA, password: x}
                resources:
                  - type: link
                    name: second-usa-fra
                    attributes:
                      hub: {realm: dive-v3-broker-usa, alias: fra-idp, client: other-client}
                      spoke: {realm: dive-v3-broker-fra, alias: other-idp, client: another-client}
                """);
        DiveRunner.Result r = new DiveRunner(dir).run("validate", manifest.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains(": user.dive-v3-broker-usa/Admin-USA: the same server object as user.dive-v3-broker-usa/admin-usa (declared at ")
                && r.err().contains("keycloak user dive-v3-broker-usa/admin-usa"), r::toString);
        assertTrue(r.err().contains(": link.second-usa-fra: the same server object as link.usa-fra (declared at ")
                && r.err().contains("keycloak identity provider dive-v3-broker-usa/fra-idp"), r::toString);
    }
}
