package io.dive.provider.mongodb;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.spi.Address;
import io.dive.spi.ObserveRequest;
import io.dive.spi.Provider;
import io.dive.spi.ResourceKind;
import io.dive.spi.ResourceRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * MongoDB: replica sets, documents kept in sync (the spoke registry), and the password of the user dive logs
 * in with (rotated inside the server). Configured by {@code providers.mongodb}.
 */
public final class MongoProvider implements Provider, io.dive.spi.HealthProbe {

    private final ReplicaSetKind replicaSets = new ReplicaSetKind();
    private final DocumentKind documents = new DocumentKind();
    private final MongoPasswordKind passwords = new MongoPasswordKind();

    @Override
    public String name() {
        return "mongodb";
    }

    @Override
    public List<ResourceKind> kinds() {
        return List.of(replicaSets, documents, passwords);
    }

    private MongoConnections connections;
    private java.util.function.Function<Address, String> serverOf = a -> null;

    /** Each replica set's PRIMARY and members, all sets at once. */
    @Override
    public List<Finding> health(Request request) {
        return request.resources().entrySet().stream().filter(e -> e.getKey().type().equals("replicaset")).toList().parallelStream()
                .map(e -> ReplicaSetHealth.of(connections, e.getKey(), e.getValue(), serverOf.apply(e.getKey()))).toList();
    }

    /** {@code providers.mongodb}: credentials; {@code servers:} of provider mongodb: where to reach each, see {@link MongoConnections}. */
    @Override
    public void configure(ProviderContext context) {
        connections = new MongoConnections(context.config(), context.servers(), context.baseDir(), context.files());
        serverOf = context.serverOf();
        connections.warnings().forEach(context.log()::warn);
        replicaSets.connections(connections);
        documents.connections(connections);
        passwords.connections(connections);
    }

    /** A password resource lives on a server with a username, and is that server's password (the same reference). */
    @Override
    public List<Problem> checkBindings(Bindings bindings) {
        List<Problem> out = new java.util.ArrayList<>();
        bindings.resources().forEach((a, attrs) -> {
            if (!a.type().equals(MongoPasswordKind.TYPE)) {
                return;
            }
            String server = bindings.serverOf(a);
            JsonNode settings = server == null ? null : bindings.settingsOf(server);
            if (settings == null || !settings.hasNonNull("username")) {
                out.add(new Problem(a, "", "a MongoDB password lives on a server of servers: with a username (its instance's, or one named with server:)"));
            } else if (!attrs.path("password").asText().equals(settings.path("password").asText())) {
                out.add(new Problem(a, "/password", "must be servers." + server + ".password, the same reference: the password dive logs in with is"
                        + " the one this resource sets"));
            }
        });
        return out;
    }

    /** A servers: entry of provider mongodb: {@code connect} (host:port, required), {@code username}, {@code password}, {@code tls}, {@code ca}, {@code insecure}. */
    @Override
    public void validateServer(String name, JsonNode settings) {
        settings.fieldNames().forEachRemaining(k -> {
            if (!MongoConnections.SERVER_KEYS.contains(k)) {
                String closest = io.dive.spi.Suggestions.closest(k, MongoConnections.SERVER_KEYS);
                throw new io.dive.spi.InvalidAttributeException("/" + k, "unknown key \"" + k + "\"" + (closest != null
                        ? " (did you mean \"" + closest + "\"?)" : " (allowed: " + String.join(", ", MongoConnections.SERVER_KEYS) + ")"));
            }
        });
        if (!settings.path("connect").isTextual() || !settings.get("connect").asText().matches("[^:/\\s]+:\\d+")) {
            throw new io.dive.spi.InvalidAttributeException("/connect", "expected host:port, where dive reaches it (a published port: 127.0.0.1:27018)");
        }
    }

    /** Waits until the server answers a ping; the timeout names it and its last answer. */
    @Override
    public void awaitServer(String name, java.time.Duration timeout) {
        String last = io.dive.spi.Retry.until(timeout, io.dive.spi.Retry.Backoff.POLL, () -> {
            try (com.mongodb.client.MongoClient c = connections.open("?", name, java.time.Duration.ofSeconds(2))) {
                c.getDatabase("admin").runCommand(new org.bson.Document("ping", 1));
                return null;
            }
        }, null);
        if (last != null) {
            throw new io.dive.spi.ProviderException("mongodb server " + name + " did not answer a ping within " + timeout.toSeconds() + " s; last answer: " + last);
        }
    }

    /** One replSetGetStatus (and replSetGetConfig) per replica set, in parallel; one find per collection for documents. */
    @Override
    public Map<Address, JsonNode> observe(ObserveRequest request) {
        Map<Address, JsonNode> out = new java.util.concurrent.ConcurrentHashMap<>();
        request.resources().stream().filter(r -> r.address().type().equals("replicaset")).toList().parallelStream().forEach(ref -> {
            JsonNode o = replicaSets.read(ref);
            if (o != null) {
                out.put(ref.address(), o);
            }
        });
        request.resources().stream().filter(r -> r.address().type().equals(MongoPasswordKind.TYPE)).toList().parallelStream().forEach(ref -> {
            JsonNode o = passwords.read(ref);
            if (o != null) {
                out.put(ref.address(), o);
            }
        });
        List<ResourceRef> docs = request.resources().stream().filter(r -> r.address().type().equals("document")).toList();
        if (!docs.isEmpty()) {
            out.putAll(documents.observe(docs));
        }
        return new HashMap<>(out);
    }

    static JsonNode attrs(ResourceRef ref) {
        return ref.desired() != null ? ref.desired() : ref.recorded();
    }
}
