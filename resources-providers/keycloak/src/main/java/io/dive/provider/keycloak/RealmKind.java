package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.Address;
import io.dive.spi.ApplyRequest;
import io.dive.spi.ResourceRef;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code realm.NAME}. Attributes are RealmRepresentation fields ({@code enabled}, {@code displayName},
 * {@code accessTokenLifespan}...) plus {@code userAttributes}: the custom attributes the realm's user
 * profile declares (Keycloak 26 drops undeclared user attributes, so DIVE's clearance,
 * countryOfAffiliation and acpCOI must be declared here).
 */
final class RealmKind extends KeycloakKind {

    static final String USER_ATTRIBUTES = "userAttributes";
    /** With true, the user profile has exactly the built-ins and userAttributes: hand-added attributes are removed. */
    static final String EXCLUSIVE = "userAttributesExclusive";

    RealmKind(KeycloakProvider provider) {
        super(provider);
    }

    @Override
    public String type() {
        return "realm";
    }

    /** Deleting a realm deletes everything in it: its clients, users and the IdPs of its links. */
    @Override
    public boolean replacementDestroysDependents() {
        return true;
    }

    @Override
    public void validate(Address address, JsonNode desired) {
        Representations.checkFields(desired, org.keycloak.representations.idm.RealmRepresentation.class, "realm", USER_ATTRIBUTES, EXCLUSIVE);
        if (desired.has(EXCLUSIVE) && !desired.get(EXCLUSIVE).isBoolean()) {
            throw new io.dive.spi.InvalidAttributeException("/" + EXCLUSIVE, "expected true or false, found " + Representations.kind(desired.get(EXCLUSIVE)));
        }
        KeycloakKind.requireNames(desired, USER_ATTRIBUTES, "attribute names");
    }

    @Override
    public Set<String> identities(Address address, JsonNode attributes) {
        return Set.of("keycloak realm " + address.name());
    }

    /** Declared without {@code enabled}, a realm is enabled, as Keycloak's admin console makes it. */
    @Override
    public JsonNode normalize(Address address, JsonNode desired) {
        ObjectNode d = desired.deepCopy();
        if (!d.has("enabled")) {
            d.put("enabled", true);
        }
        if (d.has(USER_ATTRIBUTES)) {
            d.set(USER_ATTRIBUTES, sorted(d.get(USER_ATTRIBUTES)));
        }
        return d;
    }

    @Override
    void declareNeeds(ResourceRef ref, RealmReads needs, boolean single) {
        RealmSnapshot.Needs n = needs.need(ref.server(), ref.address().name());
        n.realm = true;
        n.profile = true;
    }

    @Override
    JsonNode fromSnapshots(ResourceRef ref, RealmReads snapshots) {
        RealmSnapshot s = snapshots.get(ref.server(), ref.address().name());
        if (s == null || !s.exists()) {
            return null;
        }
        ObjectNode o = s.realm.deepCopy();
        ArrayNode attrs = o.putArray(USER_ATTRIBUTES);
        // userAttributes names what dive requires: attributes someone added by hand are theirs and not
        // drift, unless the realm says userAttributesExclusive: true.
        boolean exclusive = ref.desired() != null && ref.desired().path(EXCLUSIVE).asBoolean(false);
        JsonNode wanted = ref.desired() == null ? null : ref.desired().get(USER_ATTRIBUTES);
        s.customAttributes().stream().filter(a -> exclusive || wanted == null || contains(wanted, a)).forEach(attrs::add);
        if (ref.desired() != null && ref.desired().has(EXCLUSIVE)) {
            o.put(EXCLUSIVE, exclusive); // a setting of dive's, not of the server: it is what was asked
        }
        return o;
    }

    @Override
    public void create(ApplyRequest r) {
        ObjectNode body = merge(null, normalize(r.address(), r.desired()), USER_ATTRIBUTES, EXCLUSIVE); // with its defaults (enabled)
        body.put("realm", r.address().name());
        provider.api(r.server()).createRealm(body);
        if (r.desired().has(USER_ATTRIBUTES)) {
            declareUserAttributes(r.server(), r.address().name(), r.desired().get(USER_ATTRIBUTES), r.desired().path(EXCLUSIVE).asBoolean(false));
        }
    }

    @Override
    public void update(ApplyRequest r) {
        Set<String> others = new TreeSet<>(r.changed());
        others.remove(USER_ATTRIBUTES);
        others.remove(EXCLUSIVE);
        if (!others.isEmpty()) {
            // Only the fields dive manages: a PUT of a partial representation leaves the rest alone.
            ObjectNode body = merge(null, normalize(r.address(), r.desired()), USER_ATTRIBUTES, EXCLUSIVE); // with its defaults (enabled)
            body.put("realm", r.address().name());
            provider.api(r.server()).updateRealm(r.address().name(), body);
        }
        if (r.changed().contains(USER_ATTRIBUTES) || r.changed().contains(EXCLUSIVE)) {
            declareUserAttributes(r.server(), r.address().name(), r.desired().get(USER_ATTRIBUTES), r.desired().path(EXCLUSIVE).asBoolean(false));
        }
    }

    @Override
    public void delete(ApplyRequest r) {
        provider.api(r.server()).deleteRealm(r.address().name());
    }

    /** Makes the user profile declare exactly the built-ins plus these attributes. */
    /** Declares the wanted attributes in the user profile; with {@code exclusive}, also removes every other custom one. */
    private void declareUserAttributes(String server, String realm, JsonNode wanted, boolean exclusive) {
        ObjectNode profile = (ObjectNode) provider.api(server).userProfile(realm);
        if (profile == null) {
            throw new io.dive.spi.ProviderException("GET /admin/realms/" + realm + "/users/profile: realm " + realm + " vanished during the change");
        }
        ArrayNode kept = JSON.createArrayNode();
        Set<String> present = new TreeSet<>();
        for (JsonNode a : profile.path("attributes")) {
            String n = a.path("name").asText();
            if (RealmSnapshot.BUILT_IN_ATTRIBUTES.contains(n) || contains(wanted, n) || !exclusive) {
                kept.add(a);
                present.add(n);
            }
        }
        for (JsonNode w : wanted) {
            if (present.add(w.asText())) {
                ObjectNode a = kept.addObject();
                a.put("name", w.asText());
                a.put("displayName", w.asText());
                a.put("multivalued", true);
                ObjectNode perms = a.putObject("permissions");
                perms.putArray("view").add("admin").add("user");
                perms.putArray("edit").add("admin");
            }
        }
        profile.set("attributes", kept);
        provider.api(server).updateUserProfile(realm, profile);
    }

    private static boolean contains(JsonNode arr, String value) {
        for (JsonNode n : arr) {
            if (n.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    static ArrayNode sorted(JsonNode arr) {
        TreeSet<String> s = new TreeSet<>();
        arr.forEach(n -> s.add(n.asText()));
        ArrayNode out = JSON.createArrayNode();
        s.forEach(out::add);
        return out;
    }
}
