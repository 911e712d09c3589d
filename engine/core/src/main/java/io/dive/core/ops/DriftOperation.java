package io.dive.core.ops;

import io.dive.core.apply.ApplyListener;
import io.dive.core.engine.Session;
import io.dive.core.plan.PlanOptions;
import io.dive.core.plan.Planned;
import io.dive.core.plan.ResourceChange;
import io.dive.spi.state.FederationFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code dive drift}: plan against what exists, report what differs, and with {@code --fix} make it so
 * (through {@link ChangeOperation}, planned again under the lock). A run without a fix is recorded in
 * the run history; either way the state backend hears a heartbeat. The command only renders.
 */
public final class DriftOperation {

    /**
     * @param command     what the run history and the lock call it ({@code dive drift topology.yaml})
     * @param fix         what a fix may do (its --allow-destroy), or null to only report
     * @param lockTimeout the fix's wait for the lock (null: the manifest's)
     * @param parallelism resources the fix changes at once
     */
    public record Request(String command, PlanOptions fix, Duration lockTimeout, int parallelism) {
    }

    /**
     * @param planned what the drift plan found (every resource in scope)
     * @param fixed   what the fix did, or null when there was nothing to fix or no fix asked
     * @param started when the run began, for its metrics
     */
    public record Result(Planned planned, ChangeOperation.Outcome fixed, Instant started) {
        /** Whether anything differs (a resource whose server is not running is unknown, not drift, but it is in the plan). */
        public boolean drift() {
            return planned.plan().hasChanges();
        }

        /** Resources on a server that is not running: not missing, not drifted, unknown until it runs again. */
        public List<ResourceChange> unknown() {
            return planned.plan().changes().stream().filter(c -> c.knownAfter() != null).toList();
        }

        /** How many resources drifted (those unknown not counted). */
        public long drifted() {
            return planned.plan().changes().stream().filter(c -> c.isChange() && c.knownAfter() == null).count();
        }
    }

    private DriftOperation() {
    }

    /**
     * @param found    sees the drift plan before a fix starts (what the command shows first)
     * @param progress the fix's progress
     */
    public static Result run(Session session, Request request, Consumer<Planned> found, ApplyListener progress) {
        Instant started = Instant.now();
        Planned planned = session.plan(session.store().read(), PlanOptions.all());
        Result report = new Result(planned, null, started);
        found.accept(planned);
        ChangeOperation.Outcome fixed = null;
        if (report.drift() && request.fix() != null) {
            // Planned again under the lock: what is fixed is what is wrong now, not a minute ago.
            fixed = ChangeOperation.run(session, new ChangeOperation.Request(request.command().replaceFirst("^dive drift", "dive drift --fix"),
                    request.fix(), null, null, request.lockTimeout(), request.parallelism()), again -> true, progress);
        } else {
            RunRecords.record(session, "dive drift", started, planned.plan(), null);
        }
        recordHeartbeat(session, !report.drift(), report.drift() ? report.drifted() + " resources drifted" : "in sync");
        return new Result(planned, fixed, started);
    }

    /** A drift heartbeat, where the backend keeps federation facts; never fails the run. */
    static void recordHeartbeat(Session session, boolean inSync, String detail) {
        if (!(session.store() instanceof FederationFacts facts)) {
            return;
        }
        try {
            facts.recordHeartbeat("drift", inSync, detail);
        } catch (RuntimeException e) {
            session.context().log().warn("could not record the drift heartbeat in " + session.store().describe() + ": " + session.scrub(e.getMessage()));
        }
    }
}
