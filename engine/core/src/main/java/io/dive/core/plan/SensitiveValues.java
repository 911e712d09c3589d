package io.dive.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.dive.core.model.JsonPaths;
import io.dive.core.secrets.Fingerprints;
import java.util.Set;

/**
 * Turns the values at sensitive positions into their fingerprints: every text at or under each
 * pointer a pattern names (a list's items through {@link JsonPaths#ANY_ITEM}). Desired and observed
 * sides are masked alike, so they compare equal exactly when the secrets are; whatever a server or a
 * kind did to the shape (a scalar made a list, a list reordered), no clear text stays there.
 */
public final class SensitiveValues {

    private SensitiveValues() {
    }

    /** A copy of {@code root} with every text at the patterns fingerprinted (fingerprints stay as they are). */
    public static JsonNode mask(JsonNode root, Set<String> patterns, Fingerprints fp) {
        if (root == null || patterns.isEmpty()) {
            return root;
        }
        JsonNode copy = root.deepCopy();
        for (String pattern : patterns) {
            for (String pointer : JsonPaths.expand(copy, pattern)) {
                JsonNode v = JsonPaths.get(copy, pointer);
                if (v != null && v.isTextual()) {
                    replace(copy, pointer, fingerprint(v, fp));
                } else if (v != null && v.isContainerNode()) {
                    maskAll(v, fp);
                }
            }
        }
        return copy;
    }

    /** Every text inside a list or object, in place. */
    private static void maskAll(JsonNode container, Fingerprints fp) {
        if (container instanceof ObjectNode o) {
            o.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) {
                    e.setValue(fingerprint(e.getValue(), fp));
                } else {
                    maskAll(e.getValue(), fp);
                }
            });
        } else if (container instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual()) {
                    a.set(i, fingerprint(a.get(i), fp));
                } else {
                    maskAll(a.get(i), fp);
                }
            }
        }
    }

    private static JsonNode fingerprint(JsonNode text, Fingerprints fp) {
        return Fingerprints.isFingerprint(text.asText()) ? text : TextNode.valueOf(fp.of(text.asText()));
    }

    /** Sets the value at a concrete pointer whose parent exists (an object's member or a list's item). */
    private static void replace(JsonNode root, String pointer, JsonNode value) {
        int cut = pointer.lastIndexOf('/');
        JsonNode parent = cut == 0 ? root : JsonPaths.get(root, pointer.substring(0, cut));
        String last = pointer.substring(cut + 1);
        if (parent instanceof ArrayNode a) {
            a.set(Integer.parseInt(last), value);
        } else if (parent instanceof ObjectNode o) {
            o.set(last.replace("~1", "/").replace("~0", "~"), value);
        }
    }
}
