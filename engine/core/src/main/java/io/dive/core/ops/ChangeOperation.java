package io.dive.core.ops;

import io.dive.core.apply.ApplyListener;
import io.dive.core.apply.ApplyResult;
import io.dive.core.engine.Session;
import io.dive.core.plan.PlanFile;
import io.dive.core.plan.PlanOptions;
import io.dive.core.plan.Planned;
import io.dive.spi.DiveException;
import io.dive.spi.state.State;
import io.dive.spi.state.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The one way dive changes what exists (apply, destroy, drift --fix): lock the state, read it, plan,
 * check a saved plan still holds, ask for approval, apply, record the run. Front ends only choose the
 * options and render; none of them repeats these steps.
 */
public final class ChangeOperation {

    /**
     * @param command     what the lock and the run history call it ({@code dive apply topology.yaml})
     * @param plan        what to plan (targets, replacements, destroy)
     * @param saved       a saved plan to hold the fresh one to, or null
     * @param savedFile   where that plan was read from, for messages
     * @param lockTimeout how long to wait for the lock; null: the manifest's {@code state.lock_timeout}, else 0
     */
    public record Request(String command, PlanOptions plan, PlanFile.Saved saved, Path savedFile, Duration lockTimeout, int parallelism) {
        public Request {
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1");
            }
        }
    }

    /** Sees the plan before anything changes, and says whether to go on (a prompt, or --auto-approve). */
    @FunctionalInterface
    public interface Approval {
        boolean approve(Planned planned);
    }

    /** What was planned, and what applying it did; {@code result} is null when approval was refused. */
    public record Outcome(Planned planned, ApplyResult result) {
        public boolean cancelled() {
            return result == null;
        }

        public boolean succeeded() {
            return result != null && result.succeeded();
        }
    }

    private ChangeOperation() {
    }

    public static Outcome run(Session session, Request request, Approval approval, ApplyListener listener) {
        session.context().secrets().allowCreating(); // a run that changes things keeps the generated secrets it makes
        try (StateStore.StateLock lock = session.lock(request.command(), lockTimeout(session, request.lockTimeout()))) {
            State state = session.store().read();
            Planned planned = session.plan(state, request.plan());
            if (request.saved() != null) {
                String stale = PlanFile.staleness(request.saved(), planned.plan());
                if (stale != null) {
                    throw new DiveException(request.savedFile() + ": saved plan refused: " + stale + "; run dive plan again");
                }
            }
            if (!approval.approve(planned)) {
                return new Outcome(planned, null);
            }
            Instant started = Instant.now();
            InterruptionWatch watch = new InterruptionWatch(listener);
            Thread hook = new Thread(() -> watch.interrupted(session, request.command(), started, planned.plan()), "dive-interrupted");
            Runtime.getRuntime().addShutdownHook(hook);
            ApplyResult result;
            try {
                result = session.apply(planned, state, watch, request.parallelism());
            } finally {
                watch.over();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is already ending: the hook runs, and sees the apply is over
                }
            }
            RunRecords.record(session, request.command(), started, planned.plan(), result);
            return new Outcome(planned, result);
        }
    }

    /** The option, else the manifest's {@code state.lock_timeout}, else no wait. */
    public static Duration lockTimeout(Session session, Duration option) {
        if (option != null) {
            return option;
        }
        String fromManifest = session.topology().lockTimeout();
        return fromManifest == null ? Duration.ZERO : Durations.parse(fromManifest, session.topology().file() + ": state.lock_timeout");
    }
}
