package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.ResourceKind;
import io.dive.spi.ResourceRef;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the Keycloak kinds share: saying what they need from a realm snapshot, and reading it. */
abstract class KeycloakKind implements ResourceKind {

    static final ObjectMapper JSON = new ObjectMapper();
    final KeycloakProvider provider;

    KeycloakKind(KeycloakProvider provider) {
        this.provider = provider;
    }

    /** Adds what this resource needs to the per-realm reading plan. */
    abstract void declareNeeds(ResourceRef ref, RealmReads needs, boolean single);

    /** The observed attributes, or null when absent. */
    abstract JsonNode fromSnapshots(ResourceRef ref, RealmReads snapshots);

    /**
     * A resource of one realm (its address's first part) needs that realm, the one it lives with, and what
     * {@link #alsoNeeds} adds: a kind declares only what is its own.
     */
    @Override
    public java.util.Set<io.dive.spi.Address> dependencies(io.dive.spi.Address address, JsonNode desired) {
        java.util.Set<io.dive.spi.Address> out = new java.util.LinkedHashSet<>();
        io.dive.spi.Address realm = livesWith(address, desired);
        if (realm != null) {
            out.add(realm);
        }
        out.addAll(alsoNeeds(address, desired));
        return out;
    }

    /** What a resource needs besides its realm (a client role's client, a mapper's identity provider); none by default. */
    java.util.Set<io.dive.spi.Address> alsoNeeds(io.dive.spi.Address address, JsonNode desired) {
        return java.util.Set.of();
    }

    /** A user, client or client scope lives on its realm's server. */
    @Override
    public io.dive.spi.Address livesWith(io.dive.spi.Address address, JsonNode desired) {
        return address.name().contains("/") ? new io.dive.spi.Address("realm", address.parentName()) : null;
    }

    @Override
    public JsonNode read(ResourceRef ref) {
        return provider.readOne(ref);
    }

    /** Desired fields laid over the server's current representation: what a PUT sends. */
    static ObjectNode merge(JsonNode current, JsonNode desired, String... skip) {
        ObjectNode out = current == null ? JSON.createObjectNode() : current.deepCopy();
        desired.fields().forEachRemaining(e -> out.set(e.getKey(), e.getValue()));
        for (String s : skip) {
            out.remove(s);
        }
        return out;
    }

    /** The reading plan of the resource's realm, marked as a single read when it is one. */
    static RealmSnapshot.Needs realmNeeds(ResourceRef ref, RealmReads needs, boolean single) {
        RealmSnapshot.Needs n = needs.need(ref.server(), ref.address().parentName());
        n.single |= single;
        return n;
    }

    /** The desired attributes with their {@code attributes} (name to values) as sets, as {@link #valueSets} reads them. */
    static JsonNode withValueSets(JsonNode desired) {
        ObjectNode d = desired.deepCopy();
        if (d.has("attributes")) {
            d.set("attributes", valueSets(d.get("attributes")));
        }
        return d;
    }

    /** Attributes (name to a list of values) with each list as a sorted set: Keycloak does not keep their order. */
    static ObjectNode valueSets(JsonNode attributes) {
        ObjectNode sorted = JSON.createObjectNode();
        attributes.fields().forEachRemaining(e -> sorted.set(e.getKey(), RealmKind.sorted(e.getValue())));
        return sorted;
    }

    /** A field that must be a list of names (strings), when declared: a lone string is an error, not an empty list. */
    static void requireNames(JsonNode desired, String field, String what) {
        JsonNode v = desired.get(field);
        if (v == null) {
            return;
        }
        if (!v.isArray()) {
            throw new io.dive.spi.InvalidAttributeException("/" + field, "expected a list of " + what + ", found " + Representations.kind(v));
        }
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw new io.dive.spi.InvalidAttributeException("/" + field + "/" + i, "expected a name, found " + Representations.kind(v.get(i)));
            }
        }
    }

    /**
     * The fields of a typed object with settings (a protocol mapper, an identity provider and its mappers):
     * the representation's fields only, none that the address gives or Keycloak sets, its type given, and
     * its {@code config} plain values.
     *
     * @param notDeclared fields the manifest may not give, with why
     * @param typeField   the field that names its type, with an example in {@code typeExample}
     */
    static void checkTypedWithConfig(JsonNode desired, Class<?> rep, String what, Map<String, String> notDeclared, String typeField, String typeExample) {
        Representations.checkFields(desired, rep, what);
        notDeclared.forEach((f, why) -> {
            if (desired.has(f)) {
                throw new io.dive.spi.InvalidAttributeException("/" + f, why);
            }
        });
        if (!desired.path(typeField).isTextual()) {
            throw new io.dive.spi.InvalidAttributeException("/" + typeField, "required: the " + what + "'s type, e.g. " + typeExample);
        }
        requireValues(desired, "config");
    }

    /** A map of settings ({@code config}) when declared: each a plain value, never a list or a map. */
    static void requireValues(JsonNode desired, String field) {
        desired.path(field).fields().forEachRemaining(c -> {
            if (!c.getValue().isValueNode() || c.getValue().isNull()) {
                throw new io.dive.spi.InvalidAttributeException("/" + field + "/" + c.getKey(), "expected a value, found " + Representations.kind(c.getValue()));
            }
        });
    }

    /** A copy of the desired attributes with their {@code config} (when given) as {@link #texts}. */
    static ObjectNode withConfigTexts(JsonNode desired) {
        ObjectNode d = desired.deepCopy();
        if (d.has("config")) {
            d.set("config", texts(d.get("config")));
        }
        return d;
    }

    /** Settings as the text Keycloak keeps them in: {@code true} and {@code 5} become "true" and "5". */
    static ObjectNode texts(JsonNode config) {
        ObjectNode out = JSON.createObjectNode();
        config.fields().forEachRemaining(c -> out.put(c.getKey(), c.getValue().asText()));
        return out;
    }

    /**
     * The {@code config} to send in an update: Keycloak replaces an object's whole config, so the settings
     * the manifest does not give keep the values read before the change.
     */
    static ObjectNode mergedConfig(JsonNode prior, JsonNode wanted) {
        ObjectNode config = prior != null && prior.path("config").isObject() ? (ObjectNode) prior.get("config").deepCopy() : JSON.createObjectNode();
        wanted.path("config").fields().forEachRemaining(c -> config.set(c.getKey(), c.getValue()));
        return config;
    }

    /** The uuid of the client a resource lives in, by its clientId (one request), or an error that says to declare it. */
    static String clientUuid(KeycloakProvider provider, io.dive.spi.ApplyRequest r, String clientId, String what) {
        JsonNode found = provider.api(r.server()).clientsByClientId(r.address().parentName(), clientId);
        if (found == null || found.isEmpty()) {
            throw new io.dive.spi.ProviderException("client " + clientId + " of realm " + r.address().parentName() + " does not exist: a " + what
                    + " is made in its client; declare client." + r.address().parentName() + "/" + clientId);
        }
        return found.get(0).path("id").asText();
    }

    /** The server's id of the object, as observed before the change (Keycloak addresses objects by uuid). */
    static String serverId(io.dive.spi.ApplyRequest r, String what) {
        String id = r.prior() == null ? "" : r.prior().path("id").asText("");
        if (id.isEmpty()) {
            throw new io.dive.spi.ProviderException(what + " " + r.address().leafName() + ": no server id known; run dive plan again");
        }
        return id;
    }

    /** A protocol mapper that puts a user attribute into tokens as a claim of the same name (multivalued). */
    static ObjectNode claimMapper(String claim) {
        ObjectNode m = JSON.createObjectNode();
        m.put("name", claim);
        m.put("protocol", "openid-connect");
        m.put("protocolMapper", LinkShape.CLIENT_MAPPER);
        ObjectNode cfg = m.putObject("config");
        cfg.put("user.attribute", claim);
        cfg.put("claim.name", claim);
        cfg.put("jsonType.label", "String");
        cfg.put("multivalued", "true");
        cfg.put("id.token.claim", "true");
        cfg.put("access.token.claim", "true");
        cfg.put("userinfo.token.claim", "true");
        return m;
    }

    /**
     * Leaves exactly one mapper of dive's type per wanted claim, with the settings dive gives it:
     * deletes the others (a claim no longer wanted, a duplicate, or one changed by hand, which is made
     * again) and creates what is missing. Mappers of other types are not dive's.
     *
     * @param right whether a mapper of ours for a wanted claim still has dive's settings
     */
    static void syncMappers(JsonNode existing, java.util.function.Predicate<JsonNode> ours,
                             java.util.function.Function<JsonNode, String> claimOf, java.util.function.Predicate<JsonNode> right,
                             List<String> claims, java.util.function.Consumer<String> deleteById, java.util.function.Consumer<String> createFor) {
        Set<String> present = new HashSet<>();
        for (JsonNode m : existing == null ? JSON.createArrayNode() : existing) {
            if (!ours.test(m)) {
                continue;
            }
            String claim = claimOf.apply(m);
            if (!(claims.contains(claim) && right.test(m) && present.add(claim))) {
                deleteById.accept(m.path("id").asText());
            }
        }
        for (String c : claims) {
            if (!present.contains(c)) {
                createFor.accept(c);
            }
        }
    }
}
