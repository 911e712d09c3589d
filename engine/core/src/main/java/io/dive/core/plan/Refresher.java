package io.dive.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.core.model.JsonPaths;
import io.dive.core.run.RunContext;
import io.dive.core.secrets.Fingerprints;
import io.dive.spi.Address;
import io.dive.spi.DiveException;
import io.dive.spi.ObserveRequest;
import io.dive.spi.Provider;
import io.dive.spi.ResourceKind;
import io.dive.spi.ResourceRef;
import io.dive.spi.state.StateEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The second part of planning, and the post-apply check: what exists, as the engine compares it.
 * Providers observe in bulk and in parallel; every observed secret becomes its fingerprint at once,
 * so nothing downstream (differ, plan, state) ever holds a secret value.
 */
public final class Refresher {

    private final RunContext ctx;

    public Refresher(RunContext ctx) {
        this.ctx = ctx;
    }

    /** Observes everything in scope: providers in parallel, each with one bulk request. */
    public Map<Address, JsonNode> observe(Set<Address> scope, Map<Address, JsonNode> comparable,
                                          Map<String, StateEntry> recorded, Map<Address, Set<String>> sensitive) {
        Map<String, DiveException> failed = new HashMap<>();
        Map<Address, JsonNode> out = observe(scope, comparable, recorded, sensitive, failed);
        failed.values().stream().findFirst().ifPresent(e -> {
            throw e;
        });
        return out;
    }

    /**
     * Observes everything in scope, each provider's servers in parallel, one bulk request each. What
     * a server could not answer is left out and its failure put in {@code unreachable} (keyed by
     * {@link #unreachableKey}): a server that this apply brings up is not an error (Planner decides).
     */
    public Map<Address, JsonNode> observe(Set<Address> scope, Map<Address, JsonNode> comparable,
                                          Map<String, StateEntry> recorded, Map<Address, Set<String>> sensitive,
                                          Map<String, DiveException> unreachable) {
        return observe(scope, comparable, recorded, sensitive, unreachable, Set.of());
    }

    /** @param gone servers whose runner is gone for good: providers do not read parts that live there */
    public Map<Address, JsonNode> observe(Set<Address> scope, Map<Address, JsonNode> comparable,
                                          Map<String, StateEntry> recorded, Map<Address, Set<String>> sensitive,
                                          Map<String, DiveException> unreachable, Set<String> gone) {
        record Group(Provider provider, String server) {
        }
        Map<Group, List<ResourceRef>> byProvider = new LinkedHashMap<>();
        for (Address a : scope) {
            StateEntry s = recorded.get(a.toString());
            // Where it lives now: state's server when recorded (a resource moved to another server is
            // found on its old one, and replaced), else the server the manifest binds it to.
            String server = s != null ? s.server() : ctx.bindings().serverOf(a);
            byProvider.computeIfAbsent(new Group(ctx.provider(a.type()), server), p -> new ArrayList<>())
                    .add(new ResourceRef(a, comparable.get(a), s == null ? null : s.attributes(), server));
        }
        Map<Group, Future<Map<Address, JsonNode>>> futures = new LinkedHashMap<>();
        byProvider.forEach((g, refs) -> futures.put(g, ctx.executor().submit(() -> g.provider().observe(new ObserveRequest(refs, gone)))));
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
                if (cause instanceof io.dive.spi.PartialObservationException partial) {
                    // What was read counts; only what needs the server that did not answer is unknown.
                    partial.observed().forEach((a, o) -> {
                        if (o != null && scope.contains(a)) {
                            StateEntry s = recorded.get(a.toString());
                            out.put(a, sanitize(o, sensitive.get(a), s == null ? null : s.attributes(), ctx.fingerprints()));
                        }
                    });
                    partial.unknown().forEach((a, why) -> unreachable.putIfAbsent(unreachableKey(a), new DiveException(ctx.secrets().scrub(why))));
                    continue;
                }
                String key = unreachableKey(e.getKey().provider().name(), e.getKey().server());
                if (cause instanceof DiveException de) {
                    unreachable.putIfAbsent(key, de);
                } else {
                    unreachable.putIfAbsent(key, new DiveException("refresh through provider " + e.getKey().provider().name() + " failed: "
                            + ctx.secrets().scrub(String.valueOf(cause.getMessage())), cause));
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new DiveException("interrupted while refreshing");
            }
        }
        return out;
    }

    /** How {@link #observe} keys a server's failure: the provider and the server (null: its default one). */
    public static String unreachableKey(String provider, String server) {
        return provider + "/" + (server == null ? "" : server);
    }

    /** How {@link #observe} keys one resource that could not be read (a server only it needs did not answer). */
    public static String unreachableKey(Address a) {
        return "@" + a;
    }

    /**
     * Re-reads one resource after it was applied, sanitized like a refresh; null when it is absent.
     *
     * @param planned what the plan wanted (its fingerprints stand in for secrets the server cannot show)
     */
    public JsonNode readBack(ResourceKind kind, ResourceRef ref, Set<String> sensitive, JsonNode planned) {
        JsonNode raw = kind.read(ref);
        return raw == null ? null : sanitize(raw, sensitive, planned, ctx.fingerprints());
    }

    /**
     * Replaces readable secret values with fingerprints; where the server cannot show a secret (a
     * password), the fingerprint recorded at the last apply stands in for it.
     */
    public static JsonNode sanitize(JsonNode observed, Set<String> sensitivePaths, JsonNode recorded, Fingerprints fp) {
        if (sensitivePaths.isEmpty()) {
            return observed;
        }
        JsonNode copy = SensitiveValues.mask(observed, sensitivePaths, fp);
        for (String path : sensitivePaths) {
            JsonNode v = JsonPaths.get(copy, path);
            if ((v == null || v.isNull()) && recorded != null && !path.contains("/" + JsonPaths.ANY_ITEM)) {
                JsonNode r = JsonPaths.get(recorded, path);
                if (r != null && r.isTextual()) {
                    JsonPaths.set(copy, path, r);
                }
            }
        }
        return copy;
    }
}
