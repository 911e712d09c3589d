package io.dive.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.core.manifest.Resources;
import io.dive.core.manifest.SourceMap;
import io.dive.core.manifest.TemplateExpander;
import io.dive.core.manifest.TopologyPreprocessor;
import io.dive.core.manifest.YamlDocument;
import io.dive.core.model.Location;
import io.dive.spi.Address;
import io.dive.spi.DiveException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * DIVE V3's shape of a topology (schemas/dive-topology.schema.json): a {@code hub} and
 * {@code spokes}, each expanded through templates (the entry's {@code template}, else
 * {@code instance_templates.hub|spoke}, else the built-in hub or spoke) into realms, clients, users,
 * links and containers; {@code users} beyond the templates' test users, their {@code realm} named by
 * instance code; and the {@code keycloak:} and {@code docker:} shorthands for those providers'
 * configuration. Names come from one place: the template and the code.
 */
public final class DiveTopology implements TopologyPreprocessor {

    @Override
    public String schemaFragment() {
        return "dive-topology.schema.json";
    }

    @Override
    public Map<String, JsonNode> trustedBlocks(JsonNode root) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String key : List.of("keycloak", "docker", "templates", "instance_templates")) {
            out.put(key, root.path(key));
        }
        out.put("hub.template", root.path("hub").path("template"));
        JsonNode spokes = root.path("spokes");
        for (int i = 0; i < spokes.size(); i++) {
            if (spokes.get(i).has("template")) {
                out.put("spokes[" + i + "].template", spokes.get(i).get("template"));
            }
        }
        return out;
    }

    @Override
    public Map<String, JsonNode> providerConfigs(JsonNode root) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String shorthand : List.of("keycloak", "docker")) {
            if (root.has(shorthand)) {
                out.put(shorthand, root.get(shorthand));
            }
        }
        return out;
    }

    @Override
    public void expand(Input in, Resources into) {
        JsonNode root = in.root();
        io.dive.spi.FileRoots roots = io.dive.spi.FileRoots.of(in.baseDir(), in.env());
        Path templatesDir = root.hasNonNull("templates")
                ? roots.confine(in.baseDir().resolve(root.get("templates").asText()), in.sources().locate("/templates") + ": templates")
                : null;
        if (templatesDir != null && !java.nio.file.Files.isDirectory(templatesDir)) {
            // Falling back to the built-in templates would make other realms than the user asked for.
            throw new DiveException(in.sources().locate("/templates") + ": templates: no folder " + root.get("templates").asText()
                    + " beside " + in.sources().file());
        }
        Map<String, String> realmOfInstance = new LinkedHashMap<>();
        instances(in, new TemplateExpander(templatesDir, in.env(), roots), into, realmOfInstance);
        users(root.path("users"), in.sources(), into, realmOfInstance);
    }

    private void instances(Input in, TemplateExpander templates, Resources into, Map<String, String> realmOfInstance) {
        JsonNode root = in.root();
        SourceMap src = in.sources();
        JsonNode hub = root.get("hub");
        String hubCode = hub == null ? null : hub.get("code").asText().toLowerCase(Locale.ROOT);
        Map<String, String> seen = new LinkedHashMap<>();
        if (hub != null) {
            seen.put(hubCode, "/hub");
            expand(hub, "/hub", "hub", hubCode, root, src, templates, into, realmOfInstance);
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
            expand(spokes.get(i), pointer, "spoke", hubCode, root, src, templates, into, realmOfInstance);
        }
    }

    /** Expands one instance through its templates. */
    private void expand(JsonNode instance, String pointer, String role, String hubCode, JsonNode root, SourceMap src,
                        TemplateExpander templates, Resources into, Map<String, String> realmOfInstance) {
        String code = instance.get("code").asText().toLowerCase(Locale.ROOT);
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("code", code);
        vars.put("CODE", code.toUpperCase(Locale.ROOT));
        vars.put("name", instance.path("name").asText(code.toUpperCase(Locale.ROOT)));
        vars.put("hub", hubCode);
        vars.put("HUB", hubCode.toUpperCase(Locale.ROOT));
        instance.path("vars").fields().forEachRemaining(e -> {
            if (vars.containsKey(e.getKey())) {
                String at = pointer + "/vars/" + e.getKey();
                throw new DiveException(src.locate(at) + ": " + SourceMap.fieldPath(at) + ": \"" + e.getKey()
                        + "\" is set by dive from the instance (code, name, hub); choose another variable name");
            }
            vars.put(e.getKey(), e.getValue().asText());
        });
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
            into.addAll(list, "/resources", expanded.sources(), at, code);
            into.addServers(expanded.root().path("servers"), "/servers", expanded.sources(), at, code);
            for (JsonNode r : list) {
                if (r.get("type").asText().equals("realm")) {
                    realmOfInstance.putIfAbsent(code, r.get("name").asText());
                }
            }
        }
    }

    /** {@code users:} entries: {@code realm} is an instance code (or a realm name), the rest are the user's attributes. */
    private static void users(JsonNode users, SourceMap src, Resources into, Map<String, String> realmOfInstance) {
        for (int i = 0; i < users.size(); i++) {
            String pointer = "/users/" + i;
            ObjectNode user = ((ObjectNode) users.get(i)).deepCopy();
            String realmRef = user.remove("realm").asText();
            String realm = realmOfInstance.getOrDefault(realmRef.toLowerCase(Locale.ROOT), realmRef);
            String username = user.remove("username").asText();
            String instance = realmOfInstance.entrySet().stream().filter(e -> e.getValue().equals(realm)).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
            Address address;
            try {
                address = new Address("user", realm + "/" + username);
            } catch (IllegalArgumentException e) {
                throw new DiveException(src.locate(pointer + "/username") + ": " + SourceMap.fieldPath(pointer + "/username") + ": " + e.getMessage());
            }
            into.add(address, user, List.of(), src.locate(pointer), pointer, src, pointer, instance, false);
        }
    }
}
