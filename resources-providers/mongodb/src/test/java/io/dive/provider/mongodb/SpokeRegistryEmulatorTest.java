package io.dive.provider.mongodb;

import io.dive.emulator.mongo.ReplicaSetEmulator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.dive.core.plan.Planned;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.dive.testkit.Runs;

/** The hub's spoke registry (federation_spokes) kept in sync with the manifest, on the wire-protocol EMULATOR. */
class SpokeRegistryEmulatorTest {

    @TempDir
    Path dir;
    ReplicaSetEmulator mongo;
    MongoClient client;
    MongoCollection<Document> spokes;

    @BeforeEach
    void setUp() {
        mongo = new ReplicaSetEmulator(ReplicaSetEmulator.freePort(), 0).start();
        client = MongoClients.create("mongodb://" + mongo.host() + "/?directConnection=true");
        spokes = client.getDatabase("dive").getCollection("federation_spokes");
    }

    @AfterEach
    void tearDown() {
        client.close();
        mongo.close();
    }

    Planned run(List<String> codes, boolean apply) throws Exception {
        StringBuilder sb = new StringBuilder("name: registry\nresources:\n");
        for (String c : codes) {
            sb.append("  - type: document\n    name: dive-hub-mongodb/dive.federation_spokes/").append(c).append("\n    attributes:\n")
                    .append("      host: \"").append(mongo.host()).append("\"\n")
                    .append("      fields: {code: ").append(c).append(", realm: dive-v3-broker-").append(c).append(", status: active}\n");
        }
        Files.writeString(dir.resolve("topology.yaml"), sb.toString());
        return Runs.plan(dir.resolve("topology.yaml"), Map.of("DIVE_FINGERPRINT_KEY", "registry"), apply);
    }

    static Map<String, String> changes(Planned p) {
        return Runs.changes(p);
    }

    @Test
    void oneDocumentPerSpokeKeptInSyncWithTheManifest() throws Exception {
        run(List.of("fra", "deu", "gbr"), true);
        assertEquals(3, spokes.countDocuments());
        assertEquals("dive-v3-broker-fra", spokes.find(Filters.eq("_id", "fra")).first().getString("realm"));
        assertEquals(Map.of(), changes(run(List.of("fra", "deu", "gbr"), false)));

        // The application's own fields in the same document are not dive's: no drift, and they survive updates.
        spokes.updateOne(Filters.eq("_id", "fra"), new Document("$set", new Document("lastHeartbeat", "2026-11-22T20:00:00Z")));
        assertEquals(Map.of(), changes(run(List.of("fra", "deu", "gbr"), false)));
        // A declared field changed by hand is drift, repaired by apply.
        spokes.updateOne(Filters.eq("_id", "deu"), new Document("$set", new Document("status", "suspended")));
        assertEquals(Map.of("document.dive-hub-mongodb/dive.federation_spokes/deu", "update[fields.status]"),
                changes(run(List.of("fra", "deu", "gbr"), false)));
        run(List.of("fra", "deu", "gbr"), true);
        assertEquals("active", spokes.find(Filters.eq("_id", "deu")).first().getString("status"));

        // A spoke removed from the manifest leaves the registry.
        run(List.of("fra", "deu"), true);
        assertNull(spokes.find(Filters.eq("_id", "gbr")).first());
        assertEquals("2026-11-22T20:00:00Z", spokes.find(Filters.eq("_id", "fra")).first().getString("lastHeartbeat"));
    }
}
