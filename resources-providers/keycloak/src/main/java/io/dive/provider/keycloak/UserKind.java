package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.Address;
import io.dive.spi.ApplyRequest;
import io.dive.spi.ProviderException;
import io.dive.spi.ResourceRef;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code user.REALM/USERNAME}: {@code firstName}, {@code lastName}, {@code email},
 * {@code emailVerified}, {@code enabled}, {@code attributes} (name to list of values),
 * {@code requiredActions}, and {@code password}: a secret reference, set on create and whenever the
 * secret's fingerprint changes. Keycloak cannot show a password, so a password changed by hand is not
 * seen as drift (dive's record of what it set stands in for it).
 */
final class UserKind extends KeycloakKind {

    UserKind(KeycloakProvider provider) {
        super(provider);
    }

    @Override
    public String type() {
        return "user";
    }

    @Override
    public Set<String> sensitive() {
        return Set.of("/password");
    }

    /** Keycloak lower-cases usernames and e-mail, and keeps every attribute as a list of strings. */
    @Override
    public void validate(Address address, JsonNode desired) {
        String username = address.leafName();
        if (!address.name().contains("/") || address.parentName().isEmpty() || username.isEmpty() || username.contains("/")) {
            throw new io.dive.spi.InvalidAttributeException("", "a user is named REALM/USERNAME, and a username has no \"/\"");
        }
        Representations.checkFields(desired, org.keycloak.representations.idm.UserRepresentation.class, "user", "password");
        desired.path("attributes").fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            boolean ok = v.isValueNode() && !v.isNull() || v.isArray() && java.util.stream.StreamSupport.stream(v.spliterator(), false).allMatch(JsonNode::isValueNode);
            if (!ok) {
                throw new io.dive.spi.InvalidAttributeException("/attributes/" + e.getKey().replace("~", "~0").replace("/", "~1"),
                        "expected a value or a list of values, found " + Representations.kind(v));
            }
        });
    }

    /** Keycloak keeps usernames in lower case: {@code Alice} and {@code alice} are one user. */
    @Override
    public Set<String> identities(Address address, JsonNode attributes) {
        return Set.of("keycloak user " + address.parentName() + "/" + username(address));
    }

    /** Declared without {@code enabled}, a user is enabled, as Keycloak's admin console makes it. */
    @Override
    public JsonNode normalize(Address address, JsonNode desired) {
        ObjectNode d = desired.deepCopy();
        if (!d.has("enabled")) {
            d.put("enabled", true);
        }
        if (d.has("email")) {
            d.put("email", d.get("email").asText().toLowerCase(Locale.ROOT));
        }
        if (d.has("attributes")) {
            ObjectNode attrs = JSON.createObjectNode();
            d.get("attributes").fields().forEachRemaining(e -> {
                ArrayNode values = attrs.putArray(e.getKey());
                if (e.getValue().isArray()) {
                    e.getValue().forEach(v -> values.add(v.asText()));
                } else {
                    values.add(e.getValue().asText());
                }
            });
            d.set("attributes", attrs);
        }
        return d;
    }

    @Override
    void declareNeeds(ResourceRef ref, RealmReads needs, boolean single) {
        RealmSnapshot.Needs n = needs.need(ref.server(), ref.address().parentName());
        n.single |= single;
        if (single) {
            n.onlyUser = username(ref.address());
        } else {
            n.users = true;
        }
    }

    @Override
    JsonNode fromSnapshots(ResourceRef ref, RealmReads snapshots) {
        RealmSnapshot s = snapshots.get(ref.server(), ref.address().parentName());
        JsonNode u = s == null ? null : s.users.get(username(ref.address()));
        return u == null ? null : u.deepCopy();
    }

    private static String username(Address a) {
        return a.leafName().toLowerCase(Locale.ROOT);
    }

    @Override
    public void create(ApplyRequest r) {
        ObjectNode body = (ObjectNode) normalize(r.address(), r.desired());
        body.remove("password");
        body.put("username", r.address().leafName());
        if (r.desired().hasNonNull("password")) {
            body.putArray("credentials").add(credential(r.desired().get("password").asText()));
        }
        provider.api(r.server()).createUser(r.address().parentName(), body);
    }

    @Override
    public void update(ApplyRequest r) {
        String realm = r.address().parentName();
        String id = serverId(r, "user");
        Set<String> fields = new java.util.TreeSet<>(r.changed());
        fields.remove("password");
        if (!fields.isEmpty()) {
            JsonNode current = provider.api(r.server()).user(realm, id);
            if (current == null) {
                throw new ProviderException("GET /admin/realms/" + realm + "/users/" + id + ": user " + r.address().leafName()
                        + " vanished during the update");
            }
            ObjectNode body = merge(current, normalize(r.address(), r.desired()), "password", "access");
            provider.api(r.server()).updateUser(realm, id, body);
        }
        if (r.changed().contains("password") && r.desired().hasNonNull("password")) {
            provider.api(r.server()).resetPassword(realm, id, credential(r.desired().get("password").asText()));
        }
    }

    @Override
    public void delete(ApplyRequest r) {
        provider.api(r.server()).deleteUser(r.address().parentName(), serverId(r, "user"));
    }

    private static ObjectNode credential(String value) {
        ObjectNode c = JSON.createObjectNode();
        c.put("type", "password");
        c.put("value", value);
        c.put("temporary", false);
        return c;
    }

}
