package io.dive.provider.mongodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import io.dive.spi.Address;
import io.dive.spi.ApplyRequest;
import io.dive.spi.ProviderException;
import io.dive.spi.ResourceKind;
import io.dive.spi.ResourceRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;

/**
 * {@code replicaset.CONTAINER/SET}: a MongoDB replica set, e.g. {@code replicaset.dive-spoke-fra-mongodb/rs0}.
 * <pre>
 * host: mongodb-fra:27017          # where to reach a member
 * members: [mongodb-fra:27017]     # the set's members
 * ready_timeout: 120s
 * depends_on: [container.dive-spoke-fra-mongodb]
 * </pre>
 * The order the old tooling got wrong: mongod must already run with --replSet and --keyFile (its
 * container is a dependency), then dive waits until it answers, runs replSetInitiate once with the
 * first member, adds the others one voting member per replSetReconfig, and only reports ready once a
 * member is a writable PRIMARY. Credentials (keyFile auth) are the provider's (see MongoConnections).
 * A writable PRIMARY ("healthy" is not "writable primary"). Drift: not initiated, a member
 * missing or extra, no primary. Deleting one changes nothing on the server (a replica set cannot be
 * un-initiated; deleting its container removes it) and only drops it from state.
 */
final class ReplicaSetKind implements ResourceKind {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int NOT_YET_INITIALIZED = 94;

    @Override
    public String type() {
        return "replicaset";
    }

    private volatile MongoConnections connections = MongoConnections.none();

    void connections(MongoConnections c) {
        this.connections = c;
    }

    @Override
    public Set<Address> dependencies(Address address, JsonNode desired) {
        return Set.of(new Address("container", address.parentName()));
    }

    @Override
    public JsonNode normalize(Address address, JsonNode desired) {
        ObjectNode n = JSON.createObjectNode();
        n.put("set", address.leafName());
        n.put("host", desired.path("host").asText());
        n.set("members", sorted(desired.path("members")));
        n.put("writable_primary", true);
        if (desired.has("ready_timeout")) {
            n.put("ready_timeout", desired.get("ready_timeout").asText());
        }
        return n;
    }

    @Override
    public JsonNode read(ResourceRef ref) {
        JsonNode a = MongoProvider.attrs(ref);
        if (a == null) {
            return null;
        }
        try (MongoClient c = client(a, ref.server(), Duration.ofSeconds(5))) {
            Document status;
            try {
                status = admin(c, new Document("replSetGetStatus", 1));
            } catch (MongoCommandException e) {
                if (e.getErrorCode() == NOT_YET_INITIALIZED) {
                    return null; // mongod runs, but the set was never initiated: that is "absent"
                }
                throw e;
            }
            Document config = admin(c, new Document("replSetGetConfig", 1)).get("config", Document.class);
            ObjectNode o = JSON.createObjectNode();
            o.put("set", status.getString("set"));
            ArrayNode members = JSON.createArrayNode();
            for (Document m : config.getList("members", Document.class)) {
                members.add(m.getString("host"));
            }
            o.set("members", sorted(members));
            o.put("writable_primary", status.getList("members", Document.class).stream().anyMatch(m -> "PRIMARY".equals(m.getString("stateStr"))));
            o.put("config_version", config.getInteger("version", 0));
            o.put("host", a.path("host").asText());
            if (a.has("ready_timeout")) {
                o.put("ready_timeout", a.get("ready_timeout").asText());
            }
            return o;
        } catch (MongoException e) {
            throw new ProviderException("replSetGetStatus on " + a.path("host").asText() + ": " + MongoConnections.answer(e));
        }
    }

    @Override
    public void create(ApplyRequest r) {
        JsonNode d = r.desired();
        List<String> members = list(d.path("members"));
        Duration limit = timeout(d);
        try (MongoClient c = client(d, r.server(), Duration.ofSeconds(2))) {
            waitUntilAnswering(c, d.path("host").asText(), limit);
            Document first = new Document("_id", 0).append("host", members.get(0));
            try {
                admin(c, new Document("replSetInitiate", new Document("_id", r.address().leafName()).append("members", List.of(first))));
            } catch (MongoCommandException e) {
                if (e.getErrorCode() != 23) { // 23 AlreadyInitialized: a previous, interrupted run got this far
                    throw new ProviderException("replSetInitiate on " + d.path("host").asText() + ": " + e.getErrorMessage());
                }
            }
            waitForPrimary(c, d.path("host").asText(), limit);
            reconcileMembers(c, d, members, limit);
        }
    }

    @Override
    public void update(ApplyRequest r) {
        JsonNode d = r.desired();
        try (MongoClient c = client(d, r.server(), Duration.ofSeconds(2))) {
            waitForPrimary(c, d.path("host").asText(), timeout(d));
            reconcileMembers(c, d, list(d.path("members")), timeout(d));
        }
    }

    /** Adds or removes one member per replSetReconfig (at most one voting change per step), waiting for a primary after each. */
    private void reconcileMembers(MongoClient c, JsonNode d, List<String> wanted, Duration limit) {
        while (true) {
            Document config = admin(c, new Document("replSetGetConfig", 1)).get("config", Document.class);
            List<Document> current = new ArrayList<>(config.getList("members", Document.class));
            Set<String> hosts = new LinkedHashSet<>();
            current.forEach(m -> hosts.add(m.getString("host")));
            String add = wanted.stream().filter(h -> !hosts.contains(h)).findFirst().orElse(null);
            String remove = add != null ? null : hosts.stream().filter(h -> !wanted.contains(h)).findFirst().orElse(null);
            if (add == null && remove == null) {
                return;
            }
            if (add != null) {
                int nextId = current.stream().mapToInt(m -> m.getInteger("_id")).max().orElse(-1) + 1;
                current.add(new Document("_id", nextId).append("host", add));
            } else {
                current.removeIf(m -> m.getString("host").equals(remove));
            }
            config.put("members", current);
            config.put("version", config.getInteger("version", 1) + 1);
            try {
                admin(c, new Document("replSetReconfig", config));
            } catch (MongoCommandException e) {
                throw new ProviderException("replSetReconfig on " + d.path("host").asText() + " (" + (add != null ? "adding " + add : "removing " + remove)
                        + "): " + e.getErrorMessage());
            }
            waitForPrimary(c, d.path("host").asText(), limit);
        }
    }

    @Override
    public void delete(ApplyRequest r) {
        // Nothing to undo on the server: see the class comment.
    }

    @Override
    public void awaitReady(ApplyRequest r, Duration timeout) {
        try (MongoClient c = client(r.desired(), r.server(), Duration.ofSeconds(2))) {
            waitForPrimary(c, r.desired().path("host").asText(), timeout(r.desired()));
        }
    }

    private static void waitUntilAnswering(MongoClient c, String host, Duration limit) {
        pollUntil(limit, "", () -> {
            admin(c, new Document("ping", 1));
            return null;
        }, last -> new ProviderException("mongod at " + host + " did not answer within " + limit.toSeconds()
                + "s (waited to initiate the replica set; last: " + last + ")"));
    }

    private static void waitForPrimary(MongoClient c, String host, Duration limit) {
        pollUntil(limit, "no status yet", () -> {
            List<String> states = new ArrayList<>();
            for (Document m : admin(c, new Document("replSetGetStatus", 1)).getList("members", Document.class)) {
                if ("PRIMARY".equals(m.getString("stateStr"))) {
                    return null;
                }
                states.add(m.getString("name") + " " + m.getString("stateStr"));
            }
            return "members: " + String.join(", ", states);
        }, last -> new ProviderException("replica set at " + host + " has no writable PRIMARY after " + limit.toSeconds() + "s (" + last + ")"));
    }

    /**
     * Asks {@code check} until it returns null (done), backing off (the shared Retry.Backoff.POLL) between tries;
     * a MongoException counts as a "not yet" with its message. At the limit, fails with what it last heard.
     */
    private static void pollUntil(Duration limit, String initial, java.util.function.Supplier<String> check,
                                  java.util.function.Function<String, ProviderException> timedOut) {
        String last = io.dive.spi.Retry.until(limit, io.dive.spi.Retry.Backoff.POLL, () -> {
            try {
                return check.get();
            } catch (MongoException e) {
                return e.getMessage();
            }
        }, null);
        if (last != null) {
            throw timedOut.apply("no answer yet".equals(last) ? initial : last);
        }
    }

    private static Document admin(MongoClient c, Document command) {
        return c.getDatabase("admin").runCommand(command);
    }

    private MongoClient client(JsonNode a, String server, Duration selection) {
        return connections.open(a.path("host").asText(), server, selection);
    }

    private static Duration timeout(JsonNode d) {
        String t = d.path("ready_timeout").asText("120s");
        return t.endsWith("ms") ? Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)))
                : Duration.ofSeconds(Long.parseLong(t.replace("s", "")));
    }

    private static List<String> list(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        if (out.isEmpty()) {
            throw new ProviderException("a replica set needs at least one member");
        }
        return out;
    }

    private static ArrayNode sorted(JsonNode arr) {
        TreeSet<String> s = new TreeSet<>();
        arr.forEach(n -> s.add(n.asText()));
        ArrayNode out = JSON.createArrayNode();
        s.forEach(out::add);
        return out;
    }

}
