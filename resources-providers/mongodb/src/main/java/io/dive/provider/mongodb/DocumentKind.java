package io.dive.provider.mongodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import io.dive.spi.Address;
import io.dive.spi.ApplyRequest;
import io.dive.spi.ProviderException;
import io.dive.spi.ResourceKind;
import io.dive.spi.ResourceRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;

/**
 * {@code document.CONTAINER/DB.COLLECTION/ID}: one document dive keeps in sync, e.g. the hub's spoke
 * registry {@code document.dive-hub-mongodb/dive.federation_spokes/fra}. Attributes: {@code host} and
 * {@code fields}. Only the declared fields are compared and written ($set, upsert): fields others keep
 * in the same document (an application's heartbeat) are left alone. Observed with one find per
 * collection ({@code _id $in [...]}), not one per document.
 */
final class DocumentKind implements ResourceKind {

    static final ObjectMapper JSON = new ObjectMapper();
    private volatile MongoConnections connections = MongoConnections.none();

    void connections(MongoConnections c) {
        this.connections = c;
    }

    @Override
    public String type() {
        return "document";
    }

    @Override
    public Set<Address> dependencies(Address address, JsonNode desired) {
        return Set.of(new Address("container", address.parentName()));
    }

    /** CONTAINER/DB.COLLECTION/ID -> {db, collection, id}. */
    static String[] parts(Address a) {
        String[] p = a.name().split("/", 3);
        if (p.length != 3 || !p[1].contains(".")) {
            throw new ProviderException(a + ": a document's name is CONTAINER/DB.COLLECTION/ID");
        }
        int dot = p[1].indexOf('.');
        return new String[] {p[1].substring(0, dot), p[1].substring(dot + 1), p[2]};
    }

    @Override
    public JsonNode normalize(Address address, JsonNode desired) {
        parts(address);
        ObjectNode n = JSON.createObjectNode();
        n.put("host", desired.path("host").asText());
        n.set("fields", desired.path("fields"));
        return n;
    }

    /** Reads many documents: one find per host and collection. */
    Map<Address, JsonNode> observe(List<ResourceRef> refs) {
        Map<String, List<ResourceRef>> groups = new LinkedHashMap<>();
        for (ResourceRef r : refs) {
            JsonNode a = MongoProvider.attrs(r);
            String[] p = parts(r.address());
            groups.computeIfAbsent(a.path("host").asText() + "|" + p[0] + "|" + p[1] + "|" + (r.server() == null ? "" : r.server()),
                    k -> new ArrayList<>()).add(r);
        }
        Map<Address, JsonNode> out = new HashMap<>();
        groups.forEach((key, group) -> {
            String[] k = key.split("\\|");
            Map<String, Address> byId = new HashMap<>();
            group.forEach(r -> byId.put(parts(r.address())[2], r.address()));
            try (MongoClient c = connections.open(k[0], k.length > 3 && !k[3].isEmpty() ? k[3] : null, Duration.ofSeconds(5))) {
                for (Document d : c.getDatabase(k[1]).getCollection(k[2]).find(Filters.in("_id", new ArrayList<>(byId.keySet())))) {
                    ObjectNode o = JSON.createObjectNode();
                    o.put("host", k[0]);
                    Document fields = new Document(d);
                    fields.remove("_id");
                    o.set("fields", toJson(fields));
                    out.put(byId.get(String.valueOf(d.get("_id"))), o);
                }
            } catch (MongoException e) {
                throw new ProviderException("find in " + k[1] + "." + k[2] + " on " + k[0] + ": " + MongoConnections.answer(e));
            }
        });
        return out;
    }

    private static JsonNode toJson(Document d) {
        try {
            return JSON.readTree(d.toJson());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public JsonNode read(ResourceRef ref) {
        return observe(List.of(ref)).get(ref.address());
    }

    @Override
    public void create(ApplyRequest r) {
        upsert(r);
    }

    @Override
    public void update(ApplyRequest r) {
        upsert(r);
    }

    private void upsert(ApplyRequest r) {
        String[] p = parts(r.address());
        String host = r.desired().path("host").asText();
        try (MongoClient c = connections.open(host, r.server(), Duration.ofSeconds(10))) {
            Document set = Document.parse(r.desired().path("fields").toString());
            c.getDatabase(p[0]).getCollection(p[1]).updateOne(Filters.eq("_id", p[2]), new Document("$set", set), new UpdateOptions().upsert(true));
        } catch (MongoException e) {
            throw new ProviderException("updateOne in " + p[0] + "." + p[1] + " on " + host + " (_id " + p[2] + "): " + MongoConnections.answer(e));
        }
    }

    @Override
    public void delete(ApplyRequest r) {
        String[] p = parts(r.address());
        String host = r.prior().path("host").asText();
        try (MongoClient c = connections.open(host, r.server(), Duration.ofSeconds(10))) {
            c.getDatabase(p[0]).getCollection(p[1]).deleteOne(Filters.eq("_id", p[2]));
        } catch (MongoException e) {
            throw new ProviderException("deleteOne in " + p[0] + "." + p[1] + " on " + host + " (_id " + p[2] + "): " + MongoConnections.answer(e));
        }
    }
}
