package io.dive.spi.state;

import java.time.Duration;

/**
 * Where one topology's state lives: a local file (core) or a backend found through
 * {@link StateBackend}. Optional abilities are separate interfaces a store may also implement, and
 * the engine asks with {@code instanceof}: {@link RunHistory}, {@link FederationFacts}.
 */
public interface StateStore {

    /** The recorded state, or an empty one with a fresh lineage when there is none yet. */
    State read();

    /** Persists the state atomically: a crash leaves either the old or the new document. */
    void write(State state);

    /**
     * Takes the exclusive lock for a command that changes state; waits up to {@code timeout}, then
     * fails with a message that names the holder.
     */
    StateLock lock(String command, Duration timeout);

    /** Where it is, for messages (never with a password). */
    String describe();

    /** What every run that uses this store must say (plaintext to a remote host the operator accepted: {@code insecure=true}). */
    default java.util.List<String> warnings() {
        return java.util.List.of();
    }

    /**
     * Who holds this topology's lock right now, without taking it ({@code dive status}); empty when it
     * is free. A store that cannot tell answers empty.
     */
    default java.util.Optional<LockHolder> holder() {
        return java.util.Optional.empty();
    }

    /**
     * Removes this topology's state document, once it has been written elsewhere (a topology
     * renamed in a backend that keys state by topology). Called under the lock.
     */
    void drop();

    /** A held lock. */
    interface StateLock extends AutoCloseable {
        @Override
        void close();
    }
}
