package io.dive.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Get and set by dotted path ({@code attributes.clearance}) in a JSON tree. */
public final class JsonPaths {

    private JsonPaths() {
    }

    public static JsonNode get(JsonNode root, String path) {
        JsonNode cur = root;
        for (String part : path.split("\\.")) {
            if (cur == null || !cur.isObject()) {
                return null;
            }
            cur = cur.get(part);
        }
        return cur;
    }

    /** Sets the value, creating objects on the way; does nothing when a non-object is in the way. */
    public static void set(JsonNode root, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        JsonNode cur = root;
        for (int i = 0; i < parts.length - 1; i++) {
            if (!(cur instanceof ObjectNode obj)) {
                return;
            }
            JsonNode next = obj.get(parts[i]);
            if (next == null || next.isNull()) {
                next = obj.putObject(parts[i]);
            }
            cur = next;
        }
        if (cur instanceof ObjectNode obj) {
            obj.set(parts[parts.length - 1], value);
        }
    }
}
