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
        Representations.checkFields(desired, org.keycloak.representations.idm.RealmRepresentation.class, "realm", USER_ATTRIBUTES);
        KeycloakKind.requireNames(desired, USER_ATTRIBUTES, "attribute names");
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
    void declareNeeds(ResourceRef ref, Map<String, RealmSnapshot.Needs> needs, boolean single) {
        RealmSnapshot.Needs n = needs(needs, ref.address().name());
        n.realm = true;
        n.profile = true;
    }

    @Override
    JsonNode fromSnapshots(ResourceRef ref, Map<String, RealmSnapshot> snapshots) {
        RealmSnapshot s = snapshots.get(ref.address().name());
        if (s == null || !s.exists()) {
            return null;
        }
        ObjectNode o = s.realm.deepCopy();
        ArrayNode attrs = o.putArray(USER_ATTRIBUTES);
        s.customAttributes().forEach(attrs::add);
        return o;
    }

    @Override
    public void create(ApplyRequest r) {
        ObjectNode body = merge(null, normalize(r.address(), r.desired()), USER_ATTRIBUTES); // with its defaults (enabled)
        body.put("realm", r.address().name());
        provider.api().createRealm(body);
        if (r.desired().has(USER_ATTRIBUTES)) {
            declareUserAttributes(r.address().name(), r.desired().get(USER_ATTRIBUTES));
        }
    }

    @Override
    public void update(ApplyRequest r) {
        Set<String> others = new TreeSet<>(r.changed());
        others.remove(USER_ATTRIBUTES);
        if (!others.isEmpty()) {
            // Only the fields dive manages: a PUT of a partial representation leaves the rest alone.
            ObjectNode body = merge(null, normalize(r.address(), r.desired()), USER_ATTRIBUTES); // with its defaults (enabled)
            body.put("realm", r.address().name());
            provider.api().updateRealm(r.address().name(), body);
        }
        if (r.changed().contains(USER_ATTRIBUTES)) {
            declareUserAttributes(r.address().name(), r.desired().get(USER_ATTRIBUTES));
        }
    }

    @Override
    public void delete(ApplyRequest r) {
        provider.api().deleteRealm(r.address().name());
    }

    /** Makes the user profile declare exactly the built-ins plus these attributes. */
    private void declareUserAttributes(String realm, JsonNode wanted) {
        ObjectNode profile = (ObjectNode) provider.api().userProfile(realm);
        if (profile == null) {
            throw new io.dive.spi.ProviderException("GET /admin/realms/" + realm + "/users/profile: realm " + realm + " vanished during the change");
        }
        ArrayNode kept = JSON.createArrayNode();
        Set<String> present = new TreeSet<>();
        for (JsonNode a : profile.path("attributes")) {
            String n = a.path("name").asText();
            if (RealmSnapshot.BUILT_IN_ATTRIBUTES.contains(n) || contains(wanted, n)) {
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
        provider.api().updateUserProfile(realm, profile);
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
