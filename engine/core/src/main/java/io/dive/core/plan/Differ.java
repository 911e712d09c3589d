package io.dive.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.core.model.JsonPaths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares desired with observed, attribute by attribute. Only what the manifest declares is
 * compared (server defaults and extra fields never show as drift). Plain values compare by value
 * across JSON types ({@link #scalar}); lists of plain values compare as multisets, because servers
 * such as Keycloak do not keep their order.
 */
public final class Differ {

    private Differ() {
    }

    /** @param sensitivePaths JSON Pointers of secret values: compared whole, never shown */
    public static List<AttributeChange> diff(JsonNode desired, JsonNode observed, Set<String> sensitivePaths) {
        List<AttributeChange> out = new ArrayList<>();
        walk(desired, observed, "", sensitivePaths, out);
        return out;
    }

    private static void walk(JsonNode desired, JsonNode observed, String path, Set<String> sensitive, List<AttributeChange> out) {
        // Descend unless this very path is a secret (or lies inside one): then it compares as one value.
        // A path that merely contains a secret (env holding DB_PASSWORD) is compared key by key.
        if (desired.isObject() && observed != null && observed.isObject() && !isSecretOrInside(path, sensitive)) {
            Iterator<Map.Entry<String, JsonNode>> it = desired.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String child = JsonPaths.child(path, e.getKey());
                JsonNode o = observed.get(e.getKey());
                walk(e.getValue(), o == null || o.isMissingNode() ? null : o, child, sensitive, out);
            }
            return;
        }
        if (!same(desired, observed)) {
            out.add(new AttributeChange(path, observed, desired, isSensitive(path, sensitive)));
        }
    }

    static boolean isSecretOrInside(String pointer, Set<String> sensitive) {
        for (String s : sensitive) {
            if (JsonPaths.within(pointer, s)) {
                return true;
            }
        }
        return false;
    }

    /** A pointer is sensitive when it is, lies under, or contains a sensitive one: its values are never shown. */
    public static boolean isSensitive(String pointer, Set<String> sensitive) {
        for (String s : sensitive) {
            if (JsonPaths.within(pointer, s) || JsonPaths.within(s, pointer)) {
                return true;
            }
        }
        return false;
    }

    public static boolean same(JsonNode a, JsonNode b) {
        boolean aNone = none(a);
        boolean bNone = none(b);
        if (aNone || bNone) {
            return aNone && bNone;
        }
        if (a.isValueNode() && b.isValueNode()) {
            return scalar(a).equals(scalar(b));
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            if (allScalar(a) && allScalar(b)) {
                List<String> x = new ArrayList<>();
                List<String> y = new ArrayList<>();
                a.forEach(n -> x.add(scalar(n)));
                b.forEach(n -> y.add(scalar(n)));
                x.sort(null);
                y.sort(null);
                return x.equals(y);
            }
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            Iterator<Map.Entry<String, JsonNode>> it = a.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!same(e.getValue(), b.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /**
     * Absent, null, {@code ""}, {@code {}} and {@code []} are one value: servers such as Keycloak do not
     * keep an empty email or an empty attribute map, so declaring one must not be a change forever.
     */
    static boolean none(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() || n.isTextual() && n.asText().isEmpty() || n.isContainerNode() && n.isEmpty();
    }

    /**
     * How a plain value compares: by its text, numbers in their shortest decimal form. So {@code 1},
     * {@code 1.0} and {@code "1"} are one value, and so are {@code true} and {@code "true"}: servers
     * such as Keycloak keep many settings as strings that a manifest writes as numbers or booleans.
     */
    static String scalar(JsonNode n) {
        if (n.isNumber()) {
            java.math.BigDecimal d = n.decimalValue().stripTrailingZeros();
            return d.signum() == 0 ? "0" : d.toPlainString();
        }
        return n.isNull() ? "null" : n.asText();
    }

    private static boolean allScalar(JsonNode arr) {
        for (JsonNode n : arr) {
            if (n.isContainerNode()) {
                return false;
            }
        }
        return true;
    }
}
