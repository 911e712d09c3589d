package io.dive.provider.mongodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import io.dive.spi.Address;
import io.dive.spi.HealthProbe.Finding;
import io.dive.spi.HealthProbe.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * {@code dive status} for a replica set: one {@code replSetGetStatus} on its host, which names the
 * PRIMARY and every member's state. No PRIMARY (or a set never initiated, or a host that does not
 * answer) fails; a member in another state than PRIMARY, SECONDARY or ARBITER warns.
 */
final class ReplicaSetHealth {

    private static final int NOT_YET_INITIALIZED = 94;

    private ReplicaSetHealth() {
    }

    static Finding of(MongoConnections connections, Address a, JsonNode attrs, String server) {
        String host = attrs.path("host").asText();
        String fix = "dive apply --target " + a + " {file}";
        try (MongoClient c = connections.open(host, server, Duration.ofSeconds(3))) {
            Document status = c.getDatabase("admin").runCommand(new Document("replSetGetStatus", 1));
            String primary = null;
            List<String> members = new ArrayList<>();
            boolean odd = false;
            for (Document m : status.getList("members", Document.class)) {
                String state = m.getString("stateStr");
                members.add(m.getString("name") + " " + state);
                if ("PRIMARY".equals(state)) {
                    primary = m.getString("name");
                } else if (!"SECONDARY".equals(state) && !"ARBITER".equals(state)) {
                    odd = true;
                }
            }
            String detail = "set " + status.getString("set") + ", members: " + String.join(", ", members);
            if (primary == null) {
                return Finding.ofResource(a, "primary", Level.FAIL, "no PRIMARY; " + detail, fix);
            }
            return Finding.ofResource(a, "primary", odd ? Level.WARN : Level.OK, "PRIMARY " + primary + "; " + detail, null);
        } catch (MongoCommandException e) {
            if (e.getErrorCode() == NOT_YET_INITIALIZED) {
                return Finding.ofResource(a, "primary", Level.FAIL, host + ": the replica set is not initiated", fix);
            }
            return Finding.ofResource(a, "primary", Level.FAIL, "replSetGetStatus on " + host + ": " + MongoConnections.answer(e), null);
        } catch (MongoException e) {
            return Finding.ofResource(a, "primary", Level.FAIL, "replSetGetStatus on " + host + ": " + MongoConnections.answer(e), null);
        }
    }
}
