package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.InvalidAttributeException;
import java.util.Set;

/** What a realm role and a client role share: the fields a manifest gives them, and how they are compared. */
final class RoleFields {

    /** Fields Keycloak sets, or that dive's roles do not manage (composites). */
    private static final Set<String> NOT_DECLARED = Set.of("id", "name", "composite", "clientRole", "containerId", "composites");

    private RoleFields() {
    }

    /** RoleRepresentation's fields, but none Keycloak sets itself: the role's name is its address. */
    static void validate(JsonNode desired, String what) {
        Representations.checkFields(desired, org.keycloak.representations.idm.RoleRepresentation.class, what);
        for (String f : NOT_DECLARED) {
            if (desired.has(f)) {
                throw new InvalidAttributeException("/" + f, f.equals("name") ? "the role's name is its address's last part"
                        : "set by Keycloak, or not managed by dive's " + what + " (composites)");
            }
        }
    }

    /** A role as read, comparable with the manifest: an absent description is empty, attribute values are sets. */
    static JsonNode observed(JsonNode role) {
        if (role == null) {
            return null;
        }
        ObjectNode o = role.deepCopy();
        if (!o.has("description")) {
            o.put("description", "");
        }
        o.set("attributes", KeycloakKind.valueSets(o.path("attributes")));
        return o;
    }
}
