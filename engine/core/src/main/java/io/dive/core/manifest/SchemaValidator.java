package io.dive.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.spi.Suggestions;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.dive.spi.DiveException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Checks a document against a JSON Schema from {@code schemas/} (networknt) and reports each
 * violation as {@code file:line:col: field: message}, pointing at the offending key.
 */
public final class SchemaValidator {

    private final JsonSchema schema;
    private final JsonNode schemaTree;

    private SchemaValidator(JsonSchema schema, JsonNode schemaTree) {
        this.schema = schema;
        this.schemaTree = schemaTree;
    }

    /**
     * Loads {@code schemas/NAME} from the classpath (the repository's schemas/ folder ships in the jar),
     * with the {@code properties} and {@code $defs} of each fragment joined into it: a preprocessor's
     * keys become keys of the topology, so an unknown key is still an error with "did you mean".
     */
    public static SchemaValidator load(String name, String... fragments) {
        ObjectNode tree = (ObjectNode) read(name);
        for (String f : fragments) {
            JsonNode fragment = read(f);
            for (String part : new String[] {"properties", "$defs"}) {
                ObjectNode into = tree.has(part) ? (ObjectNode) tree.get(part) : tree.putObject(part);
                fragment.path(part).fields().forEachRemaining(e -> {
                    if (into.has(e.getKey())) {
                        throw new IllegalStateException("schemas/" + f + " redefines " + part + "." + e.getKey() + " of schemas/" + name);
                    }
                    into.set(e.getKey(), e.getValue());
                });
            }
        }
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(com.networknt.schema.PathType.JSON_POINTER).build();
        return new SchemaValidator(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(tree, config), tree);
    }

    private static JsonNode read(String name) {
        try (InputStream in = SchemaValidator.class.getResourceAsStream("/schemas/" + name)) {
            if (in == null) {
                throw new IllegalStateException("schema missing from the build: schemas/" + name);
            }
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void validate(JsonNode root, SourceMap sources) {
        Set<ValidationMessage> messages = schema.validate(root);
        if (messages.isEmpty()) {
            return;
        }
        List<Located> located = new ArrayList<>();
        for (ValidationMessage m : messages) {
            String pointer = m.getInstanceLocation().toString();
            if (pointer.equals("$") || pointer.equals("/")) {
                pointer = "";
            }
            String property = m.getProperty();
            String target = pointer;
            String text;
            switch (m.getType()) {
                case "additionalProperties" -> {
                    target = SourceMap.child(pointer, property);
                    text = "unknown key \"" + property + "\"" + hint(m, schemaTree);
                }
                case "required" -> text = "missing required key \"" + property + "\"";
                case "type" -> text = "expected " + expectedType(m) + ", found " + io.dive.spi.JsonKinds.of(root.at(pointer)) /* by kind only: a value may come from the environment */;
                default -> text = stripPath(m.getMessage());
            }
            located.add(new Located(sources.locate(target), SourceMap.fieldPath(target), text));
        }
        located.sort(Comparator.comparingInt((Located l) -> l.location.line()).thenComparingInt(l -> l.location.column()));
        List<String> lines = new ArrayList<>();
        for (Located l : located) {
            String line = l.location + ": " + l.field + ": " + l.text;
            if (!lines.contains(line)) {
                lines.add(line);
            }
        }
        throw new DiveException(lines);
    }

    private record Located(io.dive.core.model.Location location, String field, String text) {
    }

    /** "did you mean": the sibling keys are the properties of the schema that holds additionalProperties. */
    private static String hint(ValidationMessage m, JsonNode schemaTree) {
        String location = m.getSchemaLocation().toString();
        String fragment = location.contains("#") ? location.substring(location.indexOf('#') + 1) : "";
        String parent = fragment.endsWith("/additionalProperties") ? fragment.substring(0, fragment.length() - "/additionalProperties".length()) : fragment;
        JsonNode schemaNode = schemaTree.at(parent);
        if (schemaNode != null && schemaNode.has("properties")) {
            List<String> known = new ArrayList<>();
            schemaNode.get("properties").fieldNames().forEachRemaining(known::add);
            String closest = Suggestions.closest(m.getProperty(), known);
            if (closest != null) {
                return " (did you mean \"" + closest + "\"?)";
            }
            return " (allowed: " + String.join(", ", known) + ")";
        }
        return "";
    }

    private static String expectedType(ValidationMessage m) {
        Object[] args = m.getArguments();
        return args != null && args.length > 1 ? String.valueOf(args[1]) : "another type";
    }

    private static String stripPath(String message) {
        int colon = message.indexOf(": ");
        return colon >= 0 && message.startsWith("/") || message.startsWith("$") ? message.substring(colon + 2) : message;
    }
}
