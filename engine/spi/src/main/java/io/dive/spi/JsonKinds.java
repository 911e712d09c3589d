package io.dive.spi;

import com.fasterxml.jackson.databind.JsonNode;

/** What kind of value a JSON node is, in words, for messages: never the value itself (it may be a secret). */
public final class JsonKinds {

    private JsonKinds() {
    }

    public static String of(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return "nothing (null)";
        }
        if (n.isTextual()) {
            return "a string";
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isObject()) {
            return "a mapping";
        }
        return n.isBoolean() ? "true or false" : "a number";
    }
}
