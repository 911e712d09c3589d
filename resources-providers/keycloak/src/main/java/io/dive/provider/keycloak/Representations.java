package io.dive.provider.keycloak;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.spi.InvalidAttributeException;
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
     * Checks, before anything is contacted, that declared fields exist in the representation they will
     * be sent as and have its types (dive's own fields, which never reach Keycloak as they are, left
     * out). The error names the field and the type it needs, never the value.
     */
    static void checkFields(JsonNode declared, Class<?> type, String what, String... divesOwn) {
        if (!declared.isObject()) {
            throw new InvalidAttributeException("", "expected a mapping of " + what + " fields");
        }
        com.fasterxml.jackson.databind.node.ObjectNode fields = declared.deepCopy();
        fields.remove(java.util.List.of(divesOwn));
        // Secret references are resolved only when a value is sent; the type of their value is checked then.
        fields.fields().forEachRemaining(e -> {
            if (e.getValue().isTextual() && e.getValue().asText().contains("${secret:")) {
                e.setValue(com.fasterxml.jackson.databind.node.NullNode.getInstance());
            }
        });
        try {
            JSON.treeToValue(fields, type);
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            String closest = io.dive.spi.Suggestions.closest(e.getPropertyName(), known(e));
            throw new InvalidAttributeException(pointer(e), "Keycloak's " + what + " has no field \"" + e.getPropertyName() + "\""
                    + (closest != null ? " (did you mean \"" + closest + "\"?)" : ""));
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            String ptr = pointer(e);
            JsonNode found = fields.at(ptr);
            throw new InvalidAttributeException(ptr, "expected " + describe(e.getTargetType()) + ", found " + kind(found));
        } catch (JsonProcessingException e) {
            // A value no field can hold (a number past its range): found field by field, so the error names it.
            throw new InvalidAttributeException(offending(fields, type), "Keycloak's " + what + " cannot hold this value: " + e.getOriginalMessage());
        }
    }

    /** The first top-level field that alone fails to bind, as a pointer ("" when none does alone). */
    private static String offending(JsonNode fields, Class<?> type) {
        for (var it = fields.fields(); it.hasNext(); ) {
            var e = it.next();
            try {
                JSON.treeToValue(JSON.createObjectNode().set(e.getKey(), e.getValue()), type);
            } catch (JsonProcessingException bad) {
                String inner = bad instanceof com.fasterxml.jackson.databind.JsonMappingException ? pointer(bad) : "";
                String top = "/" + e.getKey().replace("~", "~0").replace("/", "~1");
                return inner.startsWith(top) ? inner : top;
            }
        }
        return "";
    }

    private static java.util.List<String> known(com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (e.getKnownPropertyIds() != null) {
            e.getKnownPropertyIds().forEach(k -> out.add(String.valueOf(k)));
        }
        return out;
    }

    /** The field a binding error is about, as a JSON Pointer. */
    private static String pointer(JsonProcessingException e) {
        StringBuilder sb = new StringBuilder();
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m) {
            for (var ref : m.getPath()) {
                sb.append('/').append(ref.getFieldName() != null ? ref.getFieldName().replace("~", "~0").replace("/", "~1") : String.valueOf(ref.getIndex()));
            }
        }
        return sb.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (java.util.Map.class.isAssignableFrom(type)) {
            return "a mapping";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        return type == String.class ? "a string" : "a " + type.getSimpleName();
    }

    static String kind(JsonNode n) {
        return io.dive.spi.JsonKinds.of(n);
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
