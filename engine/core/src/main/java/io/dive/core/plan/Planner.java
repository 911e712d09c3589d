package io.dive.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.core.graph.ResourceGraph;
import io.dive.core.run.RunContext;
import io.dive.spi.Address;
import io.dive.spi.DiveException;
import io.dive.spi.state.State;
import io.dive.spi.state.StateEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes a plan in three parts: the desired view (DesiredView: fingerprints, normalization), the
 * refresh (Refresher: bulk observation, providers in parallel) and the pure classification
 * (ChangeClassifier). Deletes are planned only for what state says dive created.
 */
public final class Planner {

    private final RunContext ctx;
    private final ResourceGraph graph;
    /** Where resources on a server that does not answer go, when the caller reports rather than fails (dive status); null: fail. */
    private final Map<Address, String> unknown;

    /** @param graph the topology's graph, built once per run (the session's) */
    public Planner(RunContext ctx, ResourceGraph graph) {
        this(ctx, graph, null);
    }

    /**
     * A planner that leaves out the resources of servers that do not answer, each with the server's
     * failure in {@code unknown}, instead of failing the whole plan: for a report on a degraded topology.
     */
    public Planner(RunContext ctx, ResourceGraph graph, Map<Address, String> unknown) {
        this.ctx = ctx;
        this.graph = graph;
        this.unknown = unknown;
    }

    public Planned plan(State state, PlanOptions options) {
        ResourceGraph desired = options.destroy() ? ResourceGraph.build(List.of(), ctx.providers()::kind) : graph;
        Map<String, StateEntry> recorded = state.entries();
        Set<Address> scope = scope(desired, recorded, options);
        refuseRenames(desired, recorded);
        DesiredView view = DesiredView.prepare(ctx, desired, scope);
        Set<String> gone = goneServers(desired, recorded, options);
        Set<Address> serverless = onUndeclaredServers(desired, recorded, scope, gone);
        Set<Address> observable = new LinkedHashSet<>(scope);
        observable.removeAll(serverless);
        Map<String, DiveException> unreachable = new java.util.HashMap<>();
        Refresher refresher = new Refresher(ctx);
        Map<Address, JsonNode> observed = refresher.observe(observable, view.comparable(), recorded, view.sensitive(), unreachable, gone);
        Map<String, Address> pending = pendingServers(desired, scope, observed, recorded, view, options); // server -> what brings it up
        Map<Address, Address> deferredBy = deferred(desired, scope, pending);
        reobserveWithoutDeferred(refresher, observable, deferredBy.keySet(), view, recorded, observed, unreachable);

        Map<Address, ResourceChange> changes = new LinkedHashMap<>();
        for (Address a : desired.topologicalOrder()) {
            if (scope.contains(a)) {
                StateEntry was = recorded.get(a.toString());
                String bound = desired.bindings().serverOf(a);
                Address runner = deferredBy.get(a);
                if (runner != null) {
                    changes.put(a, deferred(a, was, bound, runner, view));
                    continue;
                }
                DiveException down = unreachable.getOrDefault(Refresher.unreachableKey(ctx.providers().providerOf(a.type()).name(), bound),
                        unreachable.get(Refresher.unreachableKey(a)));
                if (down != null) {
                    if (unknown == null) {
                        throw down;
                    }
                    unknown.put(a, down.getMessage());
                    continue;
                }
                boolean moves = was != null && observed.get(a) != null && !java.util.Objects.equals(was.server(), bound);
                ResourceChange c = ChangeClassifier.classify(new ChangeClassifier.Declared(a, view.comparable().get(a), observed.get(a),
                        was, view.sensitive().get(a), options.replace().contains(a) || moves, ctx.providers().kind(a.type()).replaceOn()));
                if (moves) {
                    c = new ResourceChange(a, c.action(), c.attributes(), "moves from server " + serverName(was.server()) + " to "
                            + serverName(bound), c.prior(), c.desired(), c.adopt(), c.sensitive());
                }
                changes.put(a, c);
            }
        }
        ChangeClassifier.cascade(desired, changes, type -> ctx.providers().kind(type).replacementDestroysDependents(), recorded::containsKey);
        for (Address a : scope) {
            if (!desired.contains(a) && !serverless.contains(a)) {
                StateEntry was = recorded.get(a.toString());
                String on = was == null ? null : was.server();
                if (on != null && pending.containsKey(on)) {
                    changes.put(a, new ResourceChange(a, io.dive.spi.Action.DELETE, List.of(), "known after " + pending.get(on) + " is ready",
                            was.attributes(), null, false, view.sensitive().getOrDefault(a, Set.of()), pending.get(on)));
                    continue;
                }
                DiveException down = unreachable.getOrDefault(Refresher.unreachableKey(ctx.providers().providerOf(a.type()).name(), on),
                        unreachable.get(Refresher.unreachableKey(a)));
                if (down != null) {
                    if (unknown == null) {
                        throw down;
                    }
                    unknown.put(a, down.getMessage());
                    continue;
                }
                JsonNode seen = observed.get(a);
                changes.put(a, ChangeClassifier.removal(a, seen, recorded.get(a.toString()),
                        seen == null ? null : ctx.providers().kind(a.type()).deletionNote(seen)));
            }
        }
        leaveWithTheirServer(serverless, recorded, changes, gone);
        refuseStranded(desired, recorded, scope, changes, gone);
        protect(desired, recorded, changes, options);
        Map<String, String> digests = new java.util.TreeMap<>();
        for (Address a : scope) {
            digests.put(a.toString(), digest(observed.get(a)));
        }
        Plan plan = new Plan(ctx.topology().name(), ctx.topology().contentHash(), state.lineage(), state.serial(), digests,
                options.targets().stream().map(Address::toString).toList(), options.replace().stream().map(Address::toString).toList(),
                options.allowDestroy().stream().map(Address::toString).toList(), List.copyOf(changes.values()),
                options.exclude().stream().map(Address::toString).toList());
        return new Planned(plan, desired, view.sensitive());
    }

    /**
     * Declared servers that cannot answer and that this run does not bring back: what runs them is in
     * neither state nor (for this plan) the manifest (a destroy that stopped after deleting a spoke's
     * Keycloak container).
     */
    private Set<String> goneServers(ResourceGraph desired, Map<String, StateEntry> recorded, PlanOptions options) {
        Set<String> out = new java.util.HashSet<>();
        ctx.topology().servers().forEach((name, s) -> {
            Address r = s.runsOn();
            if (r != null && !recorded.containsKey(r.toString()) && (options.destroy() || !desired.contains(r))) {
                out.add(name);
            }
        });
        return out;
    }

    /** Resources leaving the manifest whose server is not declared any more, or gone: dive cannot reach them. */
    private Set<Address> onUndeclaredServers(ResourceGraph desired, Map<String, StateEntry> recorded, Set<Address> scope, Set<String> gone) {
        Set<Address> out = new LinkedHashSet<>();
        for (Address a : scope) {
            StateEntry e = recorded.get(a.toString());
            if (!desired.contains(a) && e != null && e.server() != null
                    && (!ctx.topology().servers().containsKey(e.server()) || gone.contains(e.server()))) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * A resource on a server that leaves the manifest with it (a spoke removed: its Keycloak's container
     * and its realm) is dropped from state when the plan deletes what runs that server: its data goes
     * (or stays, in a protected volume) with the server. Any other is refused: dive cannot reach it.
     */
    private void leaveWithTheirServer(Set<Address> serverless, Map<String, StateEntry> recorded, Map<Address, ResourceChange> changes,
                                      Set<String> gone) {
        List<String> refused = new java.util.ArrayList<>();
        for (Address a : serverless) {
            StateEntry e = recorded.get(a.toString());
            if (gone.contains(e.server())) {
                changes.put(a, new ResourceChange(a, io.dive.spi.Action.FORGET, List.of(), "on server " + e.server() + ", whose "
                        + ctx.topology().servers().get(e.server()).runsOn() + " is gone: dropped from state", e.attributes(), null, false, Set.of()));
                continue;
            }
            Address host = removedHost(a, recorded, changes);
            if (host != null) {
                changes.put(a, new ResourceChange(a, io.dive.spi.Action.FORGET, List.of(), "on server " + e.server() + ", which goes with "
                        + host + ": dropped from state; its data stays with that server's database", e.attributes(), null, false, Set.of()));
            } else {
                refused.add(a + ": on server " + e.server() + ", which the manifest no longer declares, so dive cannot delete it; declare the"
                        + " server again for one apply, or forget it: dive state rm " + a);
            }
        }
        if (!refused.isEmpty()) {
            throw new DiveException(refused);
        }
    }

    /**
     * A resource the manifest now binds to another server, while the one it lives on is no longer declared:
     * dive cannot delete it there, and making it on the new server would leave the old one live and
     * untracked (with its users and passwords). Refused as a removed spoke's resources are, unless its old
     * server goes with it (what runs that server is deleted by this plan, or gone): then its data goes with
     * that server, and it is made on the new one. (With the old server still declared, it is a replace.)
     */
    private void refuseStranded(ResourceGraph desired, Map<String, StateEntry> recorded, Set<Address> scope, Map<Address, ResourceChange> changes,
                                Set<String> gone) {
        List<String> refused = new java.util.ArrayList<>();
        for (Address a : scope) {
            StateEntry e = recorded.get(a.toString());
            if (!desired.contains(a) || e == null || e.server() == null || ctx.topology().servers().containsKey(e.server())
                    || java.util.Objects.equals(e.server(), desired.bindings().serverOf(a)) || gone.contains(e.server())
                    || removedHost(a, recorded, changes) != null) {
                continue;
            }
            refused.add(a + ": on server " + e.server() + ", which the manifest no longer declares (it now names server " + serverName(desired.bindings().serverOf(a))
                    + "), so dive can neither delete it there nor move it; declare server " + e.server() + " again for one apply (the plan then"
                    + " replaces it: deleted there, made on the new one), or forget it: dive state rm " + a);
        }
        if (!refused.isEmpty()) {
            throw new DiveException(refused);
        }
    }

    /** What state says the resource depended on (transitively) that runs servers and that this plan deletes, or null. */
    private Address removedHost(Address a, Map<String, StateEntry> recorded, Map<Address, ResourceChange> changes) {
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(recorded.get(a.toString()).dependsOn());
        Set<String> seen = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            String d = todo.poll();
            if (!seen.add(d)) {
                continue;
            }
            Address da = Address.parse(d);
            ResourceChange c = changes.get(da);
            if (c != null && c.action() == io.dive.spi.Action.DELETE && ctx.providers().kind(da.type()).runsServers()) {
                return da;
            }
            StateEntry de = recorded.get(d);
            if (de != null) {
                todo.addAll(de.dependsOn());
            }
        }
        return null;
    }

    /**
     * The servers this apply brings up, each with what runs it: that resource is to be created or
     * replaced by this plan, or exists and is not running. Their resources are not observed now.
     */
    private Map<String, Address> pendingServers(ResourceGraph desired, Set<Address> scope, Map<Address, JsonNode> observed,
                                                Map<String, StateEntry> recorded, DesiredView view, PlanOptions options) {
        Map<String, Address> out = new java.util.HashMap<>();
        desired.bindings().servers().forEach((name, s) -> {
            Address r = s.runsOn();
            if (r == null || !scope.contains(r) || !desired.contains(r)) {
                return; // runs on nothing dive manages here, or out of scope (--target): taken to be up
            }
            ResourceChange c = ChangeClassifier.classify(new ChangeClassifier.Declared(r, view.comparable().get(r), observed.get(r),
                    recorded.get(r.toString()), view.sensitive().get(r), options.replace().contains(r), ctx.providers().kind(r.type()).replaceOn()));
            if (c.action() == io.dive.spi.Action.CREATE || c.action() == io.dive.spi.Action.REPLACE
                    || !ctx.providers().kind(r.type()).running(observed.get(r))) {
                out.put(name, r);
            }
        });
        return out;
    }

    /**
     * What is known only after a pending server is ready: its resources, and what depends on them
     * through the same provider (a link whose spoke side lives on that server), by the resource that
     * brings the server up.
     */
    private Map<Address, Address> deferred(ResourceGraph desired, Set<Address> scope, Map<String, Address> pending) {
        Map<Address, Address> out = new LinkedHashMap<>();
        if (pending.isEmpty()) {
            return out;
        }
        for (Address a : desired.topologicalOrder()) {
            if (!scope.contains(a)) {
                continue;
            }
            Address runner = pending.get(desired.bindings().serverOf(a));
            if (runner == null) {
                String provider = ctx.providers().providerOf(a.type()).name();
                for (Address d : desired.dependenciesOf(a)) {
                    if (out.containsKey(d) && ctx.providers().providerOf(d.type()).name().equals(provider)) {
                        runner = out.get(d);
                        break;
                    }
                }
            }
            if (runner != null) {
                out.put(a, runner);
            }
        }
        return out;
    }

    /**
     * A server that answers, whose bulk read failed only because it included deferred resources (a
     * link whose other side's server is down): read again without them.
     */
    private void reobserveWithoutDeferred(Refresher refresher, Set<Address> observable, Set<Address> deferred, DesiredView view,
                                          Map<String, StateEntry> recorded, Map<Address, JsonNode> observed, Map<String, DiveException> unreachable) {
        if (deferred.isEmpty() || unreachable.isEmpty()) {
            return;
        }
        Set<Address> again = new LinkedHashSet<>();
        for (Address a : observable) {
            String key = Refresher.unreachableKey(ctx.providers().providerOf(a.type()).name(), serverOf(a, recorded));
            if (unreachable.containsKey(key) && !deferred.contains(a)) {
                again.add(a);
            }
        }
        boolean groupHadDeferred = observable.stream().anyMatch(a -> deferred.contains(a)
                && unreachable.containsKey(Refresher.unreachableKey(ctx.providers().providerOf(a.type()).name(), serverOf(a, recorded))));
        if (again.isEmpty() || !groupHadDeferred) {
            return;
        }
        Map<String, DiveException> still = new java.util.HashMap<>();
        observed.putAll(refresher.observe(again, view.comparable(), recorded, view.sensitive(), still));
        again.forEach(a -> unreachable.remove(Refresher.unreachableKey(ctx.providers().providerOf(a.type()).name(), serverOf(a, recorded))));
        unreachable.putAll(still);
    }

    /** Where the refresh looked for a resource: state's server when recorded, else its binding (as Refresher does). */
    private String serverOf(Address a, Map<String, StateEntry> recorded) {
        StateEntry e = recorded.get(a.toString());
        return e != null ? e.server() : ctx.bindings().serverOf(a);
    }

    /**
     * A resource on a server this apply brings up: a create when state does not know it, else an update
     * whose content is known only once the server is ready. Apply observes and plans it again then.
     */
    private static ResourceChange deferred(Address a, StateEntry was, String server, Address runner, DesiredView view) {
        String why = "known after " + runner + " is ready";
        if (was == null) {
            return new ResourceChange(a, io.dive.spi.Action.CREATE, List.of(), "on server " + server + ", which " + runner + " brings up: " + why,
                    null, view.comparable().get(a), false, view.sensitive().getOrDefault(a, Set.of()), runner);
        }
        return new ResourceChange(a, io.dive.spi.Action.UPDATE, List.of(), why, was.attributes(), view.comparable().get(a), false,
                view.sensitive().getOrDefault(a, Set.of()), runner);
    }

    private String serverName(String server) {
        return server == null ? "the provider's default" : server;
    }

    private static Set<Address> scope(ResourceGraph graph, Map<String, StateEntry> recorded, PlanOptions options) {
        Set<Address> scope = targeted(graph, recorded, options);
        for (Address e : options.exclude()) {
            if (!graph.contains(e) && !recorded.containsKey(e.toString())) {
                throw new DiveException("--exclude " + e + ": no such resource in the manifest or in state");
            }
            // What depends on it cannot be planned without it (a realm's users, a network's containers).
            scope.remove(e);
            if (graph.contains(e)) {
                scope.removeAll(graph.transitiveDependents(e));
            }
            scope.removeAll(recordedDependents(e, recorded));
            if (options.destroy()) {
                // And what it needs stays too: deleting a realm would take the excluded user with it.
                scope.removeAll(recordedDependencies(e, recorded));
            }
        }
        return scope;
    }

    /** What state says a resource needs, and what those need, in turn. */
    private static Set<Address> recordedDependencies(Address root, Map<String, StateEntry> recorded) {
        Set<Address> out = new LinkedHashSet<>();
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(root.toString()));
        while (!todo.isEmpty()) {
            StateEntry e = recorded.get(todo.poll());
            for (String d : e == null ? List.<String>of() : e.dependsOn()) {
                if (out.add(Address.parse(d))) {
                    todo.add(d);
                }
            }
        }
        return out;
    }

    private static Set<Address> targeted(ResourceGraph graph, Map<String, StateEntry> recorded, PlanOptions options) {
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
            if (options.destroy()) {
                // Like Terraform: destroying a resource destroys what depends on it (a realm's users,
                // clients and links), as state recorded those dependencies.
                scope.addAll(recordedDependents(t, recorded));
            } else if (graph.contains(t)) {
                scope.addAll(graph.withDependencies(List.of(t)));
            } else {
                scope.add(t);
            }
        }
        return scope;
    }

    /**
     * prevent_destroy: a protected resource is never deleted or replaced unless the command names it
     * with --allow-destroy. A plan that would is refused, one line per resource; destroy keeps them
     * (in state, so a later destroy that allows it can delete them) and says so.
     */
    private static void protect(ResourceGraph desired, Map<String, StateEntry> recorded, Map<Address, ResourceChange> changes,
                                PlanOptions options) {
        List<String> refused = new java.util.ArrayList<>();
        for (ResourceChange c : List.copyOf(changes.values())) {
            Address a = c.address();
            boolean destroys = c.action() == io.dive.spi.Action.DELETE || c.action() == io.dive.spi.Action.REPLACE;
            var d = desired.resources().get(a);
            StateEntry e = recorded.get(a.toString());
            boolean isProtected = d != null ? d.preventDestroy() : e != null && e.preventDestroy();
            // An object dive did not make (adopted now, or recorded as adopted) is never deleted by it: a
            // replace (--replace, or a cascade from what it depends on) would delete it first.
            boolean adopted = c.adopt() || e != null && e.status() == StateEntry.Status.ADOPTED;
            if (destroys && adopted && !isProtected && c.action() == io.dive.spi.Action.REPLACE && !options.allowDestroy().contains(a)) {
                String where = d != null ? d.location() + ": " : "";
                refused.add(where + a + ": adopted (dive did not create it): this plan would replace it"
                        + (c.reason() == null ? "" : " (" + c.reason() + ")") + ", deleting it first; dive never deletes what it did not"
                        + " create unless told: run again with --allow-destroy " + a);
                continue;
            }
            if (!destroys || !isProtected || options.allowDestroy().contains(a)) {
                continue;
            }
            if (options.destroy()) {
                changes.put(a, new ResourceChange(a, io.dive.spi.Action.NOOP, List.of(),
                        PlanJson.KEPT + "; to destroy it too, add --allow-destroy " + a, c.prior(), c.desired(), c.adopt(), c.sensitive()));
            } else if (d == null && c.action() == io.dive.spi.Action.DELETE) {
                // It left the manifest (a spoke removed): its data stays, and state keeps it, so that the
                // spoke added again finds its data.
                changes.put(a, new ResourceChange(a, io.dive.spi.Action.NOOP, List.of(), PlanJson.KEPT
                        + ": it left the manifest, but its data stays (and state keeps it); to delete it, add --allow-destroy " + a,
                        c.prior(), c.desired(), c.adopt(), c.sensitive()));
            } else {
                String where = d != null ? d.location() + ": " : "";
                refused.add(where + a + ": prevent_destroy: this plan would " + (c.action() == io.dive.spi.Action.DELETE ? "delete" : "replace")
                        + " it" + (c.reason() == null ? "" : " (" + c.reason() + ")") + "; to allow it, run again with --allow-destroy " + a);
            }
        }
        if (!refused.isEmpty()) {
            throw new DiveException(refused);
        }
    }

    /**
     * A resource that leaves state under one address while the manifest declares its server object
     * under another (a renamed link, a username whose case changed) would be deleted and made again,
     * taking what it holds with it. Refused, with the command that keeps it.
     */
    private void refuseRenames(ResourceGraph desired, Map<String, StateEntry> recorded) {
        Map<String, Address> arriving = new java.util.HashMap<>();
        for (var r : desired.resources().values()) {
            if (!recorded.containsKey(r.address().toString())) {
                ctx.providers().kind(r.address().type()).identities(r.address(), r.attributes()).forEach(i -> arriving.put(i, r.address()));
            }
        }
        if (arriving.isEmpty()) {
            return;
        }
        for (var e : recorded.values()) {
            Address old = Address.parse(e.address());
            if (desired.contains(old)) {
                continue;
            }
            for (String identity : ctx.providers().kind(old.type()).identities(old, e.attributes())) {
                Address renamed = arriving.get(identity);
                if (renamed != null && renamed.type().equals(old.type())) {
                    throw new DiveException(desired.resources().get(renamed).location() + ": " + renamed + " is " + old
                            + " renamed (the same server object: " + identity + "); planned as is, it would be deleted and made again."
                            + " To keep it, run: dive state mv " + old + " " + renamed);
                }
            }
        }
    }

    /** The address and everything state records as depending on it, transitively. */
    private static Set<Address> recordedDependents(Address root, Map<String, StateEntry> recorded) {
        Map<String, List<String>> dependents = new java.util.HashMap<>();
        recorded.forEach((address, e) -> e.dependsOn().forEach(d -> dependents.computeIfAbsent(d, k -> new java.util.ArrayList<>()).add(address)));
        Set<Address> out = new LinkedHashSet<>(List.of(root));
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(root.toString()));
        while (!todo.isEmpty()) {
            for (String d : dependents.getOrDefault(todo.poll(), List.of())) {
                if (out.add(Address.parse(d))) {
                    todo.add(d);
                }
            }
        }
        return out;
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
