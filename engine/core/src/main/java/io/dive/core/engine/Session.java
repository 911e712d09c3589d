package io.dive.core.engine;

import io.dive.core.apply.ApplyListener;
import io.dive.core.apply.ApplyResult;
import io.dive.core.apply.Applier;
import io.dive.core.graph.ResourceGraph;
import io.dive.core.manifest.ManifestLoader;
import io.dive.core.model.Topology;
import io.dive.core.plan.PlanOptions;
import io.dive.core.plan.Planned;
import io.dive.core.plan.Planner;
import io.dive.core.secrets.Fingerprints;
import io.dive.core.secrets.SecretResolver;
import io.dive.core.state.State;
import io.dive.core.state.StateLocator;
import io.dive.core.state.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * One command's work on one topology: loads the manifest, finds the state, and offers plan and
 * apply. Front ends (the CLI, tests, benchmarks) all go through here.
 */
public final class Session implements AutoCloseable {

    private final RunContext ctx;
    private final StateStore store;

    private Session(RunContext ctx, StateStore store) {
        this.ctx = ctx;
        this.store = store;
    }

    /** Loads and validates the manifest; contacts nothing until a plan is asked for. */
    public static Session open(Path manifest, String stateOption, Function<String, String> env, ProviderRegistry providers) {
        Topology topology = new ManifestLoader(env, providers.types()).load(manifest);
        ResourceGraph.build(topology.resources(), providers::kind); // cycles are manifest errors
        ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "dive-refresh");
            t.setDaemon(true);
            return t;
        });
        SecretResolver secrets = new SecretResolver(env, topology.baseDir(), topology.secretSettings());
        Fingerprints fingerprints = Fingerprints.forTopology(env, topology.baseDir());
        RunContext ctx = new RunContext(topology, providers, secrets, fingerprints, executor);
        // The state location may carry credentials as a secret reference (postgresql://dive:${secret:gcp:...}@db/dive).
        return new Session(ctx, StateLocator.locate(stateOption == null ? null : secrets.resolve(stateOption), name -> {
            String v = env.apply(name);
            return v == null ? null : secrets.resolve(v);
        }, topology.stateSetting() == null ? topology : withState(topology, secrets.resolve(topology.stateSetting()))));
    }

    private static Topology withState(Topology t, String state) {
        return new Topology(t.name(), t.file(), t.providerConfigs(), state, t.lockTimeout(), t.resources(), t.contentHash(), t.secretSettings());
    }

    public Topology topology() {
        return ctx.topology();
    }

    public RunContext context() {
        return ctx;
    }

    public StateStore store() {
        return store;
    }

    public Planned plan(State state, PlanOptions options) {
        return new Planner(ctx).plan(state, options);
    }

    public ApplyResult apply(Planned planned, State state, ApplyListener listener, int parallelism) {
        return new Applier(ctx, store, state, listener, parallelism).apply(planned);
    }

    /** Records a run in the state backend's history (when it keeps one); never fails the run. */
    public void record(String command, java.time.Instant started, io.dive.core.plan.Plan plan, ApplyResult result) {
        java.util.Map<String, Integer> summary = new java.util.LinkedHashMap<>();
        plan.summary().forEach((a, n) -> summary.put(a.json(), n));
        java.util.List<io.dive.core.state.RunRecord.Outcome> outcomes = new java.util.ArrayList<>();
        if (result != null) {
            result.outcomes().forEach(o -> outcomes.add(new io.dive.core.state.RunRecord.Outcome(o.address().toString(), o.action().json(),
                    o.status().name().toLowerCase(java.util.Locale.ROOT), o.message())));
        } else {
            plan.changes().stream().filter(io.dive.core.plan.ResourceChange::isChange).forEach(c -> outcomes.add(
                    new io.dive.core.state.RunRecord.Outcome(c.address().toString(), c.action().json(), "drift", null)));
        }
        io.dive.core.state.LockHolder me = io.dive.core.state.LockHolder.current(command);
        try {
            store.recordRun(new io.dive.core.state.RunRecord(command, me.user(), me.host(), started, java.time.Instant.now(), summary,
                    result == null || result.succeeded(), outcomes));
        } catch (RuntimeException e) {
            System.err.println("warning: could not record the run in " + store.describe() + ": " + scrub(e.getMessage()));
        }
    }

    public StateStore.StateLock lock(String command, Duration timeout) {
        return store.lock(command, timeout);
    }

    public String scrub(String message) {
        return ctx.secrets().scrub(message);
    }

    @Override
    public void close() {
        ctx.executor().shutdownNow();
    }
}
