package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dive logs in to Keycloak with the admin password: plain http to a host that is not loopback is
 * refused before any login, unless the block says {@code insecure: true}, which every run then prints.
 * (0.0.0.0 is not loopback as written, and on Linux it reaches this machine: a refused port answers at once.)
 */
class PlaintextKeycloakTest {

    @TempDir
    Path dir;

    Path manifest(String extra) throws Exception {
        return Files.writeString(dir.resolve("topology.yaml"), """
                name: plaintext
                keycloak:
                  url: http://0.0.0.0:1
                  admin: {username: admin, password: "${secret:env:DIVE_TEST_ADMIN_PASSWORD}"}
                %s
                resources:
                  - {type: realm, name: r1}
                """.formatted(extra));
    }

    @Test
    void plainHttpElsewhereIsRefusedUnlessInsecureWhichIsSaid() throws Exception {
        DiveRunner dive = new DiveRunner(dir);
        dive.env.put("DIVE_TEST_ADMIN_PASSWORD", "the-admin-password");
        DiveRunner.Result refused = dive.run("plan", manifest("").toString());
        assertEquals(1, refused.code(), refused::toString);
        assertTrue(refused.err().contains("keycloak http://0.0.0.0:1: url http://0.0.0.0:1 is plain http to a host that is not loopback,"
                + " and the admin password would travel in clear; use https:// (with ca:), or insecure: true"), refused::toString);

        DiveRunner.Result accepted = dive.run("plan", manifest("  insecure: true").toString());
        assertTrue(accepted.err().contains("warning: insecure: keycloak http://0.0.0.0:1 is reached over plain http: the admin password"
                + " travels in clear"), accepted::toString);
        assertTrue(!accepted.err().contains("is plain http to a host that is not loopback"), accepted::toString);
    }
}
