package io.dive.core.engine;

import io.dive.core.apply.Applier;
import io.dive.core.apply.ApplyListener;
import io.dive.core.apply.ApplyResult;
import io.dive.core.graph.ResourceGraph;
import io.dive.core.manifest.ManifestLoader;
import io.dive.core.model.DesiredResource;
import io.dive.core.model.Topology;
import io.dive.core.plan.PlanOptions;
import io.dive.core.plan.Planned;
import io.dive.core.plan.Planner;
import io.dive.core.run.ProviderRegistry;
import io.dive.core.run.RunContext;
import io.dive.core.secrets.Fingerprints;
import io.dive.core.secrets.SecretResolver;
import io.dive.core.state.StateLocator;
import io.dive.spi.Address;
import io.dive.spi.DiveException;
import io.dive.spi.Log;
import io.dive.spi.Verifier;
import io.dive.spi.state.FederationFacts;
import io.dive.spi.state.State;
import io.dive.spi.state.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
    private final ResourceGraph graph;

    private Session(RunContext ctx, StateStore store, ResourceGraph graph) {
        this.ctx = ctx;
        this.store = store;
        this.graph = graph;
    }

    /** Loads and validates the manifest; contacts nothing until a plan is asked for. */
    public static Session open(Path manifest, String stateOption, Function<String, String> env, ProviderRegistry providers, Log log) {
        Topology topology = new ManifestLoader(env, providers.types()).load(manifest);
        ResourceGraph graph = TopologyChecks.check(topology, providers); // once per run: attributes, then cycles
        ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "dive-refresh");
            t.setDaemon(true);
            return t;
        });
        SecretResolver secrets = new SecretResolver(env, topology.baseDir(), topology.secretSettings());
        // The state location may carry credentials as a secret reference (postgresql://dive:${secret:gcp:...}@db/dive).
        StateStore store = StateLocator.locate(stateOption, env, topology, secrets::resolve);
        store.warnings().forEach(log::warn);
        keepGeneratedSecretsInState(topology, store, secrets, env);
        Fingerprints fingerprints = Fingerprints.forTopology(env, secrets);
        RunContext ctx = new RunContext(topology, providers, secrets, fingerprints, executor, env, log, graph.bindings());
        return new Session(ctx, store, graph);
    }

    /**
     * With a state key (DIVE_STATE_KEY, else the manifest's state.key) and a backend that keeps secrets,
     * generated secrets and the fingerprint key live sealed in the state, where every runner finds them;
     * without one they stay in this machine's .dive/. A key given to a backend that cannot keep them is an error.
     */
    private static void keepGeneratedSecretsInState(Topology topology, StateStore store, SecretResolver secrets, Function<String, String> env) {
        String key = stateKey(topology, secrets, env);
        if (key == null) {
            return;
        }
        if (!(store instanceof io.dive.spi.state.SecretVault vault)) {
            throw new DiveException("state " + store.describe() + ": a state key (DIVE_STATE_KEY or state.key) is given, but this state backend"
                    + " keeps no secrets: generated secrets are shared through a postgresql:// state");
        }
        secrets.keepGeneratedIn(new io.dive.core.secrets.SealedGeneratedSecrets(vault, key, topology.name(), store.describe()));
    }

    /** The operator's state key: DIVE_STATE_KEY, else the manifest's state.key resolved, else null. */
    private static String stateKey(Topology topology, SecretResolver secrets, Function<String, String> env) {
        String fromEnv = env.apply("DIVE_STATE_KEY");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : topology.stateKey() == null ? null : secrets.resolve(topology.stateKey());
    }

    /** This run's state key (null without one): what opens the generated secrets sealed in the state. */
    public String stateKey() {
        return stateKey(ctx.topology(), ctx.secrets(), ctx.env());
    }

    /**
     * Only a run that changes things makes generated secrets and the fingerprint key: one that does not
     * refuses when an object dive already applied needs one that is not kept where this run looks (a
     * second checkout, a cron host), instead of seeing every password as changed.
     */
    public void requireKeptSecrets(State state) {
        if (ctx.secrets().creating() || state.entries().isEmpty()) {
            return;
        }
        if (state.canary() != null && ctx.fingerprints().ephemeral()) {
            throw new DiveException("the fingerprint key of topology " + topology().name() + " is not in " + ctx.secrets().generated().describe()
                    + " (nor DIVE_FINGERPRINT_KEY), but state " + store.describe() + " was applied with one: only dive apply creates it;"
                    + " run this where the topology was applied, or keep it in the state with a state key (docs/guide.md, Generated secrets)");
        }
        java.util.regex.Pattern generated = java.util.regex.Pattern.compile("\\$\\{secret:generate:([^}]+)}");
        for (DesiredResource r : ctx.topology().resources()) {
            if (state.get(r.address().toString()) == null) {
                continue; // still to be created: a value for this run alone does no harm
            }
            java.util.regex.Matcher m = generated.matcher(r.attributes().toString());
            while (m.find()) {
                if (!ctx.secrets().isGenerated(m.group(1))) {
                    throw new DiveException("secret ${secret:generate:" + m.group(1) + "} is not in " + ctx.secrets().generated().describe()
                            + ", but " + r.address() + " was applied with it: only dive apply creates generated secrets; run this where"
                            + " the topology was applied, or keep them in the state with a state key (docs/guide.md, Generated secrets)");
                }
            }
        }
    }

    /** The topology's dependency graph (built once, when the session opened). */
    public ResourceGraph graph() {
        return graph;
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

    /**
     * Plans against a state. A state that belongs to another topology is refused: its resources are
     * not this manifest's, and planning would delete them.
     */
    public Planned plan(State state, PlanOptions options) {
        requireOwnState(state);
        requireKeptSecrets(state);
        requireSameFingerprintKey(state);
        return new Planner(ctx, graph).plan(state, options);
    }

    /**
     * A plan of everything that leaves out what servers that do not answer hold: each such resource is
     * put in {@code unknown} with the server's failure ({@code dive status} reports it instead of failing).
     */
    public Planned planReachable(State state, Map<Address, String> unknown) {
        requireOwnState(state);
        requireKeptSecrets(state);
        requireSameFingerprintKey(state);
        return new Planner(ctx, graph, unknown).plan(state, PlanOptions.all());
    }

    /**
     * A state records a keyed canary: a run whose fingerprint key is not the one that wrote it would see
     * every secret as changed (and drift --fix would reset them all), so it stops and says which key.
     */
    private void requireSameFingerprintKey(State state) {
        if (state.canary() != null && !state.canary().equals(ctx.fingerprints().canary())) {
            throw new DiveException("state " + store.describe() + " was written by runs with another fingerprint key than this one"
                    + " (DIVE_FINGERPRINT_KEY, else .dive/fingerprint.key beside the manifest): with it every secret would look changed;"
                    + " give this runner the key of the runs that wrote the state (docs/guide.md, Secrets)");
        }
    }

    private void requireOwnState(State state) {
        String recorded = state.topology();
        if (!state.lineage().isEmpty() && recorded != null && !recorded.isEmpty() && !recorded.equals(ctx.topology().name())) {
            throw new DiveException("state " + store.describe() + " belongs to topology \"" + recorded + "\" (lineage " + state.lineage()
                    + "), not to \"" + ctx.topology().name() + "\" named in " + ctx.topology().file() + "; give this topology a state of its own"
                    + " (--state, DIVE_STATE or state:), or rename the state's topology on purpose: dive state rename-topology "
                    + recorded + " " + ctx.topology().file());
        }
    }

    /** The store of this topology's state as if it were still called {@code oldName} (for renaming it). */
    public StateStore storeOf(String oldName, String stateOption) {
        return StateLocator.locate(stateOption, ctx.env(), ctx.topology(), ctx.secrets()::resolve, oldName);
    }

    public ApplyResult apply(Planned planned, State state, ApplyListener listener, int parallelism) {
        // What is applied is kept: values the plan made for itself alone (no apply had made them yet) become
        // the kept ones, so that the servers get, and state fingerprints, exactly what the next run finds.
        ctx.secrets().allowCreating();
        ctx.fingerprints().keepIfOwn();
        requireSameFingerprintKey(state);
        state.canary(ctx.fingerprints().canary()); // from this write on, a run with another key is told
        return new Applier(ctx, store, state, listener, parallelism).apply(planned);
    }




    /** Whether {@code dive verify} checks this resource (a link). */
    public boolean verified(Address address) {
        return ctx.providers().providerOf(address.type()) instanceof Verifier v && v.verifies(address);
    }

    /** Each link's last verified status, where the backend keeps them. */
    public Map<String, FederationFacts.LinkStatus> linkStatuses() {
        return store instanceof FederationFacts facts ? facts.linkStatuses() : Map.of();
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
