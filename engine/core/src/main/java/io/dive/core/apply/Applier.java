package io.dive.core.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.core.engine.RunContext;
import io.dive.core.model.DesiredResource;
import io.dive.core.plan.AttributeChange;
import io.dive.core.plan.Differ;
import io.dive.core.plan.Planned;
import io.dive.core.plan.Planner;
import io.dive.core.plan.ResourceChange;
import io.dive.spi.state.State;
import io.dive.spi.state.StateEntry;
import io.dive.spi.state.StateStore;
import io.dive.spi.Action;
import io.dive.spi.Address;
import io.dive.spi.ApplyRequest;
import io.dive.spi.ResourceKind;
import io.dive.spi.ResourceRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Carries out a plan: walks the graph in parallel (at most {@code parallelism} resources at once),
 * starts a resource only when everything it depends on is done and ready, deletes in reverse
 * dependency order, and skips the dependents of a failure while independent branches go on.
 * State is written after every resource, and a create is recorded as intended before it is sent,
 * so a killed apply is resumed by the next one instead of leaving orphans.
 */
public final class Applier {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    private static final int VERIFY_ATTEMPTS = 5;

    private final RunContext ctx;
    private final StateStore store;
    private final State state;
    private final ApplyListener listener;
    private final int parallelism;

    public Applier(RunContext ctx, StateStore store, State state, ApplyListener listener, int parallelism) {
        this.ctx = ctx;
        this.store = store;
        this.state = state;
        this.listener = listener;
        this.parallelism = Math.max(1, parallelism);
    }

    public ApplyResult apply(Planned planned) {
        Map<Address, ResourceChange> ops = new HashMap<>();
        planned.plan().changes().forEach(c -> ops.put(c.address(), c));
        Map<Address, Set<Address>> waitsFor = dependencies(planned, ops);
        Map<Address, List<Address>> unblocks = new HashMap<>();
        Map<Address, Integer> pending = new HashMap<>();
        waitsFor.forEach((a, deps) -> {
            pending.put(a, deps.size());
            deps.forEach(d -> unblocks.computeIfAbsent(d, k -> new ArrayList<>()).add(a));
        });

        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "dive-apply");
            t.setDaemon(true);
            return t;
        });
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dive-progress");
            t.setDaemon(true);
            return t;
        });
        Map<Address, Long> running = new ConcurrentHashMap<>();
        ticker.scheduleAtFixedRate(() -> running.forEach((a, since) ->
                listener.stillRunning(a, ops.get(a).action(), System.currentTimeMillis() - since)), 10, 10, TimeUnit.SECONDS);
        CompletionService<ResourceOutcome> done = new ExecutorCompletionService<>(pool);
        List<ResourceOutcome> outcomes = new ArrayList<>();
        try {
            int submitted = 0;
            for (Address a : planned.plan().changes().stream().map(ResourceChange::address).toList()) {
                if (pending.get(a) == 0) {
                    submit(done, ops.get(a), planned, running);
                    submitted++;
                }
            }
            int finished = 0;
            Map<Address, String> blockedBy = new HashMap<>();
            while (finished < submitted) {
                ResourceOutcome o = take(done);
                finished++;
                outcomes.add(o);
                listener.finished(o);
                // Settle the dependents; a failure (or a skip) blocks everything downstream of it.
                List<ResourceOutcome> settled = new ArrayList<>(List.of(o));
                while (!settled.isEmpty()) {
                    ResourceOutcome s = settled.remove(settled.size() - 1);
                    boolean ok = s.status() == ResourceOutcome.Status.APPLIED || s.status() == ResourceOutcome.Status.UNCHANGED;
                    for (Address n : unblocks.getOrDefault(s.address(), List.of())) {
                        if (!ok) {
                            blockedBy.putIfAbsent(n, s.status() == ResourceOutcome.Status.SKIPPED
                                    ? blockedBy.getOrDefault(s.address(), s.address().toString()) : s.address().toString());
                        }
                        if (pending.merge(n, -1, Integer::sum) > 0) {
                            continue;
                        }
                        String cause = blockedBy.get(n);
                        if (cause == null) {
                            submit(done, ops.get(n), planned, running);
                            submitted++;
                        } else {
                            ResourceOutcome skipped = new ResourceOutcome(n, ops.get(n).action(), ResourceOutcome.Status.SKIPPED, 0,
                                    n + ": skipped: depends on " + cause + ", which did not complete");
                            outcomes.add(skipped);
                            listener.finished(skipped);
                            settled.add(skipped);
                        }
                    }
                }
            }
        } finally {
            ticker.shutdownNow();
            pool.shutdownNow();
        }
        return new ApplyResult(planned.plan(), outcomes);
    }

    /** Desired order for creates and updates; for deletes, dependents go first. */
    private Map<Address, Set<Address>> dependencies(Planned planned, Map<Address, ResourceChange> ops) {
        Map<Address, Set<Address>> waits = new HashMap<>();
        for (ResourceChange c : ops.values()) {
            Set<Address> deps = new LinkedHashSet<>();
            if (c.action() != Action.DELETE && planned.graph().contains(c.address())) {
                for (Address d : planned.graph().dependenciesOf(c.address())) {
                    if (ops.containsKey(d)) {
                        deps.add(d);
                    }
                }
            }
            waits.put(c.address(), deps);
        }
        for (ResourceChange c : ops.values()) {
            StateEntry e = state.get(c.address().toString());
            if (c.action() == Action.DELETE && e != null) {
                for (String dep : e.dependsOn()) {
                    Address d = Address.parse(dep);
                    ResourceChange dc = ops.get(d);
                    if (dc != null && dc.action() == Action.DELETE) {
                        waits.get(d).add(c.address()); // d is deleted after c, which needs it
                    }
                }
            }
        }
        return waits;
    }


    private void submit(CompletionService<ResourceOutcome> done, ResourceChange c, Planned planned, Map<Address, Long> running) {
        done.submit(() -> {
            long start = System.currentTimeMillis();
            if (c.isChange()) {
                running.put(c.address(), start);
                listener.started(c.address(), c.action());
            }
            try {
                boolean changed = execute(c, planned);
                return new ResourceOutcome(c.address(), c.action(),
                        changed ? ResourceOutcome.Status.APPLIED : ResourceOutcome.Status.UNCHANGED,
                        System.currentTimeMillis() - start, null);
            } catch (RuntimeException e) {
                String msg = ctx.secrets().scrub(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                return new ResourceOutcome(c.address(), c.action(), ResourceOutcome.Status.FAILED,
                        System.currentTimeMillis() - start, c.address() + ": " + verb(c.action()) + " failed: " + msg);
            } finally {
                running.remove(c.address());
            }
        });
    }

    private static ResourceOutcome take(CompletionService<ResourceOutcome> done) {
        try {
            return done.take().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("apply interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Does one resource's planned action; returns whether anything on the server was changed. */
    private boolean execute(ResourceChange c, Planned planned) {
        Address a = c.address();
        ResourceKind kind = ctx.providers().kind(a.type());
        ctx.provider(a.type());
        DesiredResource desired = planned.graph().resources().get(a);
        StateEntry entry = state.get(a.toString());
        switch (c.action()) {
            case NOOP, ADOPT, FORGET -> {
                // Nothing is sent to a server: the state learns what the plan said (adopted, forgotten, refreshed).
                return recordWithoutChange(c, desired, entry, planned);
            }
            case DELETE -> {
                kind.delete(new ApplyRequest(a, Action.DELETE, null, c.prior(), Set.of()));
                state.remove(a.toString());
                persist();
                return true;
            }
            case CREATE, REPLACE -> {
                if (c.action() == Action.REPLACE) {
                    kind.delete(new ApplyRequest(a, Action.DELETE, null, c.prior(), Set.of()));
                }
                JsonNode resolved = ctx.secrets().resolveAll(desired.attributes());
                // Record the intent first: if we die after the server created it, the next run owns it.
                state.put(entryFor(desired, planned, StateEntry.Status.CREATING, JSON.createObjectNode()));
                persist();
                ApplyRequest req = new ApplyRequest(a, Action.CREATE, resolved, null, Set.of());
                kind.create(req);
                kind.awaitReady(req, READY_TIMEOUT);
                verify(c, desired, kind, planned, StateEntry.Status.CREATED, "create");
                return true;
            }
            case UPDATE -> {
                JsonNode resolved = ctx.secrets().resolveAll(desired.attributes());
                Set<String> changedTop = new LinkedHashSet<>();
                for (AttributeChange ch : c.attributes()) {
                    changedTop.add(io.dive.core.plan.JsonPaths.top(ch.pointer()));
                }
                ApplyRequest req = new ApplyRequest(a, Action.UPDATE, resolved, c.prior(), changedTop);
                kind.update(req);
                kind.awaitReady(req, READY_TIMEOUT);
                StateEntry.Status status = entry == null ? StateEntry.Status.ADOPTED
                        : entry.status() == StateEntry.Status.CREATING ? StateEntry.Status.CREATED : entry.status();
                verify(c, desired, kind, planned, status, "update");
                return true;
            }
            default -> throw new IllegalStateException("unexpected action " + c.action());
        }
    }

    /** Returns whether state changed (an adoption or a forget), for the outcome; the server did not. */
    private boolean recordWithoutChange(ResourceChange c, DesiredResource desired, StateEntry entry, Planned planned) {
        if (desired == null) {
            if (entry != null) {
                state.remove(c.address().toString()); // gone already, or not ours to delete: forget it
                persist();
                return true;
            }
            return false;
        }
        StateEntry.Status status = entry == null ? StateEntry.Status.ADOPTED
                : entry.status() == StateEntry.Status.CREATING ? StateEntry.Status.CREATED : entry.status();
        StateEntry next = entryFor(desired, planned, status, (ObjectNode) c.prior());
        if (entry == null || entry.status() != next.status() || !Differ.same(entry.attributes(), next.attributes())
                || !entry.dependsOn().equals(next.dependsOn())) {
            state.put(next);
            persist();
        }
        return c.action() != Action.NOOP;
    }

    /**
     * Re-reads what was just applied and checks it matches the plan. Servers may take a moment to show
     * a write, so a mismatch is retried with backoff before it is reported.
     */
    private void verify(ResourceChange c, DesiredResource desired, ResourceKind kind, Planned planned,
                        StateEntry.Status status, String verb) {
        Set<String> sensitive = planned.sensitivePaths().getOrDefault(c.address(), Set.of());
        List<AttributeChange> diffs = List.of();
        JsonNode observed = null;
        long backoff = 100;
        for (int attempt = 1; attempt <= VERIFY_ATTEMPTS; attempt++) {
            JsonNode raw = kind.read(new ResourceRef(c.address(), c.desired(), c.prior()));
            observed = raw == null ? null : Planner.sanitize(raw, sensitive, c.desired(), ctx.fingerprints());
            diffs = observed == null ? List.of() : Differ.diff(c.desired(), observed, sensitive);
            if (observed != null && diffs.isEmpty()) {
                break;
            }
            sleep(backoff);
            backoff *= 2;
        }
        if (observed == null) {
            throw new io.dive.spi.ProviderException("provider reported success, but reading the resource back finds nothing");
        }
        state.put(entryFor(desired, planned, status, (ObjectNode) observed));
        persist();
        if (!diffs.isEmpty()) {
            AttributeChange d = diffs.get(0);
            throw new io.dive.spi.ProviderException("provider produced an inconsistent result after " + verb + ": "
                    + d.path() + " is " + show(d.before(), d.sensitive()) + ", planned " + show(d.after(), d.sensitive())
                    + (diffs.size() > 1 ? " (and " + (diffs.size() - 1) + " more)" : "") + "; this is a bug in the provider");
        }
    }

    private static String show(JsonNode v, boolean sensitive) {
        return sensitive ? "(sensitive)" : v == null ? "absent" : v.toString();
    }

    private StateEntry entryFor(DesiredResource d, Planned planned, StateEntry.Status status, ObjectNode attrs) {
        List<String> deps = planned.graph().dependenciesOf(d.address()).stream().map(Address::toString).sorted().toList();
        return new StateEntry(d.address().type(), d.address().name(), ctx.providers().providerOf(d.address().type()).name(),
                status, attrs == null ? JSON.createObjectNode() : attrs, deps);
    }

    private synchronized void persist() {
        store.write(state.nextSerial());
    }

    private static String verb(Action a) {
        return switch (a) {
            case CREATE -> "create";
            case UPDATE -> "update";
            case REPLACE -> "replace";
            case DELETE -> "delete";
            case NOOP -> "refresh";
            case ADOPT -> "adopt";
            case FORGET -> "forget";
        };
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
