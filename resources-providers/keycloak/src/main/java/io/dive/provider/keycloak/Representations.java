package io.dive.provider.keycloak;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.spi.ProviderException;

/**
 * Keycloak's representation classes and the JSON trees dive compares: read ones become trees without
 * their null fields (so "absent" and "not declared" look alike); a manifest's fields become the
 * class the admin client sends, and a field the class does not have is refused by name.
 */
final class Representations {

    /** Trees of representations: nulls left out, so "absent" and "not declared" look alike. */
    static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private Representations() {
    }

    static JsonNode tree(Object rep) {
        return rep == null ? null : JSON.valueToTree(rep);
    }

    /**
     * Checks, at plan time, that declared fields exist in the representation they will be sent as
     * (dive's own fields, which never reach Keycloak as they are, left out).
     */
    static void checkFields(JsonNode declared, Class<?> type, String what, String... divesOwn) {
        com.fasterxml.jackson.databind.node.ObjectNode fields = declared.deepCopy();
        fields.remove(java.util.List.of(divesOwn));
        rep(fields, type, what);
    }

    /** A manifest's fields as the representation the admin client sends; an unknown field is named. */
    static <T> T rep(JsonNode tree, Class<T> type, String what) {
        try {
            return JSON.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            String field = e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u ? u.getPropertyName() : null;
            throw new ProviderException(field != null ? "Keycloak's " + what + " has no field \"" + field + "\""
                    : "cannot express these " + what + " fields for Keycloak: " + e.getOriginalMessage());
        }
    }
}
