package io.dive.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.dive.core.engine.RunContext;
import io.dive.core.graph.ResourceGraph;
import io.dive.core.manifest.Interpolator;
import io.dive.core.model.DesiredResource;
import io.dive.spi.DiveException;
import io.dive.core.secrets.Fingerprints;
import io.dive.spi.state.State;
import io.dive.spi.state.StateEntry;
import io.dive.spi.Action;
import io.dive.spi.Address;
import io.dive.spi.ObserveRequest;
import io.dive.spi.Provider;
import io.dive.spi.ResourceKind;
import io.dive.spi.ResourceRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Refreshes what exists through the providers (in bulk, providers in parallel) and diffs it with the
 * manifest. Deletes are planned only for what state says dive created.
 */
public final class Planner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final RunContext ctx;

    public Planner(RunContext ctx) {
        this.ctx = ctx;
    }

    public Planned plan(State state, PlanOptions options) {
        List<DesiredResource> desiredList = options.destroy() ? List.of() : ctx.topology().resources();
        ResourceGraph graph = ResourceGraph.build(desiredList, ctx.providers()::kind);
        Map<String, StateEntry> recorded = state.entries();
        Set<Address> scope = scope(graph, recorded, options);

        // Desired attributes in comparable form: secrets as fingerprints, then the kind's normalization.
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
                    withFingerprints = fingerprinted(d.attributes());
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
                    comparable.put(a, kind.normalize(a, withFingerprints));
                } catch (io.dive.spi.ProviderException e) {
                    // A declared attribute the target cannot have: named where the manifest says it.
                    throw new DiveException(d.location() + ": " + a + ": " + e.getMessage());
                }
            }
            sensitive.put(a, paths);
        }

        Map<Address, JsonNode> observed = observe(scope, comparable, recorded, sensitive);

        Map<Address, ResourceChange> changes = new LinkedHashMap<>();
        for (Address a : graph.topologicalOrder()) {
            if (scope.contains(a)) {
                changes.put(a, planOne(a, comparable.get(a), observed.get(a), recorded.get(a.toString()), sensitive.get(a),
                        options.replace().contains(a)));
            }
        }
        cascadeReplacements(graph, changes);
        for (Address a : scope) {
            if (!graph.contains(a)) {
                changes.put(a, planRemoval(a, observed.get(a), recorded.get(a.toString())));
            }
        }
        Map<String, String> digests = new java.util.TreeMap<>();
        for (Address a : scope) {
            digests.put(a.toString(), digest(observed.get(a)));
        }
        Plan plan = new Plan(ctx.topology().name(), ctx.topology().contentHash(), state.lineage(), state.serial(), digests,
                options.targets().stream().map(Address::toString).toList(), options.replace().stream().map(Address::toString).toList(),
                List.copyOf(changes.values()));
        return new Planned(plan, graph, sensitive);
    }

    private Set<Address> scope(ResourceGraph graph, Map<String, StateEntry> recorded, PlanOptions options) {
        Set<Address> scope = new LinkedHashSet<>();
        if (options.targets().isEmpty()) {
            scope.addAll(graph.resources().keySet());
            recorded.keySet().forEach(k -> scope.add(Address.parse(k)));
            return scope;
        }
        for (Address t : options.targets()) {
            if (!graph.contains(t) && !recorded.containsKey(t.toString())) {
                throw new DiveException("--target " + t + ": no such resource in the manifest or in state");
            }
            if (graph.contains(t)) {
                scope.addAll(graph.withDependencies(List.of(t)));
            } else {
                scope.add(t);
            }
        }
        return scope;
    }

    private JsonNode fingerprinted(JsonNode node) {
        if (Interpolator.isSensitive(node)) {
            return TextNode.valueOf(ctx.fingerprints().of(ctx.secrets().resolve(node.asText())));
        }
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), fingerprinted(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            var copy = JSON.createArrayNode();
            node.forEach(n -> copy.add(fingerprinted(n)));
            return copy;
        }
        return node;
    }

    private Map<Address, JsonNode> observe(Set<Address> scope, Map<Address, JsonNode> comparable,
                                           Map<String, StateEntry> recorded, Map<Address, Set<String>> sensitive) {
        Map<Provider, List<ResourceRef>> byProvider = new LinkedHashMap<>();
        for (Address a : scope) {
            StateEntry s = recorded.get(a.toString());
            byProvider.computeIfAbsent(ctx.provider(a.type()), p -> new ArrayList<>())
                    .add(new ResourceRef(a, comparable.get(a), s == null ? null : s.attributes()));
        }
        Map<Provider, Future<Map<Address, JsonNode>>> futures = new LinkedHashMap<>();
        byProvider.forEach((p, refs) -> futures.put(p, ctx.executor().submit(() -> p.observe(new ObserveRequest(refs)))));
        Map<Address, JsonNode> out = new HashMap<>();
        for (var e : futures.entrySet()) {
            try {
                e.getValue().get().forEach((a, o) -> {
                    if (o != null && scope.contains(a)) {
                        StateEntry s = recorded.get(a.toString());
                        out.put(a, sanitize(o, sensitive.get(a), s == null ? null : s.attributes(), ctx.fingerprints()));
                    }
                });
            } catch (ExecutionException ex) {
                Throwable cause = ex.getCause();
                if (cause instanceof DiveException de) {
                    throw de;
                }
                throw new DiveException("refresh through provider " + e.getKey().name() + " failed: "
                        + ctx.secrets().scrub(String.valueOf(cause.getMessage())), cause);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new DiveException("interrupted while refreshing");
            }
        }
        return out;
    }

    /**
     * Replaces readable secret values with fingerprints; where the server cannot show a secret (a
     * password), the fingerprint recorded at the last apply stands in for it.
     */
    public static JsonNode sanitize(JsonNode observed, Set<String> sensitivePaths, JsonNode recorded, Fingerprints fp) {
        if (sensitivePaths.isEmpty()) {
            return observed;
        }
        JsonNode copy = observed.deepCopy();
        for (String path : sensitivePaths) {
            JsonNode v = JsonPaths.get(copy, path);
            if (v != null && v.isTextual() && !Fingerprints.isFingerprint(v.asText())) {
                JsonPaths.set(copy, path, TextNode.valueOf(fp.of(v.asText())));
            } else if ((v == null || v.isNull()) && recorded != null) {
                JsonNode r = JsonPaths.get(recorded, path);
                if (r != null && r.isTextual()) {
                    JsonPaths.set(copy, path, r);
                }
            }
        }
        return copy;
    }

    private ResourceChange planOne(Address a, JsonNode desired, JsonNode observed, StateEntry recorded, Set<String> sensitive,
                                   boolean forceReplace) {
        if (observed == null) {
            String reason = recorded != null && recorded.status() != StateEntry.Status.CREATING ? "deleted outside dive" : null;
            return new ResourceChange(a, Action.CREATE, List.of(), reason, null, desired, false, sensitive);
        }
        boolean adopt = recorded == null;
        List<AttributeChange> diffs = Differ.diff(desired, observed, sensitive);
        if (forceReplace) {
            return new ResourceChange(a, Action.REPLACE, diffs, "--replace", observed, desired, adopt, sensitive);
        }
        if (diffs.isEmpty()) {
            return new ResourceChange(a, adopt ? Action.ADOPT : Action.NOOP, diffs, adopt ? "exists already, not made by dive: recorded as adopted, never deleted by dive" : null,
                    observed, desired, adopt, sensitive);
        }
        Set<String> forcing = ctx.providers().kind(a.type()).replaceOn();
        for (AttributeChange c : diffs) {
            if (forcing.contains(JsonPaths.top(c.pointer()))) {
                return new ResourceChange(a, Action.REPLACE, diffs, c.path() + " forces replacement", observed, desired, adopt, sensitive);
            }
        }
        return new ResourceChange(a, Action.UPDATE, diffs, adopt ? "exists already, not made by dive: adopted and updated" : null,
                observed, desired, adopt, sensitive);
    }

    /** What is in state but no longer in the manifest: delete it if dive made it, otherwise forget it. */
    private static ResourceChange planRemoval(Address a, JsonNode observed, StateEntry recorded) {
        if (observed == null) {
            return new ResourceChange(a, Action.FORGET, List.of(), "gone already: dropped from state", null, null, false, Set.of());
        }
        if (recorded == null || !recorded.ownedByDive()) {
            return new ResourceChange(a, Action.FORGET, List.of(), "not created by dive: dropped from state, not deleted",
                    observed, null, false, Set.of());
        }
        return new ResourceChange(a, Action.DELETE, List.of(), null, observed, null, false, Set.of());
    }

    /** A replaced resource whose kind says so takes its dependents with it (a realm's users go with the realm). */
    private void cascadeReplacements(ResourceGraph graph, Map<Address, ResourceChange> changes) {
        for (Address a : graph.topologicalOrder()) {
            ResourceChange c = changes.get(a);
            if (c == null || c.action() != Action.REPLACE || !ctx.providers().kind(a.type()).replacementDestroysDependents()) {
                continue;
            }
            for (Address dep : graph.transitiveDependents(a)) {
                ResourceChange d = changes.get(dep);
                if (d != null && (d.action() == Action.UPDATE || d.action() == Action.NOOP || d.action() == Action.ADOPT)) {
                    changes.put(dep, new ResourceChange(dep, Action.REPLACE, d.attributes(), a + " is replaced",
                            d.prior(), d.desired(), d.adopt(), d.sensitive()));
                }
            }
        }
    }

    static String digest(JsonNode observed) {
        if (observed == null) {
            return "absent";
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] h = md.digest(io.dive.spi.CanonicalJson.of(observed).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
