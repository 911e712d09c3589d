package io.dive.provider.mongodb;

import io.dive.emulator.mongo.ReplicaSetEmulator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.core.apply.ApplyResult;
import io.dive.core.plan.Planned;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.dive.testkit.Runs;

/**
 * Replica sets through the real MongoDB driver against the wire-protocol EMULATOR (ReplicaSetEmulator,
 * not mongod: none can be had here). Proves the order: wait for mongod, initiate once, wait for a
 * writable PRIMARY, grow one member per reconfig; and drift: not initiated, member missing, no primary.
 */
class ReplicaSetEmulatorTest {

    @TempDir
    Path dir;
    ReplicaSetEmulator mongo;

    @AfterEach
    void stop() {
        if (mongo != null) {
            mongo.close();
        }
    }

    String topology(List<String> members) {
        return """
                name: rs
                resources:
                  - type: replicaset
                    name: dive-spoke-fra-mongodb/rs0
                    attributes:
                      host: "%s"
                      members: %s
                      ready_timeout: 20s
                """.formatted(mongo.host(), members.stream().map(m -> "\"" + m + "\"").toList());
    }

    static final Map<String, String> ENV = Map.of("DIVE_FINGERPRINT_KEY", "rs");

    Planned run(List<String> members, boolean apply) throws Exception {
        Files.writeString(dir.resolve("topology.yaml"), topology(members));
        return Runs.plan(dir.resolve("topology.yaml"), ENV, apply);
    }

    static Map<String, String> changes(Planned p) {
        return Runs.changes(p);
    }

    @Test
    void initiatesOnceMongodAnswersAndIsReadyOnlyAsWritablePrimary() throws Exception {
        mongo = new ReplicaSetEmulator(ReplicaSetEmulator.freePort(), 1500);
        String self = mongo.host();
        // mongod comes up a second after dive starts waiting for it.
        CompletableFuture.runAsync(() -> {
            sleep(1000);
            mongo.start();
        });
        long t0 = System.currentTimeMillis();
        run(List.of(self), true);
        assertTrue(mongo.primaryNow(), "apply returned before the set had a writable PRIMARY");
        assertTrue(System.currentTimeMillis() - t0 >= 2500, "it cannot be ready before mongod answered and the election ran");
        assertEquals(Map.of(), changes(run(List.of(self), false)));
    }

    @Test
    void notInitiatedIsAbsentAndMembersGrowOneReconfigAtATime() throws Exception {
        mongo = new ReplicaSetEmulator(ReplicaSetEmulator.freePort(), 200).start();
        String self = mongo.host();
        assertEquals(Map.of("replicaset.dive-spoke-fra-mongodb/rs0", "create[]"), changes(run(List.of(self), false)));
        run(List.of(self), true);
        List<String> three = List.of(self, "mongodb-fra-2:27017", "mongodb-fra-3:27017");
        assertEquals(Map.of("replicaset.dive-spoke-fra-mongodb/rs0", "update[members]"), changes(run(three, false)));
        run(three, true);
        assertEquals(List.of("mongodb-fra-2:27017", "mongodb-fra-3:27017"), mongo.reconfigs, "one voting member per reconfig, in order");
        assertEquals(Map.of(), changes(run(three, false)));
    }

    @Test
    void noPrimaryIsDriftAndApplySaysWhatItWaitsFor() throws Exception {
        mongo = new ReplicaSetEmulator(ReplicaSetEmulator.freePort(), 100).start();
        run(List.of(mongo.host()), true);
        mongo.primaryLost = true;
        assertEquals(Map.of("replicaset.dive-spoke-fra-mongodb/rs0", "update[writable_primary]"), changes(run(List.of(mongo.host()), false)));
        Files.writeString(dir.resolve("topology.yaml"), topology(List.of(mongo.host())).replace("ready_timeout: 20s", "ready_timeout: 2s"));
        {
            ApplyResult r = Runs.applyAllowingFailure(dir.resolve("topology.yaml"), ENV);
            assertFalse(r.succeeded());
            String msg = r.outcomes().get(0).message();
            assertTrue(msg.contains("has no writable PRIMARY after 2s (members: " + mongo.host() + " STARTUP2)"), msg);
        }
        mongo.primaryLost = false;
        assertEquals(Map.of(), changes(run(List.of(mongo.host()), false)));
    }

    @Test
    void aSecondInitiateIsRefusedByTheEmulatorAsByMongod() {
        mongo = new ReplicaSetEmulator(ReplicaSetEmulator.freePort(), 0).start();
        try (var c = com.mongodb.client.MongoClients.create("mongodb://" + mongo.host() + "/?directConnection=true")) {
            var admin = c.getDatabase("admin");
            assertThrows(com.mongodb.MongoCommandException.class, () -> admin.runCommand(new org.bson.Document("replSetGetStatus", 1)));
            admin.runCommand(new org.bson.Document("replSetInitiate", new org.bson.Document("_id", "rs0")
                    .append("members", List.of(new org.bson.Document("_id", 0).append("host", mongo.host())))));
            var e = assertThrows(com.mongodb.MongoCommandException.class, () -> admin.runCommand(new org.bson.Document("replSetInitiate",
                    new org.bson.Document("_id", "rs0").append("members", List.of()))));
            assertEquals(23, e.getErrorCode());
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A MongoDB in a container, as the runner on the host reaches it: through the port it publishes, as a
     * direct connection, while the replica set keeps its members' names on the containers' network.
     */
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
