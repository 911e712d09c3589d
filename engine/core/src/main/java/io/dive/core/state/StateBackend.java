package io.dive.core.state;

/**
 * A state backend other than the local file, found with {@link java.util.ServiceLoader} by the
 * scheme of the state URL (e.g. {@code postgresql://}).
 */
public interface StateBackend {

    /** Whether this backend serves the URL. */
    boolean accepts(String url);

    /** The store of one topology's state at the URL. */
    StateStore open(String url, String topology);
}
