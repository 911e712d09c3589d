package io.dive.provider.mongodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.dive.emulator.mongo.ReplicaSetEmulator;
import io.dive.spi.FileRoots;
import io.dive.spi.ProviderException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MongoDB over TLS, verified against the entry's {@code ca:}: a server whose certificate another CA
 * signed is refused, and so is plaintext to a host that is not loopback, unless the entry says
 * {@code insecure: true}. The server is the emulator's wire-protocol server with TLS on (certificates
 * made by Debian's openssl), the one exception testing.md allows for MongoDB.
 */
class MongoTlsTest {

    @TempDir
    Path dir;
    MongoServer server;
    int port;

    @BeforeEach
    void serve() throws Exception {
        KeyStore ks = io.dive.testkit.TestCertificates.make(dir, "mongo-test");
        String alias = ks.aliases().nextElement();
        server = new MongoServer(new MemoryBackend());
        server.enableSsl((PrivateKey) ks.getKey(alias, io.dive.testkit.TestCertificates.PASSWORD.toCharArray()), null, (X509Certificate) ks.getCertificate(alias));
        port = ReplicaSetEmulator.freePort();
        server.bind("127.0.0.1", port);
    }

    @AfterEach
    void stop() {
        server.shutdownNow();
    }

    private MongoConnections connections(String serverJson) throws Exception {
        JsonNode s = new ObjectMapper().readTree(serverJson);
        return new MongoConnections(new ObjectMapper().createObjectNode(), Map.of("db", s), dir, FileRoots.of(dir, null));
    }

    private static void ping(MongoConnections c) {
        try (MongoClient client = c.open("?", "db", Duration.ofSeconds(3))) {
            client.getDatabase("admin").runCommand(new Document("ping", 1));
        }
    }

    @Test
    void tlsIsVerifiedAgainstTheCa() throws Exception {
        ping(connections("{\"connect\": \"localhost:" + port + "\", \"tls\": true, \"ca\": \"ca.pem\"}"));

        RuntimeException other = assertThrows(RuntimeException.class,
                () -> ping(connections("{\"connect\": \"localhost:" + port + "\", \"tls\": true, \"ca\": \"other.pem\"}")));
        assertTrue(String.valueOf(other.getMessage()).contains("localhost:" + port), other.getMessage());

        // The certificate names localhost, not 127.0.0.1: the host name is checked too.
        assertThrows(RuntimeException.class, () -> ping(connections("{\"connect\": \"127.0.0.1:" + port + "\", \"tls\": true, \"ca\": \"ca.pem\"}")));
    }

    @Test
    void plaintextToAnotherMachineIsRefusedUnlessInsecure() throws Exception {
        ProviderException refused = assertThrows(ProviderException.class,
                () -> connections("{\"connect\": \"10.20.30.40:27017\", \"username\": \"dive\", \"password\": \"pw\"}").open("?", "db", Duration.ofSeconds(1)));
        assertEquals("mongodb 10.20.30.40:27017: without TLS is refused for a host that is not loopback (the password and every document would"
                + " travel in clear); set tls: true (with ca:), or insecure: true", refused.getMessage());
        MongoConnections insecure = connections("{\"connect\": \"10.20.30.40:27017\", \"insecure\": true}");
        assertEquals(List.of("insecure: mongodb server db (10.20.30.40:27017) is reached without TLS: its password and documents travel in clear"),
                insecure.warnings());
    }

    @Test
    void aCaOutsideTheManifestsFolderIsRefused() throws Exception {
        io.dive.spi.DiveException e = assertThrows(io.dive.spi.DiveException.class, () -> ping(connections(
                "{\"connect\": \"localhost:" + port + "\", \"tls\": true, \"ca\": \"/etc/ssl/certs/ca-certificates.crt\"}")));
        assertTrue(e.getMessage().contains("is outside the manifest's folder"), e.getMessage());
    }
}
