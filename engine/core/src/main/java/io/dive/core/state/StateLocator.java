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
        if (value.startsWith("postgresql://") || value.startsWith("postgres://")) {
            throw new DiveException("state " + value.replaceAll("//[^@/]*@", "//***@")
                    + ": the PostgreSQL state backend is not part of this build yet; use a file path");
        }
        String path = value.startsWith("file:") ? value.substring(5) : value;
        Path p = Path.of(path);
        return new LocalStateStore(base.resolve(p), topology.name());
    }
}
