package io.dive.provider.mongodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.emulator.mongo.ReplicaSetEmulator;
import io.dive.testkit.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A MongoDB in a container, as the runner on the host reaches it: through the port it publishes, as a
 * direct connection, while the replica set keeps its members' names on the containers' network (which
 * the host cannot resolve). Against the wire-protocol EMULATOR (not mongod: none can be had here).
 */
class MongoServerBindingEmulatorTest {

    @TempDir
    Path dir;
    ReplicaSetEmulator mongo;

    @AfterEach
    void stop() {
        if (mongo != null) {
            mongo.close();
        }
    }

    @Test
    void adminCommandsGoToThePublishedPortAndMembersKeepTheirNetworkNames() throws Exception {
        mongo = new ReplicaSetEmulator(ReplicaSetEmulator.freePort(), 300).start();
        Path file = dir.resolve("topology.yaml");
        Files.writeString(file, """
                name: rs
                servers:
                  mongodb-fra: {provider: mongodb, connect: "%s"}
                resources:
                  - type: replicaset
                    name: dive-spoke-fra-mongodb/rs0
                    server: mongodb-fra
                    attributes: {host: "mongodb-fra:27017", members: ["mongodb-fra:27017"], ready_timeout: 20s}
                  - type: document
                    name: dive-spoke-fra-mongodb/dive.federation_spokes/fra
                    server: mongodb-fra
                    depends_on: [replicaset.dive-spoke-fra-mongodb/rs0]
                    attributes: {host: "mongodb-fra:27017", fields: {code: fra, status: active}}
                """.formatted(mongo.host()));
        Map<String, String> env = Map.of("DIVE_FINGERPRINT_KEY", "rs");
        Runs.plan(file, env, true);
        assertEquals("mongodb-fra:27017", hostOf(mongo), "the member is not named by its network name");
        assertEquals(Map.of(), Runs.changes(Runs.plan(file, env, false)), "the next plan is not empty");
    }

    private static String hostOf(ReplicaSetEmulator mongo) {
        Object first = ((java.util.List<?>) mongo.config.get("members")).get(0);
        assertTrue(first instanceof de.bwaldvogel.mongo.bson.Document, String.valueOf(first));
        return String.valueOf(((de.bwaldvogel.mongo.bson.Document) first).get("host"));
    }
}
