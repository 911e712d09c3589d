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

/** MongoDB: replica sets. Configured by {@code providers.mongodb} (optional {@code username}, {@code password}). */
public final class MongoProvider implements Provider {

    private final ReplicaSetKind replicaSets = new ReplicaSetKind();

    @Override
    public String name() {
        return "mongodb";
    }

    @Override
    public List<ResourceKind> kinds() {
        return List.of(replicaSets);
    }

    /** {@code providers.mongodb: {username, password}}: the admin account of keyFile-protected sets. */
    @Override
    public void configure(ProviderContext context) {
        JsonNode c = context.config();
        if (c.hasNonNull("username")) {
            replicaSets.credential(com.mongodb.MongoCredential.createCredential(c.get("username").asText(), "admin",
                    c.path("password").asText().toCharArray()));
        }
    }

    /** One replSetGetStatus (and replSetGetConfig) per replica set, in parallel. */
    @Override
    public Map<Address, JsonNode> observe(ObserveRequest request) {
        Map<Address, JsonNode> out = new java.util.concurrent.ConcurrentHashMap<>();
        request.resources().parallelStream().forEach(ref -> {
            JsonNode o = replicaSets.read(ref);
            if (o != null) {
                out.put(ref.address(), o);
            }
        });
        return new HashMap<>(out);
    }

    static JsonNode attrs(ResourceRef ref) {
        return ref.desired() != null ? ref.desired() : ref.recorded();
    }
}
