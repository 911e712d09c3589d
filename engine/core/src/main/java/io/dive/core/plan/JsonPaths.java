package io.dive.core.plan;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Attribute paths are RFC 6901 JSON Pointers ({@code /labels/com.example.token}): a key may hold any
 * character, dots included, and still name exactly one value. People see them dotted
 * ({@code labels.com.example.token}), as the contract's JSON does; that form is for display only.
 */
public final class JsonPaths {

    private JsonPaths() {
    }

    /** The pointer to a member of the object at {@code parent}. */
    public static String child(String parent, String key) {
        return parent + "/" + key.replace("~", "~0").replace("/", "~1");
    }

    /** The keys a pointer walks through, unescaped. */
    public static List<String> segments(String pointer) {
        List<String> out = new ArrayList<>();
        for (JsonPointer p = JsonPointer.compile(pointer); !p.matches(); p = p.tail()) {
            out.add(p.getMatchingProperty());
        }
        return out;
    }

    /** The first key of a pointer: the top-level attribute it lies in. */
    public static String top(String pointer) {
        List<String> s = segments(pointer);
        return s.isEmpty() ? "" : s.get(0);
    }

    /** The dotted form people read: {@code /attributes/clearance} shows as {@code attributes.clearance}. */
    public static String display(String pointer) {
        return String.join(".", segments(pointer));
    }

    /** Whether {@code pointer} is {@code base} or lies inside it. */
    public static boolean within(String pointer, String base) {
        return pointer.equals(base) || pointer.startsWith(base + "/");
    }

    /** The value at the pointer, or null when there is none. */
    public static JsonNode get(JsonNode root, String pointer) {
        if (root == null) {
            return null;
        }
        JsonNode n = root.at(JsonPointer.compile(pointer));
        return n.isMissingNode() ? null : n;
    }

    /** Sets the value, creating objects on the way; does nothing when a non-object is in the way. */
    public static void set(JsonNode root, String pointer, JsonNode value) {
        List<String> parts = segments(pointer);
        if (parts.isEmpty()) {
            return;
        }
        JsonNode cur = root;
        for (int i = 0; i < parts.size() - 1; i++) {
            if (!(cur instanceof ObjectNode obj)) {
                return;
            }
            JsonNode next = obj.get(parts.get(i));
            if (next == null || next.isNull()) {
                next = obj.putObject(parts.get(i));
            }
            cur = next;
        }
        if (cur instanceof ObjectNode obj) {
            obj.set(parts.get(parts.size() - 1), value);
        }
    }
}
