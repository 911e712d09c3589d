package io.dive.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;

/** JSON with object keys sorted: equal content gives equal text (and digests), whatever order a server used. */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    public static String of(JsonNode n) {
        if (n.isObject()) {
            List<String> keys = new ArrayList<>();
            n.fieldNames().forEachRemaining(keys::add);
            keys.sort(null);
            StringBuilder sb = new StringBuilder("{");
            for (String k : keys) {
                sb.append(TextNode.valueOf(k)).append(':').append(of(n.get(k))).append(',');
            }
            return sb.append('}').toString();
        }
        if (n.isArray()) {
            StringBuilder sb = new StringBuilder("[");
            n.forEach(x -> sb.append(of(x)).append(','));
            return sb.append(']').toString();
        }
        return n.toString();
    }
}
