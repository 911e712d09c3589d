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

/** MongoDB: replica sets and documents kept in sync (the spoke registry). Configured by {@code providers.mongodb}. */
public final class MongoProvider implements Provider {

    private final ReplicaSetKind replicaSets = new ReplicaSetKind();
    private final DocumentKind documents = new DocumentKind();

    @Override
    public String name() {
        return "mongodb";
    }

    @Override
    public List<ResourceKind> kinds() {
        return List.of(replicaSets, documents);
    }

    /** {@code providers.mongodb}: credentials, see {@link MongoConnections}. */
    @Override
    public void configure(ProviderContext context) {
        MongoConnections connections = new MongoConnections(context.config());
        replicaSets.connections(connections);
        documents.connections(connections);
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
