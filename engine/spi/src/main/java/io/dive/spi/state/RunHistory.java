package io.dive.spi.state;

import java.util.List;

/** A state store that also keeps the audit trail of runs (PostgreSQL's dive_runs; a file keeps none). */
public interface RunHistory {

    /** Keeps a record of one run. */
    void recordRun(RunRecord run);

    /** The recorded runs, newest first. */
    List<RunRecord> history(int limit);
}
