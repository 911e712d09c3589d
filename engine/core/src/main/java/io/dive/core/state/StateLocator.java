package io.dive.core.state;

import io.dive.spi.FileRoots;

import io.dive.core.model.Topology;
import io.dive.spi.DiveException;
import io.dive.spi.state.StateBackend;
import io.dive.spi.state.StateStore;
import io.dive.spi.state.StateUrls;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The one place that picks the state backend: {@code --state}, else {@code DIVE_STATE}, else the
 * manifest's {@code state:}, else {@code .dive/state.json} beside the manifest. A value is a path,
 * {@code file:PATH}, or a URL a {@link StateBackend} serves ({@code postgresql://...}); it may hold
 * secret references ({@code postgresql://dive:${secret:gcp:pg}@db/dive}), resolved here.
 */
public final class StateLocator {

    private StateLocator() {
    }

    /** The state of a loaded topology. */
    public static StateStore locate(String option, Function<String, String> env, Topology topology, UnaryOperator<String> resolve) {
        return locate(option, env, topology, resolve, topology.name());
    }

    /**
     * The state where a loaded topology's would be, but of the topology called {@code asTopology} (a
     * backend that keeps many topologies keys them by name): the old name, when renaming.
     */
    public static StateStore locate(String option, Function<String, String> env, Topology topology, UnaryOperator<String> resolve,
                                    String asTopology) {
        String value = firstSet(option, env.apply("DIVE_STATE"));
        // A path the user typed is relative to where they stand; one in the manifest, to the manifest.
        Path base = Path.of("").toAbsolutePath();
        if (value == null) {
            value = firstSet(topology.stateSetting());
            base = topology.baseDir();
            if (value != null) {
                String resolved = resolve.apply(value);
                if (!isUrl(resolved)) {
                    // The manifest's choice (a pull request's, perhaps) stays inside the manifest's folder: a state
                    // path to a token file would print the token in the parser's error.
                    String path = resolved.startsWith("file:") ? resolved.substring(5) : resolved;
                    FileRoots.of(base, env).confine(base.resolve(path), topology.file() + ": state");
                }
                return open(resolved, base, asTopology, env);
            }
        }
        if (value == null) {
            return new LocalStateStore(topology.baseDir().resolve(".dive").resolve("state.json"), asTopology);
        }
        return open(resolve.apply(value), base, asTopology, env);
    }

    /**
     * The state named by {@code --state} or {@code DIVE_STATE} alone (no topology file at hand), else
     * {@code .dive/state.json} here. A backend that keeps many topologies needs their name.
     */
    public static StateStore withoutManifest(String option, Function<String, String> env, String topology, UnaryOperator<String> resolve) {
        String value = firstSet(option, env.apply("DIVE_STATE"));
        if (value == null) {
            value = ".dive/state.json";
        }
        String resolved = resolve.apply(value);
        if (isUrl(resolved) && topology == null) {
            throw new DiveException("state " + StateUrls.redact(value) + " holds many topologies: give the topology file or --topology NAME");
        }
        return open(resolved, Path.of("").toAbsolutePath(), topology, env);
    }

    /** A path (relative to {@code base}), {@code file:PATH}, or a URL a backend serves. */
    public static StateStore open(String value, Path base, String topology, Function<String, String> env) {
        if (isUrl(value)) {
            for (StateBackend b : java.util.ServiceLoader.load(StateBackend.class)) {
                if (b.accepts(value)) {
                    return b.open(value, topology, env);
                }
            }
            throw new DiveException("state " + StateUrls.redact(value) + ": no state backend for this kind of URL is installed");
        }
        String path = value.startsWith("file:") ? value.substring(5) : value;
        return new LocalStateStore(base.resolve(Path.of(path)), topology);
    }

    private static boolean isUrl(String value) {
        return value.matches("^[a-z][a-z0-9+.-]*://.*");
    }

    private static String firstSet(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
