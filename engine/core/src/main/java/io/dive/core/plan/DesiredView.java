package io.dive.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.dive.core.graph.ResourceGraph;
import io.dive.core.model.DesiredResource;
import io.dive.core.model.JsonPaths;
import io.dive.core.run.RunContext;
import io.dive.core.secrets.Fingerprints;
import io.dive.core.secrets.SecretRefs;
import io.dive.spi.Address;
import io.dive.spi.DiveException;
import io.dive.spi.ProviderException;
import io.dive.spi.ResourceKind;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The first part of planning: the manifest's attributes in the form they compare in. Every secret
 * (a reference, or a literal where the kind keeps a secret) becomes its keyed fingerprint, then the
 * kind normalizes into the shape its reads produce. No server is contacted.
 *
 * @param comparable per address in the manifest, the attributes to compare with what is observed
 * @param sensitive  per address in scope, the JSON Pointers of its secrets (the kind's and the manifest's)
 */
public record DesiredView(Map<Address, JsonNode> comparable, Map<Address, Set<String>> sensitive) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static DesiredView prepare(RunContext ctx, ResourceGraph graph, Set<Address> scope) {
        Map<Address, JsonNode> comparable = new HashMap<>();
        Map<Address, Set<String>> sensitive = new HashMap<>();
        for (Address a : scope) {
            DesiredResource d = graph.resources().get(a);
            ResourceKind kind = ctx.providers().kind(a.type());
            Set<String> paths = new LinkedHashSet<>(kind.sensitive());
            if (d != null) {
                paths.addAll(d.sensitivePaths());
                ctx.provider(a.type()); // configured first: normalizing may need its settings (a URL)
                JsonNode withFingerprints;
                try {
                    withFingerprints = fingerprinted(ctx, d.attributes());
                    // A literal where the kind keeps a secret (secret: plain-value) is a secret too:
                    // compared, stored and shown by its fingerprint, like the observed side.
                    for (String pointer : kind.sensitive()) {
                        JsonNode v = JsonPaths.get(withFingerprints, pointer);
                        if (v != null && v.isTextual() && !Fingerprints.isFingerprint(v.asText())) {
                            JsonPaths.set(withFingerprints, pointer, TextNode.valueOf(ctx.fingerprints().of(v.asText())));
                        }
                    }
                } catch (DiveException e) {
                    // One line that names the secret and the resource that needs it; nothing is applied.
                    throw new DiveException(d.location() + ": " + a + ": " + e.getMessage());
                }
                try {
                    // Normalizing may reshape a sensitive value (a scalar made a list): whatever stands at a
                    // sensitive position afterwards is masked as the observed side is (Refresher.sanitize).
                    comparable.put(a, SensitiveValues.mask(kind.normalize(a, withFingerprints), paths, ctx.fingerprints()));
                } catch (ProviderException e) {
                    // A declared attribute the target cannot have: named where the manifest says it.
                    throw new DiveException(d.location() + ": " + a + ": " + e.getMessage());
                }
            }
            sensitive.put(a, paths);
        }
        return new DesiredView(comparable, sensitive);
    }

    private static JsonNode fingerprinted(RunContext ctx, JsonNode node) {
        if (SecretRefs.isSensitive(node)) {
            return TextNode.valueOf(ctx.fingerprints().of(ctx.secrets().resolve(node.asText())));
        }
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), fingerprinted(ctx, e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            var copy = JSON.createArrayNode();
            node.forEach(n -> copy.add(fingerprinted(ctx, n)));
            return copy;
        }
        return node;
    }
}
