package io.dive.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.core.model.DesiredResource;
import io.dive.spi.DiveException;
import io.dive.core.model.Location;
import io.dive.core.model.Topology;
import io.dive.spi.Address;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * topology.yaml -> {@link Topology}: safe YAML, {@code ${env:...}} interpolation, the JSON Schema,
 * then the checks a schema cannot express (duplicate codes, duplicate addresses, unknown types),
 * and template expansion of the hub and spokes. Every error names file:line:col and the field;
 * nothing is contacted and nothing is written.
 */
public final class ManifestLoader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Function<String, String> env;
    private final Set<String> knownTypes;

    /** @param knownTypes resource types the installed providers handle; null to skip that check */
    public ManifestLoader(Function<String, String> env, Set<String> knownTypes) {
        this.env = env;
        this.knownTypes = knownTypes;
    }

    public Topology load(Path file) {
        String label = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DiveException(label + ": no such file");
        } catch (IOException e) {
            throw new DiveException(label + ": cannot read: " + e.getMessage());
        }
        YamlDocument doc = YamlReader.read(label, text);
        SourceMap src = doc.sources();
        if (!doc.root().isObject()) {
            throw new DiveException(src.locate("") + ": (document): expected a mapping with name, hub, spokes...");
        }
        JsonNode root = new Interpolator(env, Map.of()).apply(doc);
        SchemaValidator.load("topology.schema.json").validate(root, src);

        Path baseDir = file.toAbsolutePath().getParent();
        Path templatesDir = root.hasNonNull("templates") ? baseDir.resolve(root.get("templates").asText()) : null;
        Builder b = new Builder(src, new TemplateExpander(templatesDir, env));
        b.instances(root);
        b.users(root.path("users"));
        b.rawResources(root.path("resources"), "/resources", src);
        b.checkDependencies();

        Map<String, JsonNode> providers = new LinkedHashMap<>();
        for (String shorthand : List.of("keycloak", "docker")) {
            if (root.has(shorthand)) {
                providers.put(shorthand, root.get(shorthand));
            }
        }
        root.path("providers").fields().forEachRemaining(e -> providers.put(e.getKey(), e.getValue()));
        JsonNode state = root.get("state");
        String stateUrl = state == null ? null : state.isTextual() ? state.asText() : state.path("url").asText();
        String lockTimeout = state != null && state.isObject() && state.has("lock_timeout") ? state.get("lock_timeout").asText() : null;
        return new Topology(root.get("name").asText(), file, providers, stateUrl, lockTimeout, List.copyOf(b.resources.values()),
                hash(b.resources.values()), root.path("secrets"));
    }

    /** Accumulates resources from instances, users and raw entries, checking addresses as it goes. */
    private final class Builder {
        final Map<Address, DesiredResource> resources = new LinkedHashMap<>();
        final Map<String, String> realmOfInstance = new LinkedHashMap<>();
        final SourceMap src;
        final TemplateExpander templates;

        Builder(SourceMap src, TemplateExpander templates) {
            this.src = src;
            this.templates = templates;
        }

        void instances(JsonNode root) {
            JsonNode hub = root.get("hub");
            String hubCode = hub == null ? null : hub.get("code").asText().toLowerCase(Locale.ROOT);
            Map<String, String> seen = new LinkedHashMap<>();
            if (hub != null) {
                seen.put(hubCode, "/hub");
                expand(hub, "/hub", "hub", hubCode, root);
            }
            JsonNode spokes = root.path("spokes");
            for (int i = 0; i < spokes.size(); i++) {
                String pointer = "/spokes/" + i;
                String code = spokes.get(i).get("code").asText().toLowerCase(Locale.ROOT);
                String previous = seen.putIfAbsent(code, pointer);
                if (previous != null) {
                    String codePointer = pointer + "/code";
                    throw new DiveException(src.locate(codePointer) + ": " + SourceMap.fieldPath(codePointer)
                            + ": duplicate code \"" + code + "\" (already used by " + SourceMap.fieldPath(previous)
                            + " at " + src.locate(previous) + ")");
                }
                if (hubCode == null) {
                    throw new DiveException(src.locate(pointer) + ": " + SourceMap.fieldPath(pointer)
                            + ": spokes need a hub: add hub: {code: usa}");
                }
                expand(spokes.get(i), pointer, "spoke", hubCode, root);
            }
        }

        /**
         * Expands an instance through its templates: the entry's {@code template} (one name or a list),
         * else the manifest's {@code instance_templates.hub|spoke}, else the built-in hub or spoke.
         */
        private void expand(JsonNode instance, String pointer, String role, String hubCode, JsonNode root) {
            String code = instance.get("code").asText().toLowerCase(Locale.ROOT);
            Map<String, String> vars = new LinkedHashMap<>();
            vars.put("code", code);
            vars.put("CODE", code.toUpperCase(Locale.ROOT));
            vars.put("name", instance.path("name").asText(code.toUpperCase(Locale.ROOT)));
            vars.put("hub", hubCode);
            vars.put("HUB", hubCode.toUpperCase(Locale.ROOT));
            instance.path("vars").fields().forEachRemaining(e -> vars.put(e.getKey(), e.getValue().asText()));
            JsonNode chosen = instance.has("template") ? instance.get("template") : root.path("instance_templates").path(role);
            List<String> names = new ArrayList<>();
            if (chosen.isArray()) {
                chosen.forEach(t -> names.add(t.asText()));
            } else {
                names.add(chosen.isTextual() ? chosen.asText() : role);
            }
            Location at = src.locate(pointer);
            for (String template : names) {
                YamlDocument expanded = templates.expand(template, vars, at + ": " + SourceMap.fieldPath(pointer));
                JsonNode list = expanded.root().path("resources");
                rawResources(list, "/resources", expanded.sources(), at);
                for (JsonNode r : list) {
                    if (r.get("type").asText().equals("realm")) {
                        realmOfInstance.putIfAbsent(code, r.get("name").asText());
                    }
                }
            }
        }

        void users(JsonNode users) {
            for (int i = 0; i < users.size(); i++) {
                String pointer = "/users/" + i;
                ObjectNode user = ((ObjectNode) users.get(i)).deepCopy();
                String realmRef = user.remove("realm").asText();
                String realm = realmOfInstance.getOrDefault(realmRef.toLowerCase(Locale.ROOT), realmRef);
                String username = user.remove("username").asText();
                add(new Address("user", realm + "/" + username), null, user, List.of(), src.locate(pointer), pointer, src);
            }
        }

        void rawResources(JsonNode list, String base, SourceMap sources) {
            rawResources(list, base, sources, null);
        }

        void rawResources(JsonNode list, String base, SourceMap sources, Location expandedAt) {
            for (int i = 0; i < list.size(); i++) {
                String pointer = base + "/" + i;
                JsonNode r = list.get(i);
                String type = r.get("type").asText();
                Location at = sources.locate(pointer);
                if (knownTypes != null && !knownTypes.contains(type)) {
                    String typePointer = pointer + "/type";
                    throw new DiveException(sources.locate(typePointer) + ": " + SourceMap.fieldPath(typePointer)
                            + ": unknown resource type \"" + type + "\" (known: " + String.join(", ", new TreeSet<>(knownTypes)) + ")");
                }
                List<Address> deps = new ArrayList<>();
                for (JsonNode d : r.path("depends_on")) {
                    deps.add(Address.parse(d.asText()));
                }
                ObjectNode attrs = r.has("attributes") ? (ObjectNode) r.get("attributes").deepCopy() : JSON.createObjectNode();
                Address address;
                try {
                    address = new Address(type, r.get("name").asText());
                } catch (IllegalArgumentException e) {
                    throw new DiveException(at + ": " + SourceMap.fieldPath(pointer + "/name") + ": " + e.getMessage());
                }
                add(address, r.hasNonNull("provider") ? r.get("provider").asText() : null, attrs, deps,
                        expandedAt != null ? expandedAt : at, pointer, sources);
            }
        }

        private void add(Address address, String provider, ObjectNode attrs, List<Address> deps, Location at,
                         String pointer, SourceMap sources) {
            DesiredResource previous = resources.get(address);
            if (previous != null) {
                throw new DiveException(sources.locate(pointer) + ": " + SourceMap.fieldPath(pointer)
                        + ": duplicate resource address " + address + " (first declared at " + previous.location() + ")");
            }
            Set<String> sensitive = new LinkedHashSet<>();
            collectSensitive(attrs, "", sensitive);
            resources.put(address, new DesiredResource(address, provider, attrs, List.copyOf(deps), at, Set.copyOf(sensitive)));
        }

        void checkDependencies() {
            for (DesiredResource r : resources.values()) {
                for (Address d : r.dependsOn()) {
                    if (!resources.containsKey(d)) {
                        throw new DiveException(r.location() + ": " + r.address() + ".depends_on: " + d
                                + " is not declared in this topology");
                    }
                }
            }
        }
    }

    static void collectSensitive(JsonNode node, String path, Set<String> out) {
        if (Interpolator.isSensitive(node)) {
            out.add(path);
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> collectSensitive(e.getValue(), io.dive.core.plan.JsonPaths.child(path, e.getKey()), out));
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (Interpolator.isSensitive(item)) {
                    out.add(path);
                }
            }
        }
    }

    private static String hash(Iterable<DesiredResource> resources) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (DesiredResource r : resources) {
                md.update(r.address().toString().getBytes(StandardCharsets.UTF_8));
                md.update(JSON.writeValueAsBytes(r.attributes()));
                md.update(r.dependsOn().toString().getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
