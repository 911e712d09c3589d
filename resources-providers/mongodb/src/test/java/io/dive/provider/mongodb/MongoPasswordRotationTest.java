package io.dive.provider.mongodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.MongoCredential;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoClientSettings;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.dive.emulator.mongo.ReplicaSetEmulator;
import io.dive.testkit.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotating the secret behind a MongoDB password (#10): dive logs in with the server's previous_password when
 * the new one is refused, runs updateUser, and from then on MongoDB takes only the new password. On the
 * wire-protocol EMULATOR (not mongod: testing.md's one exception), which asks for SCRAM-SHA-256 once it has a
 * user, as mongod does; the real driver does the SCRAM exchange.
 */
class MongoPasswordRotationTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String OLD = "old-Mongo-" + java.util.UUID.randomUUID();
    static final String NEW = "new-Mongo-" + java.util.UUID.randomUUID();

    @TempDir
    Path dir;
    ReplicaSetEmulator mongo;

    @BeforeEach
    void start() {
        mongo = new ReplicaSetEmulator(ReplicaSetEmulator.freePort(), 0).withUser("admin", OLD).start();
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    void topology(boolean previous) throws Exception {
        Files.writeString(dir.resolve("topology.yaml"), """
                name: mongo-rotation
                servers:
                  m:
                    provider: mongodb
                    connect: "%s"
                    username: admin
                    password: "${secret:file:mongo}"%s
                resources:
                  - type: mongodb_password
                    name: m
                    server: m
                    attributes: {password: "${secret:file:mongo}"}
                  - type: document
                    name: m/dive.federation_spokes/fra
                    server: m
                    attributes:
                      host: "%s"
                      fields: {code: fra, status: active}
                """.formatted(mongo.host(), previous ? "\n    previous_password: \"${secret:file:mongo-previous}\"" : "", mongo.host()));
    }

    void secrets(Map<String, String> values) throws Exception {
        Files.createDirectories(dir.resolve(".dive"));
        Files.writeString(dir.resolve(".dive/secrets.json"), JSON.writeValueAsString(values));
    }

    Map<String, String> env() {
        return Map.of("DIVE_FINGERPRINT_KEY", "mongo-rotation");
    }

    /** Whether MongoDB takes the password (a ping after the SCRAM exchange); false when it refuses it. */
    boolean takes(String password) {
        try (MongoClient c = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://" + mongo.host() + "/?directConnection=true"))
                .applyToClusterSettings(s -> s.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .credential(MongoCredential.createCredential("admin", "admin", password.toCharArray())).build())) {
            c.getDatabase("admin").runCommand(new Document("ping", 1));
            return true;
        } catch (RuntimeException e) {
            if (MongoConnections.refused(e)) {
                return false;
            }
            throw e;
        }
    }

    @Test
    void aRotatedPasswordIsSetInMongoFirstThenUsed() throws Exception {
        assertTrue(takes(OLD) && !takes("not-" + OLD), "the emulator does not check passwords");
        topology(true);
        secrets(Map.of("mongo", OLD, "mongo-previous", OLD));
        Runs.plan(dir.resolve("topology.yaml"), env(), true);
        assertEquals(Map.of(), Runs.changes(Runs.plan(dir.resolve("topology.yaml"), env(), false)));

        secrets(Map.of("mongo", NEW, "mongo-previous", OLD));
        assertEquals(Map.of("mongodb_password.m", "update[password]"), Runs.changes(Runs.plan(dir.resolve("topology.yaml"), env(), false)),
                "the rotation is one change, planned while logged in with the previous password");
        Runs.plan(dir.resolve("topology.yaml"), env(), true);
        assertTrue(takes(NEW), "MongoDB does not take the new password");
        assertTrue(!takes(OLD), "MongoDB still takes the old password");
        assertEquals(Map.of(), Runs.changes(Runs.plan(dir.resolve("topology.yaml"), env(), false)), "the rotation did not converge");
        String state = Files.readString(dir.resolve(".dive/state.json"));
        assertTrue(!state.contains(OLD) && !state.contains(NEW), "a password reached the state file");
    }

    @Test
    void withoutThePreviousPasswordNothingIsChangedAndTheFailureSaysLogin() throws Exception {
        topology(false);
        secrets(Map.of("mongo", NEW));
        var e = assertThrows(RuntimeException.class, () -> Runs.plan(dir.resolve("topology.yaml"), env(), true));
        assertTrue(e.getMessage().contains("login refused") && e.getMessage().contains("previous_password"), e.getMessage());
        assertTrue(!e.getMessage().contains(NEW) && !e.getMessage().contains(OLD), "a password in the message");
        assertTrue(takes(OLD), "a refused login changed the password");
    }
}
