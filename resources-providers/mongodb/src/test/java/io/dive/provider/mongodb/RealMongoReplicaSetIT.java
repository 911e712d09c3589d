package io.dive.provider.mongodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClients;
import io.dive.core.apply.ApplyListener;
import io.dive.core.engine.Session;
import io.dive.core.plan.PlanOptions;
import io.dive.core.plan.ResourceChange;
import io.dive.core.run.ProviderRegistry;
import io.dive.emulator.mongo.ReplicaSetEmulator;
import io.dive.spi.state.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replica-set scenario against a REAL mongod (profile real-mongo; needs Docker and a reachable
 * registry for the mongo image, so it does not run in this project's CI, which has neither registry
 * nor mongod). mongod starts with --replSet on the host network, so the member address is the same
 * inside and outside the container; dive waits for it, initiates, and waits for a writable PRIMARY.
 */
class RealMongoReplicaSetIT {

    @TempDir
    Path dir;
    String container;

    @AfterEach
    void stop() throws Exception {
        if (container != null) {
            new ProcessBuilder("docker", "rm", "-f", container).inheritIO().start().waitFor();
        }
    }

    @Test
    void aRealMongodBecomesAWritablePrimary() throws Exception {
        int port = ReplicaSetEmulator.freePort();
        container = "dive-it-mongo-" + port;
        Process run = new ProcessBuilder("docker", "run", "-d", "--name", container, "--network", "host",
                System.getProperty("dive.test.mongo.image", "mongo:8.0.17"), "--replSet", "rs0", "--port", Integer.toString(port),
                "--bind_ip", "127.0.0.1").inheritIO().start();
        assertEquals(0, run.waitFor(), "docker run of the mongo image failed (is a registry reachable?)");
        String host = "127.0.0.1:" + port;
        Files.writeString(dir.resolve("topology.yaml"), """
                name: real-mongo
                resources:
                  - type: replicaset
                    name: %s/rs0
                    attributes: {host: "%s", members: ["%s"], ready_timeout: 120s}
                """.formatted(container, host, host));
        Map<String, String> env = Map.of("DIVE_FINGERPRINT_KEY", "it");
        try (ProviderRegistry registry = ProviderRegistry.discover(); Session s = Session.open(dir.resolve("topology.yaml"), null, env::get, registry, io.dive.spi.Log.to(System.err))) {
            State state = s.store().read();
            assertTrue(s.apply(s.plan(state, PlanOptions.all()), state, ApplyListener.NONE, 1).succeeded());
            assertTrue(s.plan(s.store().read(), PlanOptions.all()).plan().changes().stream().noneMatch(ResourceChange::isChange));
        }
        try (var c = MongoClients.create("mongodb://" + host + "/?directConnection=true")) {
            Document hello = c.getDatabase("admin").runCommand(new Document("hello", 1));
            assertEquals(Boolean.TRUE, hello.getBoolean("isWritablePrimary"));
            assertEquals("rs0", hello.getString("setName"));
            c.getDatabase("dive").getCollection("probe").insertOne(new Document("written", List.of(1)));
        }
    }
}
