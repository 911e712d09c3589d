package io.dive.spi.state;

import java.util.function.Function;

/**
 * A state backend other than the local file, found with {@link java.util.ServiceLoader} by the
 * scheme of the state URL (e.g. {@code postgresql://}).
 */
public interface StateBackend {

    /** Whether this backend serves the URL. */
    boolean accepts(String url);

    /**
     * The store of one topology's state at the URL.
     *
     * @param env the run's environment (e.g. {@code PGPASSWORD}); a backend never reads the process's own
     */
    StateStore open(String url, String topology, Function<String, String> env);
}
