package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --trusted-base: a pull request cannot point dive's credentials elsewhere; it is refused before anything is sent. */
class TrustedBaseTest {

    @TempDir
    Path dir;

    static String manifest(String keycloakUrl, String extraUser) {
        return """
                name: pr
                keycloak:
                  url: %s
                  admin: {username: admin, password: "${secret:env:DIVE_TEST_ADMIN_PASSWORD}"}
                resources:
                  - {type: realm, name: r1}
                %s""".formatted(keycloakUrl, extraUser);
    }

    @Test
    void aPullRequestThatMovesTheKeycloakUrlIsRefusedAndTheListenerHearsNothing() throws Exception {
        try (ServerSocket attacker = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            attacker.setSoTimeout(1500);
            Path base = Files.writeString(dir.resolve("base.yaml"), manifest("http://127.0.0.1:1", ""));
            Path pr = Files.writeString(dir.resolve("pr.yaml"), manifest("http://127.0.0.1:" + attacker.getLocalPort(), ""));
            DiveRunner dive = new DiveRunner(dir);
            dive.env.put("DIVE_TEST_ADMIN_PASSWORD", "the-real-admin-password");
            for (String cmd : new String[] {"plan", "drift"}) {
                DiveRunner.Result r = dive.run(cmd, "--trusted-base", base.toString(), pr.toString());
                assertEquals(1, r.code(), () -> cmd + ": " + r);
                assertEquals(1, r.err().strip().lines().count(), r::toString);
                assertTrue(r.err().startsWith(pr + ": keycloak differs from the trusted base " + base), r::toString);
            }
            try {
                attacker.accept().close();
                throw new AssertionError("the attacker's listener got a connection");
            } catch (SocketTimeoutException expected) {
                // nothing was sent
            }
        }
    }

    @Test
    void resourcesMayChangeButNotWhereCredentialsGo() throws Exception {
        Path base = Files.writeString(dir.resolve("base.yaml"), manifest("http://127.0.0.1:1", ""));
        Path pr = Files.writeString(dir.resolve("pr.yaml"), manifest("http://127.0.0.1:1", "  - {type: realm, name: r2}\n"));
        DiveRunner dive = new DiveRunner(dir);
        dive.env.put("DIVE_TEST_ADMIN_PASSWORD", "x");
        DiveRunner.Result r = dive.run("plan", "--trusted-base", base.toString(), pr.toString());
        // Past the check: it goes on to the (unreachable) server, which a refused plan never does.
        assertTrue(!r.err().contains("differs from the trusted base") && r.err().contains("127.0.0.1:1"), r::toString);
        Path movedState = Files.writeString(dir.resolve("state-pr.yaml"), manifest("http://127.0.0.1:1", "") + "state: postgresql://evil.example/db\n");
        DiveRunner.Result s = dive.run("plan", "--trusted-base", base.toString(), movedState.toString());
        assertEquals(1, s.code(), s::toString);
        assertTrue(s.err().contains(": state differs from the trusted base"), s::toString);
    }

    @Test
    void aCaSwappedUnderTheSameFileNameIsRefused() throws Exception {
        Path baseDir = Files.createDirectories(dir.resolve("base"));
        Path prDir = Files.createDirectories(dir.resolve("pr"));
        Files.writeString(baseDir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\nthe real CA\n-----END CERTIFICATE-----\n");
        Files.writeString(prDir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\nthe attacker's CA\n-----END CERTIFICATE-----\n");
        String withCa = manifest("https://127.0.0.1:1", "").replace("  url: https://127.0.0.1:1\n", "  url: https://127.0.0.1:1\n  ca: ca.pem\n");
        Path base = Files.writeString(baseDir.resolve("topology.yaml"), withCa);
        Path pr = Files.writeString(prDir.resolve("topology.yaml"), withCa);
        DiveRunner dive = new DiveRunner(dir);
        dive.env.put("DIVE_TEST_ADMIN_PASSWORD", "x");
        DiveRunner.Result r = dive.run("plan", "--trusted-base", base.toString(), pr.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().startsWith(pr + ": keycloak differs from the trusted base " + base), r::toString);
    }

    @Test
    void aCaOutsideTheManifestsFolderIsNotReadToCompareIt() throws Exception {
        Path baseDir = Files.createDirectories(dir.resolve("base2"));
        Path prDir = Files.createDirectories(dir.resolve("pr2"));
        Path secret = Files.writeString(dir.resolve("elsewhere.pem"), "-----BEGIN CERTIFICATE-----\nnot the manifest's\n-----END CERTIFICATE-----\n");
        String withCa = manifest("https://127.0.0.1:1", "").replace("  url: https://127.0.0.1:1\n", "  url: https://127.0.0.1:1\n  ca: " + secret + "\n");
        Path base = Files.writeString(baseDir.resolve("topology.yaml"), withCa);
        Path pr = Files.writeString(prDir.resolve("topology.yaml"), withCa);
        DiveRunner dive = new DiveRunner(dir);
        dive.env.put("DIVE_TEST_ADMIN_PASSWORD", "x");
        DiveRunner.Result r = dive.run("plan", "--trusted-base", base.toString(), pr.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("ca") && r.err().contains("outside"), r::toString);
        assertTrue(!r.err().contains("not the manifest's"), r::toString);
    }
}
