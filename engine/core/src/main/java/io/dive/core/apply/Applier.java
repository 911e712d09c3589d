package io.dive.core.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.core.model.DesiredResource;
import io.dive.core.plan.AttributeChange;
import io.dive.core.plan.Differ;
import io.dive.core.plan.Planned;
import io.dive.core.plan.Refresher;
import io.dive.core.plan.ResourceChange;
import io.dive.core.run.RunContext;
import io.dive.spi.Action;
import io.dive.spi.Address;
import io.dive.spi.ApplyRequest;
import io.dive.spi.ResourceKind;
import io.dive.spi.ResourceRef;
import io.dive.spi.state.State;
import io.dive.spi.state.StateEntry;
import io.dive.spi.state.StateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
    /** Re-reads after a write: 7 reads over 6.3 to 12.6 s, for servers slow to show a write under load. */
    private static final int VERIFY_ATTEMPTS = 7;
    /**
     * A write may take a moment to show: read back again after 200 ms, doubling (the shared backoff). The
     * jitter halves a delay at most, so the waits add up to at least the 6.3 s they were before it.
     */
    private static final io.dive.spi.Retry.Backoff READ_BACK = new io.dive.spi.Retry.Backoff(Duration.ofMillis(200),
            Duration.ofSeconds(8), VERIFY_ATTEMPTS);

    /** Set when the store says this run lost its lock: from then on no step starts. */
    private volatile String stateLost;
    private final RunContext ctx;
    private final StateStore store;
    private final State state;
    private final ApplyListener listener;
    private final int parallelism;
    private final Refresher refresher;
    /** Per server brought up by this apply: its resources observed and planned once it is ready. */
    private final Map<String, java.util.concurrent.CompletableFuture<Map<Address, ResourceChange>>> gates = new ConcurrentHashMap<>();
    /** What this apply created: an object that comes with one of them (a realm's built-in clients) is the server's, adopted. */
    private final Set<Address> createdHere = ConcurrentHashMap.newKeySet();
    private static final String DEFAULT_SERVER = "";
    private static final Duration SERVER_TIMEOUT = Duration.ofMinutes(5);

    public Applier(RunContext ctx, StateStore store, State state, ApplyListener listener, int parallelism) {
        this.ctx = ctx;
        this.store = store;
        this.state = state;
        this.listener = listener;
        this.parallelism = Math.max(1, parallelism);
        this.refresher = new Refresher(ctx);
    }

    public ApplyResult apply(Planned planned) {
        Map<Address, ResourceChange> ops = new HashMap<>();
        planned.plan().changes().forEach(c -> ops.put(c.address(), c));
        ApplyGraph steps = ApplyGraph.build(planned.plan(), planned.graph(), state.entries());
        Map<ApplyGraph.Node, Integer> pending = new HashMap<>();
        steps.nodes().forEach(n -> pending.put(n, steps.prerequisites(n).size()));

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
        Map<Address, Long> startedAt = new ConcurrentHashMap<>();
        ticker.scheduleAtFixedRate(() -> running.forEach((a, since) ->
                listener.stillRunning(a, ops.get(a).action(), System.currentTimeMillis() - since)), 10, 10, TimeUnit.SECONDS);
        CompletionService<StepResult> done = new ExecutorCompletionService<>(pool);
        List<ResourceOutcome> outcomes = new ArrayList<>();
        Set<Address> reported = new HashSet<>();
        try {
            int submitted = 0;
            for (ApplyGraph.Node n : steps.order()) {
                if (pending.get(n) == 0) {
                    submit(done, n, ops.get(n.address()), planned, running, startedAt);
                    submitted++;
                }
            }
            int finished = 0;
            Map<ApplyGraph.Node, String> blockedBy = new HashMap<>();
            while (finished < submitted) {
                StepResult r = take(done);
                finished++;
                report(r, reported, outcomes);
                // Settle the followers; a failure (or a skip) blocks everything downstream of it.
                List<StepResult> settled = new ArrayList<>(List.of(r));
                while (!settled.isEmpty()) {
                    StepResult s = settled.remove(settled.size() - 1);
                    boolean ok = s.outcome() == null || s.outcome().status() == ResourceOutcome.Status.APPLIED
                            || s.outcome().status() == ResourceOutcome.Status.UNCHANGED;
                    for (ApplyGraph.Node n : steps.followers(s.node())) {
                        if (!ok) {
                            blockedBy.putIfAbsent(n, blockedBy.getOrDefault(s.node(), s.node().address().toString()));
                        }
                        if (pending.merge(n, -1, Integer::sum) > 0) {
                            continue;
                        }
                        String cause = blockedBy.get(n);
                        if (cause == null) {
                            submit(done, n, ops.get(n.address()), planned, running, startedAt);
                            submitted++;
                        } else {
                            ResourceOutcome skipped = new ResourceOutcome(n.address(), ops.get(n.address()).action(),
                                    ResourceOutcome.Status.SKIPPED, 0, n.address() + ": skipped: depends on " + cause + ", which did not complete");
                            StepResult sr = new StepResult(n, skipped);
                            report(sr, reported, outcomes);
                            settled.add(sr);
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

    /**
     * A finished step. {@code outcome} is null for a replace's delete that succeeded: the resource's
     * outcome comes with its create.
     */
    private record StepResult(ApplyGraph.Node node, ResourceOutcome outcome) {
    }

    /** One outcome per resource: the first that says how it ended (a replace whose delete failed is not also "skipped"). */
    private void report(StepResult r, Set<Address> reported, List<ResourceOutcome> outcomes) {
        if (r.outcome() != null && reported.add(r.node().address())) {
            outcomes.add(r.outcome());
            listener.finished(r.outcome());
        }
    }

    private void submit(CompletionService<StepResult> done, ApplyGraph.Node n, ResourceChange c, Planned planned,
                        Map<Address, Long> running, Map<Address, Long> startedAt) {
        boolean replaceDelete = c.action() == Action.REPLACE && n.step() == ApplyGraph.Step.DELETE;
        boolean replaceCreate = c.action() == Action.REPLACE && n.step() == ApplyGraph.Step.CHANGE;
        done.submit(() -> {
            if (stateLost != null) {
                return new StepResult(n, new ResourceOutcome(c.address(), c.action(), ResourceOutcome.Status.SKIPPED, 0,
                        c.address() + ": skipped: " + stateLost));
            }
            long now = System.currentTimeMillis();
            long start = startedAt.computeIfAbsent(c.address(), k -> now);
            if (c.isChange()) {
                running.put(c.address(), start);
                if (!replaceCreate) {
                    listener.started(c.address(), c.action());
                }
            }
            try {
                ResourceChange settled = c.knownAfter() == null ? c : whenReady(c, planned);
                if (settled.action() == Action.FORGET || settled.action() == Action.NOOP && n.step() == ApplyGraph.Step.DELETE) {
                    recordWithoutChange(settled, null, state.get(c.address().toString()), planned);
                    return new StepResult(n, new ResourceOutcome(c.address(), settled.action(), ResourceOutcome.Status.APPLIED,
                            System.currentTimeMillis() - start, null));
                }
                if (n.step() == ApplyGraph.Step.DELETE) {
                    triedAgainWhilePassing(settled, () -> {
                        delete(settled);
                        return true;
                    });
                    return new StepResult(n, replaceDelete ? null : new ResourceOutcome(c.address(), c.action(),
                            ResourceOutcome.Status.APPLIED, System.currentTimeMillis() - start, null));
                }
                boolean changed = triedAgainWhilePassing(settled, () -> execute(settled, planned));
                // A resource planned "known after" its server reports what it turned out to be (an adoption, a no-op...).
                return new StepResult(n, new ResourceOutcome(c.address(), settled.action(),
                        changed ? ResourceOutcome.Status.APPLIED : ResourceOutcome.Status.UNCHANGED,
                        System.currentTimeMillis() - start, null));
            } catch (RuntimeException e) {
                String msg = ctx.secrets().scrub(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                boolean permanent = e instanceof io.dive.spi.ProviderException pe && pe.permanent();
                return new StepResult(n, new ResourceOutcome(c.address(), c.action(), ResourceOutcome.Status.FAILED,
                        System.currentTimeMillis() - start, c.address() + ": " + verb(c.action()) + " failed: " + msg, permanent));
            } finally {
                if (!replaceDelete) {
                    running.remove(c.address());
                }
            }
        });
    }

    /** Tries of a write whose failure passes (a refused or reset connection, a time-out, a 503), and the waits between them. */
    static final int WRITE_TRIES = 3;
    private static final io.dive.spi.Retry.Backoff WRITE_AGAIN = new io.dive.spi.Retry.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), WRITE_TRIES);

    /**
     * Runs one resource's change, and again when it fails in passing: what is safe to retry. An update
     * sends the whole desired object again (the same PUT); a create has recorded its intent, so its next
     * try finds an object that did land and carries on with it rather than making a second; a delete of
     * what is gone is done. A refusal or a conflict is never tried again; a server error only where its
     * provider says it passes (Keycloak rolls a failed request back).
     */
    private boolean triedAgainWhilePassing(ResourceChange c, java.util.function.BooleanSupplier step) {
        for (int attempt = 1; ; attempt++) {
            try {
                return step.getAsBoolean();
            } catch (io.dive.spi.ProviderException e) {
                if (!e.passing() || attempt >= WRITE_TRIES || stateLost != null) {
                    throw e;
                }
                Duration wait = WRITE_AGAIN.delay(attempt);
                ctx.log().warn(c.address() + ": " + verb(c.action()) + " failed in passing (" + ctx.secrets().scrub(e.getMessage()) + "); trying again in "
                        + wait.toMillis() + " ms (" + (attempt + 1) + " of " + WRITE_TRIES + ")");
                sleep(wait.toMillis());
            }
        }
    }

    /**
     * The change of a resource whose server this apply brings up, as it stands once that server is
     * ready: waits for the server (a token for Keycloak, a ping for MongoDB), then observes all of
     * that server's deferred resources in one refresh and plans them, once per server.
     */
    private ResourceChange whenReady(ResourceChange c, Planned planned) {
        StateEntry recorded = state.get(c.address().toString());
        String server = recorded != null && c.desired() == null ? recorded.server() : ctx.bindings().serverOf(c.address());
        // The first of a server's resources to get here waits and plans for all of them, on its own
        // thread (no shared pool to starve); the others wait for its answer.
        java.util.concurrent.CompletableFuture<Map<Address, ResourceChange>> mine = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Map<Address, ResourceChange>> gate = gates.putIfAbsent(server == null ? DEFAULT_SERVER : server, mine);
        if (gate == null) {
            gate = mine;
            try {
                mine.complete(replan(server, c, planned));
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
            }
        }
        Map<Address, ResourceChange> fresh;
        try {
            fresh = gate.join();
        } catch (java.util.concurrent.CompletionException e) {
            // The server did not come up: each of its resources says so, in the server's words.
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
        ResourceChange now = fresh.get(c.address());
        // Not in the server's batch (a link whose other side's server was not up yet when the batch was
        // read): planned on its own, now that everything it depends on is done.
        return now != null ? now : classify(observeNow(List.of(c), planned), c, planned);
    }

    /** Waits for the server, then observes and plans all of its deferred resources at once (empty if that read fails). */
    private Map<Address, ResourceChange> replan(String server, ResourceChange first, Planned planned) {
        io.dive.spi.Provider provider = ctx.provider(first.address().type());
        ctx.log().line("waiting for server " + (server == null ? "(default)" : server) + " to answer, then planning again what was known only after "
                + first.knownAfter() + " was ready");
        provider.awaitServer(server, SERVER_TIMEOUT);
        List<ResourceChange> mine = new ArrayList<>();
        for (ResourceChange c : planned.plan().changes()) {
            if (c.knownAfter() != null && ctx.provider(c.address().type()) == provider) {
                StateEntry e = state.get(c.address().toString());
                String on = c.desired() == null && e != null ? e.server() : ctx.bindings().serverOf(c.address());
                if (java.util.Objects.equals(on, server)) {
                    mine.add(c);
                }
            }
        }
        Map<Address, JsonNode> observed;
        try {
            observed = observeNow(mine, planned);
        } catch (io.dive.spi.DiveException e) {
            return Map.of();
        }
        Map<Address, ResourceChange> out = new HashMap<>();
        for (ResourceChange c : mine) {
            out.put(c.address(), classify(observed, c, planned));
        }
        return out;
    }

    /** One refresh of these deferred resources, compared with what the plan wanted of them. */
    private Map<Address, JsonNode> observeNow(List<ResourceChange> changes, Planned planned) {
        Set<Address> addresses = new LinkedHashSet<>();
        Map<Address, JsonNode> comparable = new HashMap<>();
        for (ResourceChange c : changes) {
            addresses.add(c.address());
            if (c.desired() != null) {
                comparable.put(c.address(), c.desired());
            }
        }
        return refresher.observe(addresses, comparable, state.entries(), planned.sensitivePaths());
    }

    /** A deferred resource's change, now that its server answers: as a plan would make it. */
    private ResourceChange classify(Map<Address, JsonNode> observed, ResourceChange deferred, Planned planned) {
        Address a = deferred.address();
        Set<String> sensitive = planned.sensitivePaths().getOrDefault(a, Set.of());
        StateEntry recorded = state.get(a.toString());
        JsonNode seen = observed.get(a);
        if (deferred.desired() != null) {
            return io.dive.core.plan.ChangeClassifier.classify(new io.dive.core.plan.ChangeClassifier.Declared(a, deferred.desired(), seen,
                    recorded, sensitive, false, ctx.providers().kind(a.type()).replaceOn()));
        }
        return io.dive.core.plan.ChangeClassifier.removal(a, seen, recorded, seen == null ? null : ctx.providers().kind(a.type()).deletionNote(seen));
    }

    private static StepResult take(CompletionService<StepResult> done) {
        try {
            return done.take().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("apply interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Deletes the object. A delete forgets it in state; a replace's delete keeps the entry, so that a
     * run that dies before the create is resumed by the next plan as a create.
     */
    private void delete(ResourceChange c) {
        ctx.provider(c.address().type());
        StateEntry recorded = state.get(c.address().toString());
        String server = recorded != null && recorded.server() != null ? recorded.server() : ctx.bindings().serverOf(c.address());
        ctx.providers().kind(c.address().type()).delete(new ApplyRequest(c.address(), Action.DELETE, null, c.prior(), Set.of(), server, state.lineage()));
        if (c.action() == Action.DELETE) {
            state.remove(c.address().toString());
            persist();
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
            case CREATE, REPLACE -> {
                // (a replace's delete was its own step, before this one)
                JsonNode resolved = ctx.secrets().resolveAll(desired.attributes());
                // Record the intent first: if we die after the server created it, the next run owns it.
                state.put(entryFor(desired, planned, StateEntry.Status.CREATING, JSON.createObjectNode()));
                persist();
                ApplyRequest req = new ApplyRequest(a, Action.CREATE, resolved, null, Set.of(), ctx.bindings().serverOf(a), state.lineage());
                try {
                    kind.create(req);
                } catch (io.dive.spi.ProviderException e) {
                    // The server may have made it and lost only its answer (a reset connection, a proxy's 502):
                    // look it up by name before anything tries again, so that no second one is ever made. And
                    // a conflict ("already exists") where state holds our own intent to create it is our own
                    // earlier create, finished by the server after that run died (found by kill -9 trials).
                    boolean ours = entry != null && entry.status() == StateEntry.Status.CREATING;
                    // And an object the server made itself with a parent this apply created (Keycloak's built-in
                    // "account" client of a new realm) is the server's: adopted, then brought to the manifest.
                    Address parent = kind.livesWith(a, desired.attributes());
                    if (e.exists() && !ours && parent != null && createdHere.contains(parent)) {
                        return adoptBuiltIn(c, desired, kind, planned, req, parent, e);
                    }
                    if (e.permanent() && !ours) {
                        throw e;
                    }
                    // Our own earlier create may still be in flight on the server (it answers "exists" before the
                    // object can be read): give it a while to land.
                    String missing = io.dive.spi.Retry.until(ours && e.permanent() ? Duration.ofSeconds(30) : Duration.ZERO,
                            io.dive.spi.Retry.Backoff.POLL, () -> existsNow(kind, req, c.desired(), planned) ? null : "not there", null);
                    if (missing != null) {
                        throw e;
                    }
                    ctx.log().warn(a + ": the server has it already (" + ctx.secrets().scrub(e.getMessage()) + "): "
                            + (ours ? "an earlier run's create, finished after that run stopped" : "this create's answer was lost")
                            + "; carrying on");
                }
                kind.awaitReady(req, READY_TIMEOUT);
                verify(c, desired, kind, planned, StateEntry.Status.CREATED, "create");
                createdHere.add(a);
                return true;
            }
            case UPDATE -> {
                JsonNode resolved = ctx.secrets().resolveAll(desired.attributes());
                Set<String> changedTop = new LinkedHashSet<>();
                for (AttributeChange ch : c.attributes()) {
                    changedTop.add(io.dive.core.model.JsonPaths.top(ch.pointer()));
                }
                ApplyRequest req = new ApplyRequest(a, Action.UPDATE, resolved, c.prior(), changedTop, ctx.bindings().serverOf(a), state.lineage());
                kind.update(req);
                kind.awaitReady(req, READY_TIMEOUT);
                StateEntry.Status status = entry == null ? firstRecord(c.address())
                        : entry.status() == StateEntry.Status.CREATING ? StateEntry.Status.CREATED : entry.status();
                verify(c, desired, kind, planned, status, "update");
                return true;
            }
            default -> throw new IllegalStateException("unexpected action " + c.action());
        }
    }

    /**
     * A create answered "already exists" for an object whose parent this apply created: the server made it
     * with its parent (a new realm's built-in clients and roles). It is recorded as adopted (never deleted by
     * dive), and what the manifest declares differently is updated.
     */
    private boolean adoptBuiltIn(ResourceChange c, DesiredResource desired, ResourceKind kind, Planned planned, ApplyRequest create, Address parent,
                                 io.dive.spi.ProviderException conflict) {
        Set<String> sensitive = planned.sensitivePaths().getOrDefault(c.address(), Set.of());
        JsonNode observed = refresher.readBack(kind, new ResourceRef(c.address(), c.desired(), null, create.server()), sensitive, c.desired());
        if (observed == null) {
            throw conflict;
        }
        ctx.log().warn(c.address() + ": made by the server with " + parent + ", which this apply created (" + ctx.secrets().scrub(conflict.getMessage())
                + "): adopted (dive never deletes it)");
        List<AttributeChange> diffs = io.dive.core.plan.Differ.diff(c.desired(), observed, sensitive);
        if (!diffs.isEmpty()) {
            Set<String> changedTop = new LinkedHashSet<>();
            diffs.forEach(d -> changedTop.add(io.dive.core.model.JsonPaths.top(d.pointer())));
            kind.update(new ApplyRequest(c.address(), Action.UPDATE, create.desired(), observed, changedTop, create.server(), state.lineage()));
        }
        kind.awaitReady(create, READY_TIMEOUT);
        verify(c, desired, kind, planned, StateEntry.Status.ADOPTED, "create");
        return true;
    }

    /** Whether the object of a create whose answer was lost is there now (a failure to look counts as no). */
    private boolean existsNow(ResourceKind kind, ApplyRequest req, JsonNode plannedDesired, Planned planned) {
        try {
            return refresher.readBack(kind, new ResourceRef(req.address(), plannedDesired, null, req.server()),
                    planned.sensitivePaths().getOrDefault(req.address(), Set.of()), plannedDesired) != null;
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    /** Returns whether state changed (an adoption or a forget), for the outcome; the server did not. */
    private boolean recordWithoutChange(ResourceChange c, DesiredResource desired, StateEntry entry, Planned planned) {
        if (desired == null) {
            if (c.action() == Action.FORGET && entry != null) {
                state.remove(c.address().toString()); // gone already, or not ours to delete: forget it
                persist();
                return true;
            }
            return false; // kept as it is (prevent_destroy in a destroy): state keeps it, for a destroy that allows it
        }
        StateEntry.Status status = entry == null ? firstRecord(c.address())
                : entry.status() == StateEntry.Status.CREATING ? StateEntry.Status.CREATED : entry.status();
        StateEntry next = entryFor(desired, planned, status, (ObjectNode) c.prior());
        if (entry == null || entry.status() != next.status() || !Differ.same(entry.attributes(), next.attributes())
                || !entry.dependsOn().equals(next.dependsOn()) || entry.preventDestroy() != next.preventDestroy()
                || !java.util.Objects.equals(entry.server(), next.server())) {
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
        for (int attempt = 1; attempt <= VERIFY_ATTEMPTS; attempt++) {
            observed = refresher.readBack(kind, new ResourceRef(c.address(), c.desired(), c.prior(), ctx.bindings().serverOf(c.address())),
                    sensitive, c.desired());
            diffs = observed == null ? List.of() : Differ.diff(c.desired(), observed, sensitive);
            if (observed != null && diffs.isEmpty() || attempt == VERIFY_ATTEMPTS) {
                break;
            }
            sleep(READ_BACK.delay(attempt).toMillis());
        }
        if (observed == null) {
            throw new io.dive.spi.ProviderException("provider reported success, but reading the resource back finds nothing");
        }
        state.put(entryFor(desired, planned, status, (ObjectNode) observed));
        persist();
        if (!diffs.isEmpty()) {
            throw new io.dive.spi.ProviderException(inconsistency(verb, diffs));
        }
    }

    /**
     * What differs after a write, and what that means: a value the server holds in another form than it was
     * sent (Keycloak writes a password policy its own way, adds a default scope) is the server's rewrite, to
     * be declared as the server writes it; a value it does not hold at all was not kept.
     */
    static String inconsistency(String verb, List<AttributeChange> diffs) {
        AttributeChange d = diffs.get(0);
        boolean rewritten = d.before() != null && !d.before().isNull() && !d.before().isMissingNode();
        String more = diffs.size() > 1 ? " (and " + (diffs.size() - 1) + " more: " + String.join(", ", diffs.subList(1, diffs.size()).stream()
                .map(AttributeChange::path).toList()) + ")" : "";
        if (rewritten) {
            return "inconsistent result after " + verb + ": the server changed " + d.path() + " to " + show(d.before(), d.sensitive()) + " when it was sent "
                    + show(d.after(), d.sensitive()) + more + "; declare it as the server writes it, or every apply will send it again";
        }
        return "inconsistent result after " + verb + ": the server does not hold " + d.path() + " (sent " + show(d.after(), d.sensitive()) + ")" + more
                + "; it did not keep what it accepted (restarted mid-write?); the next apply sets it again";
    }

    private static String show(JsonNode v, boolean sensitive) {
        return sensitive ? "(sensitive)" : v == null ? "absent" : v.toString();
    }

    /**
     * How a resource dive finds already there is first recorded: adopted (never deleted by dive), or,
     * for a kind whose parts say who made them, dive's (its delete leaves the adopted parts).
     */
    private StateEntry.Status firstRecord(Address a) {
        return ctx.providers().kind(a.type()).partsKnowTheirMaker() ? StateEntry.Status.CREATED : StateEntry.Status.ADOPTED;
    }

    private StateEntry entryFor(DesiredResource d, Planned planned, StateEntry.Status status, ObjectNode attrs) {
        List<String> deps = planned.graph().dependenciesOf(d.address()).stream().map(Address::toString).sorted().toList();
        return new StateEntry(d.address().type(), d.address().name(), ctx.providers().providerOf(d.address().type()).name(),
                status, attrs == null ? JSON.createObjectNode() : attrs, deps, d.preventDestroy(), ctx.bindings().serverOf(d.address()));
    }

    private synchronized void persist() {
        if (stateLost != null) {
            throw new io.dive.spi.state.LockLostException(stateLost);
        }
        try {
            store.write(state.nextSerial());
        } catch (io.dive.spi.state.LockLostException e) {
            stateLost = e.getMessage(); // nothing more is started: another run may hold the lock now
            throw e;
        }
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
