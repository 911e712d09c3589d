package io.dive.core.ops;

import io.dive.core.apply.ApplyResult;
import io.dive.core.engine.Session;
import io.dive.spi.state.LockHolder;
import io.dive.spi.state.RunHistory;
import io.dive.spi.state.RunRecord;
import java.util.List;

/** A run's record in the state backend's history (where it keeps one): what it planned and what it did. Never fails the run. */
public final class RunRecords {

    private RunRecords() {
    }

    /** Records a run in the state backend's history (when it keeps one); never fails the run. */
    public static void record(Session session, String command, java.time.Instant started, io.dive.core.plan.Plan plan, ApplyResult result) {
        record(session, command, started, plan, result, null);
    }

    /**
     * Records a run; {@code interruptedAt} (the outcomes so far) when SIGINT or SIGTERM stopped it
     * mid-apply, else null.
     */
    public static void record(Session session, String command, java.time.Instant started, io.dive.core.plan.Plan plan, ApplyResult result,
                       List<io.dive.core.apply.ResourceOutcome> interruptedAt) {
        if (interruptedAt != null) {
            result = new ApplyResult(plan, interruptedAt);
        }
        java.util.Map<String, Integer> summary = new java.util.LinkedHashMap<>();
        if (result == null) {
            plan.summary().forEach((a, n) -> summary.put(a.json(), n)); // a drift: what it found different
        } else {
            // An apply: what it made different, as it reported it (one that failed or was interrupted made fewer than
            // it planned), and what was already as the manifest says.
            plan.summary().forEach((a, n) -> summary.put(a.json(), a == io.dive.spi.Action.NOOP ? n : 0));
            result.outcomes().stream().filter(o -> o.status() == io.dive.core.apply.ResourceOutcome.Status.APPLIED && o.action() != io.dive.spi.Action.NOOP)
                    .forEach(o -> summary.merge(o.action().json(), 1, Integer::sum));
        }
        java.util.List<RunRecord.Outcome> outcomes = new java.util.ArrayList<>();
        if (result != null) {
            result.outcomes().forEach(o -> outcomes.add(new RunRecord.Outcome(o.address().toString(), o.action().json(),
                    o.status().name().toLowerCase(java.util.Locale.ROOT), o.message())));
        } else {
            plan.changes().stream().filter(io.dive.core.plan.ResourceChange::isChange).forEach(c -> outcomes.add(
                    new RunRecord.Outcome(c.address().toString(), c.action().json(), "drift", null)));
        }
        if (!(session.store() instanceof RunHistory history)) {
            return;
        }
        LockHolder me = LockHolder.current(command);
        try {
            boolean ok = interruptedAt == null && (result == null || result.succeeded());
            history.recordRun(new RunRecord(command, me.user(), me.host(), started, java.time.Instant.now(), summary, ok, outcomes,
                    interruptedAt != null ? RunRecord.INTERRUPTED : ok ? RunRecord.SUCCEEDED : RunRecord.FAILED));
        } catch (RuntimeException e) {
            session.context().log().warn("could not record the run in " + session.store().describe() + ": " + session.scrub(e.getMessage()));
        }
    }
}
