package io.dive.spi;

import java.time.Duration;
import java.util.function.Function;

/**
 * A throwaway local server to try dive against ({@code dive sandbox up|down|status}), offered by a
 * provider module through {@link java.util.ServiceLoader}: the Keycloak module's starts the Keycloak
 * distribution from Maven Central on loopback. The CLI knows no server; it only lists these.
 */
public interface Sandbox {

    /** What it runs, as the user names it: {@code keycloak}. */
    String name();

    /** The port it listens on unless told otherwise. */
    int defaultPort();

    /** Where it answers when up. */
    String url(int port);

    boolean isUp(int port);

    /**
     * Starts it unless it already answers, and returns once it is ready.
     *
     * @throws DiveException saying why it could not start (with where its log is)
     */
    void up(int port, Duration timeout, Function<String, String> env, Log progress);

    /** Stops what {@link #up} started; false when nothing of it was running. */
    boolean down(int port);
}
