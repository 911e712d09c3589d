package io.dive.core.state;

import io.dive.core.model.DiveException;
import io.dive.core.model.Topology;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Picks the state backend: {@code --state}, else {@code DIVE_STATE}, else the manifest's
 * {@code state:}, else {@code .dive/state.json} beside the manifest. A value is a path,
 * {@code file:PATH}, or {@code postgresql://...}.
 */
public final class StateLocator {

    private StateLocator() {
    }

    /** A store for a URL with a scheme a backend serves, or null for a file path. */
    public static StateStore remote(String value, String topology) {
        if (!value.matches("^[a-z][a-z0-9+.-]*://.*")) {
            return null;
        }
        for (StateBackend b : java.util.ServiceLoader.load(StateBackend.class)) {
            if (b.accepts(value)) {
                return b.open(value, topology);
            }
        }
        throw new DiveException("state " + redact(value) + ": no state backend for this kind of URL is installed");
    }

    /** The URL without its password, for messages. */
    public static String redact(String url) {
        return url.replaceAll("//([^:@/]*):[^@/]*@", "//$1:***@");
    }

    public static StateStore locate(String option, Function<String, String> env, Topology topology) {
        String value = option;
        if (value == null || value.isBlank()) {
            value = env.apply("DIVE_STATE");
        }
        // A path the user typed is relative to where they stand; one in the manifest, to the manifest.
        Path base = Path.of("").toAbsolutePath();
        if (value == null || value.isBlank()) {
            value = topology.stateSetting();
            base = topology.baseDir();
        }
        if (value == null || value.isBlank()) {
            return new LocalStateStore(topology.baseDir().resolve(".dive").resolve("state.json"), topology.name());
        }
        StateStore remote = remote(value, topology.name());
        if (remote != null) {
            return remote;
        }
        String path = value.startsWith("file:") ? value.substring(5) : value;
        Path p = Path.of(path);
        return new LocalStateStore(base.resolve(p), topology.name());
    }
}
