package io.dive.core.model;

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

    /**
     * A pattern's segment that stands for every item of a list: a secret reference inside a list is
     * sensitive wherever the list's items end up once a server or a kind has reordered them.
     */
    public static final String ANY_ITEM = "*";

    /** The pointer to every item of the list at {@code parent} (a pattern). */
    public static String anyItem(String parent) {
        return parent + "/" + ANY_ITEM;
    }

    /**
     * Whether {@code pointer} is {@code base} or lies inside it; a {@link #ANY_ITEM} segment on either
     * side matches any one segment of the other.
     */
    public static boolean within(String pointer, String base) {
        if (pointer.equals(base) || pointer.startsWith(base + "/")) {
            return true;
        }
        if (!pointer.contains("/" + ANY_ITEM) && !base.contains("/" + ANY_ITEM)) {
            return false;
        }
        List<String> p = rawSegments(pointer);
        List<String> b = rawSegments(base);
        if (p.size() < b.size()) {
            return false;
        }
        for (int i = 0; i < b.size(); i++) {
            if (!p.get(i).equals(b.get(i)) && !ANY_ITEM.equals(p.get(i)) && !ANY_ITEM.equals(b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The concrete pointers of the values in {@code root} that a pattern names (its list items expanded). */
    public static List<String> expand(JsonNode root, String pattern) {
        List<String> out = new ArrayList<>();
        expand(root, rawSegments(pattern), 0, "", out);
        return out;
    }

    private static void expand(JsonNode node, List<String> segments, int i, String at, List<String> out) {
        if (node == null || node.isMissingNode()) {
            return;
        }
        if (i == segments.size()) {
            out.add(at);
            return;
        }
        String s = segments.get(i);
        if (node.isArray() && ANY_ITEM.equals(s)) {
            for (int k = 0; k < node.size(); k++) {
                expand(node.get(k), segments, i + 1, at + "/" + k, out);
            }
        } else if (node.isArray() && s.matches("\\d+")) {
            expand(node.get(Integer.parseInt(s)), segments, i + 1, at + "/" + s, out);
        } else if (node.isObject()) {
            String key = s.replace("~1", "/").replace("~0", "~");
            expand(node.get(key), segments, i + 1, at + "/" + s, out);
        }
    }

    /** A pointer's segments as written (still escaped), so that a pattern's wildcard stays one. */
    private static List<String> rawSegments(String pointer) {
        if (pointer.isEmpty()) {
            return List.of();
        }
        return List.of(pointer.substring(1).split("/", -1));
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
