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
        SecretResolver secrets = new SecretResolver(env, topology.baseDir());
        Fingerprints fingerprints = Fingerprints.forTopology(env, topology.baseDir());
        RunContext ctx = new RunContext(topology, providers, secrets, fingerprints, executor);
        return new Session(ctx, StateLocator.locate(stateOption, env, topology));
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

    public ResourceGraph graph() {
        return ResourceGraph.build(ctx.topology().resources(), ctx.providers()::kind);
    }

    public Planned plan(State state, PlanOptions options) {
        return new Planner(ctx).plan(state, options);
    }

    public ApplyResult apply(Planned planned, State state, ApplyListener listener, int parallelism) {
        return new Applier(ctx, store, state, listener, parallelism).apply(planned);
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
