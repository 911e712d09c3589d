package io.dive.core.state;

import java.time.Duration;

/** Where state lives. Implementations: a local file (default) and, later, PostgreSQL. */
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

    /** Where it is, for messages. */
    String describe();

    /** Keeps a record of a run, where the backend has a history (a file does not). */
    default void recordRun(RunRecord run) {
    }

    /** Keeps a federation link's verified status (ACTIVE or FAILING), where the backend keeps such facts. */
    default void recordLinkStatus(String link, boolean ok, String detail) {
    }

    /** Keeps a heartbeat of a drift or verify run, where the backend keeps such facts. */
    default void recordHeartbeat(String kind, boolean ok, String detail) {
    }

    /** The recorded runs, newest first. */
    default java.util.List<RunRecord> history(int limit) {
        throw new io.dive.core.model.DiveException("state " + describe() + " keeps no history: history needs a postgresql:// state");
    }

    /** A held lock. */
    interface StateLock extends AutoCloseable {
        @Override
        void close();
    }
}
