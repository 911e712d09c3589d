package io.dive.spi.state;

import java.util.List;

/** A state store that also keeps the audit trail of runs (PostgreSQL's dive_runs; a local file keeps the last runs beside it). */
public interface RunHistory {

    /** Keeps a record of one run. */
    void recordRun(RunRecord run);

    /** The recorded runs, newest first. */
    List<RunRecord> history(int limit);

    /** The recorded runs, newest first, without their per-resource outcomes: what a summary needs, read cheaply. */
    default List<RunRecord> latest(int limit) {
        return history(limit);
    }
}
