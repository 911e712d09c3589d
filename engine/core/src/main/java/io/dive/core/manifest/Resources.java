package io.dive.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.core.model.DesiredResource;
import io.dive.core.model.JsonPaths;
import io.dive.core.model.Location;
import io.dive.core.secrets.SecretRefs;
import io.dive.spi.Address;
import io.dive.spi.DiveException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The resources a manifest declares, collected from {@code resources:} and from preprocessors, with
 * the checks every one of them gets: a known type, a valid address, no address twice, and
 * depends_on naming only declared resources. Each error names the file, line and field.
 */
public final class Resources {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<Address, DesiredResource> resources = new LinkedHashMap<>();
    private final Map<String, io.dive.core.model.Server> servers = new LinkedHashMap<>();
    private final Set<String> knownTypes;

    /** @param knownTypes resource types the installed providers handle; null to skip that check */
    Resources(Set<String> knownTypes) {
        this.knownTypes = knownTypes;
    }

    /**
     * Entries shaped like {@code resources:} items ({@code type}, {@code name}, {@code attributes},
     * {@code depends_on}), at {@code base} in a document.
     *
     * @param expandedAt where the user wrote what expanded into these (a hub or spoke entry), or null
     *                   when they are written out in the document itself
     */
    public void addAll(JsonNode list, String base, SourceMap sources, Location expandedAt) {
        addAll(list, base, sources, expandedAt, null);
    }

    /** @param instance the instance (hub or spoke code) these belong to, or null */
    public void addAll(JsonNode list, String base, SourceMap sources, Location expandedAt, String instance) {
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
            for (int j = 0; j < r.path("depends_on").size(); j++) {
                String depPointer = pointer + "/depends_on/" + j;
                try {
                    deps.add(Address.parse(r.path("depends_on").get(j).asText()));
                } catch (IllegalArgumentException e) {
                    throw new DiveException(sources.locate(depPointer) + ": " + SourceMap.fieldPath(depPointer) + ": " + e.getMessage());
                }
            }
            ObjectNode attrs = r.has("attributes") ? (ObjectNode) r.get("attributes").deepCopy() : JSON.createObjectNode();
            Address address;
            try {
                address = new Address(type, r.get("name").asText());
            } catch (IllegalArgumentException e) {
                throw new DiveException(at + ": " + SourceMap.fieldPath(pointer + "/name") + ": " + e.getMessage());
            }
            add(address, attrs, deps, expandedAt != null ? expandedAt : at, pointer, sources,
                    expandedAt != null ? null : pointer + "/attributes", instance, r.path("prevent_destroy").asBoolean(false));
            if (r.hasNonNull("server")) {
                DesiredResource added = resources.get(address);
                resources.put(address, new DesiredResource(address, added.attributes(), added.dependsOn(), added.location(),
                        added.sensitivePaths(), added.fields(), instance, added.preventDestroy(), r.get("server").asText(),
                        sources.locate(pointer + "/server")));
            }
        }
    }

    /**
     * The entries of a {@code servers:} block at {@code base} of a document: a name may be declared
     * once in the whole topology (two instances' templates declaring one name is an error too).
     *
     * @param expandedAt the instance entry that expanded a template's block, or null
     * @param instance   that instance: its resources are bound to these servers
     */
    public void addServers(JsonNode block, String base, SourceMap sources, Location expandedAt, String instance) {
        block.fields().forEachRemaining(e -> {
            String pointer = JsonPaths.child(base, e.getKey());
            Location at = expandedAt != null ? expandedAt : sources.locate(pointer);
            Location declaredAt = sources.locate(pointer);
            if (!e.getKey().matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                throw new DiveException(at + ": servers." + e.getKey() + ": a server name is letters, digits, '_', '.' and '-'");
            }
            io.dive.core.model.Server previous = servers.get(e.getKey());
            if (previous != null) {
                throw new DiveException(at + ": servers." + e.getKey() + ": declared twice (first at " + previous.location() + ")"
                        + (expandedAt != null ? "; this one by the template at " + declaredAt : ""));
            }
            ObjectNode settings = e.getValue().deepCopy();
            String provider = settings.remove("provider").asText();
            JsonNode runsOn = settings.remove("runs_on");
            Address runsOnAddress = null;
            Location runsOnAt = expandedAt != null ? expandedAt : sources.locate(pointer + "/runs_on");
            if (runsOn != null) {
                try {
                    runsOnAddress = Address.parse(runsOn.asText());
                } catch (IllegalArgumentException ex) {
                    throw new DiveException(runsOnAt + ": " + SourceMap.fieldPath(pointer + "/runs_on") + ": " + ex.getMessage());
                }
            }
            servers.put(e.getKey(), new io.dive.core.model.Server(e.getKey(), provider, runsOnAddress, settings, at, runsOnAt, instance));
        });
    }

    Map<String, io.dive.core.model.Server> servers() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(servers));
    }

    /**
     * One resource, declared at {@code pointer} of a document (for the duplicate message).
     *
     * @param attributesAt where its attributes are in that document, for messages about a field; null
     *                     when the user did not write them there (a template did): then {@code at}
     */
    public void add(Address address, ObjectNode attrs, List<Address> deps, Location at, String pointer, SourceMap sources,
                    String attributesAt) {
        add(address, attrs, deps, at, pointer, sources, attributesAt, null, false);
    }

    /** @param instance the instance (hub or spoke code) it belongs to, or null */
    public void add(Address address, ObjectNode attrs, List<Address> deps, Location at, String pointer, SourceMap sources,
                    String attributesAt, String instance, boolean preventDestroy) {
        DesiredResource previous = resources.get(address);
        if (previous != null) {
            throw new DiveException(sources.locate(pointer) + ": " + SourceMap.fieldPath(pointer)
                    + ": duplicate resource address " + address + " (first declared at " + previous.location() + ")");
        }
        Set<String> sensitive = new LinkedHashSet<>();
        collectSensitive(attrs, "", sensitive);
        DesiredResource.FieldLocator fields = attributesAt == null ? p -> at : p -> sources.locate(attributesAt + p);
        resources.put(address, new DesiredResource(address, attrs, List.copyOf(deps), at, Set.copyOf(sensitive), fields, instance, preventDestroy));
    }

    /** Every depends_on names a declared resource. */
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

    List<DesiredResource> list() {
        return List.copyOf(resources.values());
    }

    /** The JSON Pointers of the attributes that hold a secret reference. */
    static void collectSensitive(JsonNode node, String path, Set<String> out) {
        if (SecretRefs.isSensitive(node)) {
            out.add(path);
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> collectSensitive(e.getValue(), JsonPaths.child(path, e.getKey()), out));
        } else if (node.isArray()) {
            // Any item: a server or a kind may reorder the list, so every item there is masked.
            for (JsonNode item : node) {
                collectSensitive(item, JsonPaths.anyItem(path), out);
            }
        }
    }
}
