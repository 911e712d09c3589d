package io.dive.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.dive.core.secrets.EnvPolicy;
import io.dive.core.secrets.SecretRefs;
import io.dive.spi.DiveException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Replaces references inside string values, once per document:
 * <ul>
 *   <li>{@code ${env:NAME}} and {@code ${env:NAME:-default}}: the environment;</li>
 *   <li>{@code ${VAR}}: a template variable ({@code code}, {@code CODE}, {@code name}, {@code hub}...);</li>
 *   <li>{@code ${secret:SOURCE:NAME}}: left in place, resolved only when a value is sent to a server;</li>
 *   <li>{@code $${}: a literal {@code ${}.</li>
 * </ul>
 * Anything else in {@code ${...}} is an error that names the file, line, column and field.
 */
public final class Interpolator {

    private final Function<String, String> env;
    private final Map<String, String> variables;

    public Interpolator(Function<String, String> env, Map<String, String> variables) {
        this.env = env;
        this.variables = variables;
    }

    public JsonNode apply(YamlDocument doc) {
        return walk(doc.root(), "", doc.sources());
    }

    private JsonNode walk(JsonNode node, String pointer, SourceMap sources) {
        if (node instanceof ObjectNode obj) {
            List<String> keys = new ArrayList<>();
            obj.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                if (key.contains("${secret:")) {
                    // A key is a name: shown in plans, kept in state, never fingerprinted. The one position a
                    // secret cannot be protected in, so it is refused where it stands.
                    throw error(SourceMap.child(pointer, key), sources, "a secret reference cannot be a key (keys are names, shown in plans and"
                            + " kept in state); put it in the value");
                }
                obj.set(key, walk(obj.get(key), SourceMap.child(pointer, key), sources));
            }
            if (pointer.equals("/servers") && keys.stream().anyMatch(k -> k.contains("$"))) {
                // A template names its instance's servers by the instance (keycloak-${code}): the names are interpolated too.
                ObjectNode renamed = obj.objectNode();
                for (String key : keys) {
                    renamed.set(key.contains("$") ? substitute(key, SourceMap.child(pointer, key), sources) : key, obj.get(key));
                }
                return renamed;
            }
            return obj;
        }
        if (node instanceof ArrayNode arr) {
            for (int i = 0; i < arr.size(); i++) {
                arr.set(i, walk(arr.get(i), pointer + "/" + i, sources));
            }
            return arr;
        }
        if (node.isTextual() && node.asText().contains("$")) {
            return TextNode.valueOf(substitute(node.asText(), pointer, sources));
        }
        return node;
    }

    /** References nest a level or two (${secret:generate:user-${code}}); deeper is a mistake or an attack. */
    static final int MAX_NESTING = 8;

    String substitute(String text, String pointer, SourceMap sources) {
        return substitute(text, pointer, sources, 0);
    }

    private String substitute(String text, String pointer, SourceMap sources, int depth) {
        if (depth > MAX_NESTING) {
            throw error(pointer, sources, "references nested more than " + MAX_NESTING + " deep");
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
                continue;
            }
            if (!text.startsWith("${", i)) {
                out.append(text.charAt(i++));
                continue;
            }
            int end = closing(text, i + 2);
            if (end < 0) {
                throw error(pointer, sources, "unclosed \"${\" in value");
            }
            // References nest (${secret:generate:user-${code}}): the inner ones are resolved first.
            String ref = substitute(text.substring(i + 2, end), pointer, sources, depth + 1);
            out.append(resolve(ref, pointer, sources));
            i = end + 1;
        }
        return out.toString();
    }

    /** The index of the brace that closes the reference opened before {@code from}, or -1. */
    private static int closing(String text, int from) {
        int depth = 0;
        for (int j = from; j < text.length(); j++) {
            if (text.startsWith("${", j)) {
                depth++;
                j++;
            } else if (text.charAt(j) == '}') {
                if (depth == 0) {
                    return j;
                }
                depth--;
            }
        }
        return -1;
    }

    private String resolve(String ref, String pointer, SourceMap sources) {
        if (ref.startsWith("env:")) {
            String spec = ref.substring(4);
            int dflt = spec.indexOf(":-");
            String name = dflt < 0 ? spec : spec.substring(0, dflt);
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw error(pointer, sources, "\"${" + ref + "}\": not a valid environment variable name");
            }
            if (!EnvPolicy.allowed(name, env)) {
                throw error(pointer, sources, "environment variable " + name + " is not allowed here: " + EnvPolicy.rule());
            }
            String value = env.apply(name);
            if (value != null && !value.isEmpty()) {
                return value;
            }
            if (dflt >= 0) {
                return spec.substring(dflt + 2);
            }
            throw error(pointer, sources, "environment variable " + name + " is not set (give a default with ${env:"
                    + name + ":-VALUE})");
        }
        if (ref.startsWith("secret:")) {
            SecretRefs.parse("${" + ref + "}").orElseThrow(() -> error(pointer, sources,
                    "\"${" + ref + "}\": a secret reference is ${secret:SOURCE:NAME} with SOURCE one of "
                            + SecretRefs.SOURCES));
            return "${" + ref + "}";
        }
        String value = variables.get(ref);
        if (value != null) {
            return value;
        }
        throw error(pointer, sources, "unknown reference \"${" + ref + "}\" (known: ${env:NAME}, ${secret:SOURCE:NAME}"
                + (variables.isEmpty() ? "" : ", " + String.join(", ", variables.keySet().stream().map(k -> "${" + k + "}").sorted().toList()))
                + ")");
    }

    private static DiveException error(String pointer, SourceMap sources, String message) {
        return new DiveException(sources.locate(pointer) + ": " + SourceMap.fieldPath(pointer) + ": " + message);
    }


}
