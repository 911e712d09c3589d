package io.dive.core.ops;

import io.dive.core.apply.ApplyListener;
import io.dive.core.apply.ResourceOutcome;
import io.dive.core.engine.Session;
import io.dive.core.plan.Plan;
import io.dive.spi.Action;
import io.dive.spi.Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches an apply so that SIGINT or SIGTERM (the JVM's shutdown hook) can say where it stopped: one
 * line on the log, and the run recorded as interrupted where the backend keeps history. What finished
 * is already in state (it is written after every resource), so the next apply resumes.
 */
final class InterruptionWatch implements ApplyListener {

    private final ApplyListener next;
    private final List<ResourceOutcome> finished = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<Address, Action> running = new ConcurrentHashMap<>();
    private volatile boolean over;

    InterruptionWatch(ApplyListener next) {
        this.next = next;
    }

    @Override
    public void started(Address address, Action action) {
        running.put(address, action);
        next.started(address, action);
    }

    @Override
    public void stillRunning(Address address, Action action, long elapsedMillis) {
        next.stillRunning(address, action, elapsedMillis);
    }

    @Override
    public void finished(ResourceOutcome outcome) {
        running.remove(outcome.address());
        finished.add(outcome);
        next.finished(outcome);
    }

    /** The apply ended on its own: an exit after this is no interruption. */
    void over() {
        over = true;
    }

    /** Runs in the shutdown hook. */
    void interrupted(Session session, String command, Instant started, Plan plan) {
        if (over) {
            return;
        }
        long changes = plan.changes().stream().filter(c -> c.isChange()).count();
        long done;
        List<ResourceOutcome> outcomes;
        synchronized (finished) {
            done = finished.stream().filter(o -> o.status() == ResourceOutcome.Status.APPLIED).count();
            outcomes = new ArrayList<>(finished);
        }
        List<String> inFlight = running.keySet().stream().map(Address::toString).sorted().toList();
        running.forEach((a, action) -> outcomes.add(new ResourceOutcome(a, action, ResourceOutcome.Status.SKIPPED, 0,
                a + ": interrupted while it was being applied")));
        session.context().log().line("dive: " + command + " interrupted after " + done + " of " + changes + " changes"
                + (inFlight.isEmpty() ? "" : ", while applying " + String.join(", ", inFlight))
                + "; what finished is in state, and the next dive apply resumes from there");
        RunRecords.record(session, command, started, plan, null, outcomes);
    }
}
