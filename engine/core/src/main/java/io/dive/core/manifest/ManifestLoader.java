package io.dive.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.core.model.DesiredResource;
import io.dive.core.model.Topology;
import io.dive.spi.DiveException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * topology.yaml -> {@link Topology}: safe YAML, {@code ${env:...}} interpolation, the JSON Schema
 * (with the fragments of its preprocessors), then the preprocessors' expansions (DIVE V3's hub,
 * spokes and users, from the dive-topology module) and the plain {@code resources:}, with the checks a schema
 * cannot express (duplicate addresses, unknown types, dangling depends_on). Every error names
 * file:line:col and the field; nothing is contacted and nothing is written.
 */
public final class ManifestLoader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Function<String, String> env;
    private final Set<String> knownTypes;
    private final List<TopologyPreprocessor> preprocessors;

    /** @param knownTypes resource types the installed providers handle; null to skip that check */
    /** The environment the manifest is read with (what DIVE_ALLOW_ROOTS and the like come from). */
    public Function<String, String> env() {
        return env;
    }

    /** With the preprocessors installed (ServiceLoader: DIVE V3's hub, spokes and users come from dive-topology). */
    public ManifestLoader(Function<String, String> env, Set<String> knownTypes) {
        this(env, knownTypes, installed());
    }

    public ManifestLoader(Function<String, String> env, Set<String> knownTypes, List<TopologyPreprocessor> preprocessors) {
        this.env = env;
        this.knownTypes = knownTypes;
        this.preprocessors = List.copyOf(preprocessors);
    }

    public Topology load(Path file) {
        YamlDocument doc = parse(file);
        return build(file, doc.root(), doc.sources());
    }

    /**
     * The blocks of a manifest that decide where credentials go: provider endpoints and credentials,
     * {@code state:}, {@code secrets:}, and the preprocessors' (template paths). Read and checked like
     * {@link #load}, with nothing resolved and nothing contacted.
     */
    public Map<String, JsonNode> trustedBlocks(Path file) {
        YamlDocument doc = parse(file);
        JsonNode root = doc.root();
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String key : List.of("providers", "state", "secrets")) {
            out.put(key, root.path(key));
        }
        preprocessors.forEach(p -> out.putAll(p.trustedBlocks(root)));
        // Every server, the templates' too: a template changed in a pull request must not send an admin
        // login elsewhere. Expanding templates reads files and contacts nothing.
        build(file, root, doc.sources()).servers().forEach((name, s) -> out.put("servers." + name, serverBlock(s)));
        return out;
    }

    private static JsonNode serverBlock(io.dive.core.model.Server s) {
        com.fasterxml.jackson.databind.node.ObjectNode o = s.settings().deepCopy();
        o.put("provider", s.provider());
        o.put("runs_on", s.runsOn() == null ? null : s.runsOn().toString());
        return o;
    }

    /** YAML, interpolation and the schema: the document as a tree, with where each value was written. */
    private YamlDocument parse(Path file) {
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
        SchemaValidator.load("topology.schema.json", preprocessors.stream().map(TopologyPreprocessor::schemaFragment).toArray(String[]::new))
                .validate(root, src);
        return new YamlDocument(root, src);
    }

    private Topology build(Path file, JsonNode root, SourceMap src) {

        Path baseDir = file.toAbsolutePath().getParent();
        Resources resources = new Resources(knownTypes);
        Map<String, JsonNode> providers = new LinkedHashMap<>();
        for (TopologyPreprocessor p : preprocessors) {
            p.expand(new TopologyPreprocessor.Input(root, src, baseDir, env), resources);
            providers.putAll(p.providerConfigs(root));
        }
        resources.addAll(root.path("resources"), "/resources", src, null);
        resources.addServers(root.path("servers"), "/servers", src, null, null);
        resources.checkDependencies();

        root.path("providers").fields().forEachRemaining(e -> providers.put(e.getKey(), e.getValue()));
        JsonNode state = root.get("state");
        String stateUrl = state == null ? null : state.isTextual() ? state.asText() : state.path("url").asText();
        String lockTimeout = state != null && state.isObject() && state.has("lock_timeout") ? state.get("lock_timeout").asText() : null;
        List<DesiredResource> all = resources.list();
        Map<String, io.dive.core.model.Server> servers = resources.servers();
        String stateKey = state != null && state.isObject() && state.hasNonNull("key") ? state.get("key").asText() : null;
        return new Topology(root.get("name").asText(), file, providers, stateUrl, lockTimeout, all, hash(all, servers.values()),
                root.path("secrets"), servers, stateKey);
    }

    private static String hash(Iterable<DesiredResource> resources, Iterable<io.dive.core.model.Server> servers) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (DesiredResource r : resources) {
                md.update(r.address().toString().getBytes(StandardCharsets.UTF_8));
                md.update(JSON.writeValueAsBytes(r.attributes()));
                md.update(r.dependsOn().toString().getBytes(StandardCharsets.UTF_8));
                md.update(String.valueOf(r.server()).getBytes(StandardCharsets.UTF_8));
            }
            for (io.dive.core.model.Server s : servers) {
                md.update(JSON.writeValueAsBytes(serverBlock(s)));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The preprocessors on the class path, in a stable order (by class name). */
    static List<TopologyPreprocessor> installed() {
        List<TopologyPreprocessor> found = new java.util.ArrayList<>();
        java.util.ServiceLoader.load(TopologyPreprocessor.class).forEach(found::add);
        found.sort(java.util.Comparator.comparing(p -> p.getClass().getName()));
        return List.copyOf(found);
    }
}
