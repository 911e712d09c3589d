package io.dive.provider.keycloak;

import io.dive.spi.TlsTrust;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.dive.spi.ProviderException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server's certificate is checked against its ca: file and never skipped: a certificate from
 * another CA, or one that does not name the host dive connects to, is one line that names the server,
 * the host and the certificate's subject. The server is an HTTPS listener on loopback with certificates
 * made by openssl (Debian's), standing in for a Keycloak's TLS endpoint.
 */
class TlsTrustTest {

    @TempDir
    Path dir;
    HttpsServer server;
    int port;

    @BeforeEach
    void serve() throws Exception {
        KeyStore ks = io.dive.testkit.TestCertificates.make(dir, "keycloak-test");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "test".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        server.createContext("/", ex -> {
            byte[] body = "{\"access_token\":\"x\",\"expires_in\":60}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String loginError(String host, String ca) {
        ObjectNode settings = new ObjectMapper().createObjectNode().put("url", "https://" + host + ":" + port).put("ca", ca);
        settings.putObject("admin").put("username", "admin").put("password", "pw");
        KeycloakServer s = KeycloakServer.of("keycloak-fra", settings, dir, io.dive.spi.FileRoots.of(dir, null));
        ProviderException e = assertThrows(ProviderException.class, () -> s.api().awaitLogin());
        return e.getMessage();
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedNamingTheServerAndTheSubject() {
        String m = loginError("localhost", "other.pem");
        assertTrue(m.contains("server keycloak-fra: the certificate of localhost (subject CN=keycloak-test) is not signed by a CA this server trusts"),
                m);
        assertTrue(m.lines().count() == 1, m);
    }

    @Test
    void aCertificateThatDoesNotNameTheHostIsRefused() {
        String m = loginError("127.0.0.1", "ca.pem");
        assertTrue(m.contains("server keycloak-fra: the certificate of 127.0.0.1 (subject CN=keycloak-test) does not name 127.0.0.1 (it names localhost)"),
                m);
    }

    @Test
    void theRightCaAndHostAreAccepted() {
        ObjectNode settings = new ObjectMapper().createObjectNode().put("url", "https://localhost:" + port).put("ca", "ca.pem");
        settings.putObject("admin").put("username", "admin").put("password", "pw");
        KeycloakServer s = KeycloakServer.of("keycloak-fra", settings, dir, io.dive.spi.FileRoots.of(dir, null));
        // The stand-in answers every request with a token: the TLS handshake and the login get through.
        s.api().awaitLogin();
    }

    @Test
    void aMissingCaFileIsOneLineThatSaysSo() {
        ObjectNode settings = new ObjectMapper().createObjectNode().put("url", "https://localhost:" + port).put("ca", "certs/nothing.pem");
        settings.putObject("admin").put("username", "admin").put("password", "pw");
        ProviderException e = assertThrows(ProviderException.class, () -> KeycloakServer.of("keycloak-fra", settings, dir, io.dive.spi.FileRoots.of(dir, null)));
        assertTrue(e.getMessage().startsWith("server keycloak-fra: ca: no file ") && e.getMessage().contains("certs/nothing.pem"), e.getMessage());
    }

}
