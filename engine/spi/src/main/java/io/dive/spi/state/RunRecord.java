package io.dive.spi.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One run of a command that looked at or changed a topology: who, when, what the plan said and what
 * happened to each resource. The PostgreSQL backend keeps them as the deployment's audit trail.
 */
public record RunRecord(String command, String user, String host, Instant startedAt, Instant finishedAt,
                        Map<String, Integer> summary, boolean success, List<Outcome> outcomes, String result) {

    /** How a run ended. */
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    /** Stopped by SIGINT or SIGTERM mid-apply: what finished is in state, and the next apply resumes. */
    public static final String INTERRUPTED = "interrupted";

    /** A run that ran to its end: succeeded or failed. */
    public RunRecord(String command, String user, String host, Instant startedAt, Instant finishedAt,
                     Map<String, Integer> summary, boolean success, List<Outcome> outcomes) {
        this(command, user, host, startedAt, finishedAt, summary, success, outcomes, success ? SUCCEEDED : FAILED);
    }

    /** What happened to one resource. */
    public record Outcome(String address, String action, String status, String message) {
    }
}
