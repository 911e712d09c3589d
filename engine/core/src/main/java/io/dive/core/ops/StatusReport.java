package io.dive.core.ops;

import io.dive.core.engine.Session;
import io.dive.core.model.DesiredResource;
import io.dive.core.plan.AttributeChange;
import io.dive.core.plan.PlanOptions;
import io.dive.core.plan.Planned;
import io.dive.core.plan.ResourceChange;
import io.dive.spi.Action;
import io.dive.spi.Address;
import io.dive.spi.DiveException;
import io.dive.spi.state.RunHistory;
import io.dive.spi.state.RunRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dive status}: the health of each instance, from one live observation. Every resource of an
 * instance is a check (there, and as the topology says); each failing check comes with the command
 * that fixes it. Where the state backend keeps history, the last apply and drift are reported too.
 * Nothing is changed and no lock is taken.
 */
public final class StatusReport {

    /** Resources that belong to no instance (plain resources:, or only in state) are reported under this name. */
    public static final String TOPOLOGY = "(topology)";

    /** One check: what, whether it holds, what was seen, and the command that fixes it (null when it holds). */
    public record Check(String name, boolean ok, String detail, String fix) {
    }

    /** An instance's checks and its score. */
    public record Instance(String code, List<Check> checks) {
        public long passed() {
            return checks.stream().filter(Check::ok).count();
        }

        public boolean healthy() {
            return passed() == checks.size();
        }
    }

    /** The last run of a command, where the backend keeps history. */
    public record LastRun(String command, String result, String finishedAt, Map<String, Integer> summary) {
    }

    public record Report(String topology, List<Instance> instances, List<LastRun> lastRuns) {
        public boolean healthy() {
            return instances.stream().allMatch(Instance::healthy);
        }
    }

    private StatusReport() {
    }

    /** @param only an instance code to report alone, or null for all */
    public static Report build(Session session, Path manifest, String only) {
        Map<Address, String> instanceOf = new LinkedHashMap<>();
        Map<String, List<Check>> checks = new LinkedHashMap<>();
        for (DesiredResource r : session.topology().resources()) {
            String code = r.instance() == null ? TOPOLOGY : r.instance();
            instanceOf.put(r.address(), code);
            checks.putIfAbsent(code, new ArrayList<>());
        }
        if (only != null && !checks.containsKey(only.toLowerCase(java.util.Locale.ROOT))) {
            throw new DiveException(manifest + ": --instance " + only + ": no such instance (known: " + String.join(", ", checks.keySet()) + ")");
        }
        Planned planned = session.plan(session.store().read(), PlanOptions.all());
        for (ResourceChange c : planned.plan().changes()) {
            String code = instanceOf.getOrDefault(c.address(), TOPOLOGY);
            checks.computeIfAbsent(code, k -> new ArrayList<>()).add(check(c, manifest));
        }
        List<Instance> instances = new ArrayList<>();
        checks.forEach((code, list) -> {
            if (!list.isEmpty() && (only == null || code.equalsIgnoreCase(only))) {
                instances.add(new Instance(code, list));
            }
        });
        return new Report(session.topology().name(), instances, lastRuns(session));
    }

    private static Check check(ResourceChange c, Path manifest) {
        String fix = "dive apply --target " + c.address() + " " + manifest;
        String name = c.address().toString();
        return switch (c.action()) {
            case NOOP -> new Check(name, true, "as the topology says", null);
            case ADOPT -> new Check(name, true, "there and as the topology says; not yet recorded in state", null);
            case CREATE -> new Check(name, false, c.reason() != null ? "missing (" + c.reason() + ")" : "missing", fix);
            case UPDATE, REPLACE -> new Check(name, false, "differs: " + String.join(", ",
                    c.attributes().stream().map(AttributeChange::path).toList()), fix);
            case DELETE -> new Check(name, false, "no longer in the topology, still there", "dive apply " + manifest);
            case FORGET -> new Check(name, true, "no longer in the topology; dive will forget it", null);
        };
    }

    private static List<LastRun> lastRuns(Session session) {
        if (!(session.store() instanceof RunHistory history)) {
            return List.of();
        }
        Map<String, LastRun> last = new LinkedHashMap<>();
        for (RunRecord r : history.history(50)) {
            String kind = r.command().startsWith("dive drift") ? "drift" : r.command().startsWith("dive apply") ? "apply" : null;
            if (kind != null) {
                last.putIfAbsent(kind, new LastRun(r.command(), r.result(), r.finishedAt().toString(), r.summary()));
            }
        }
        return List.copyOf(last.values());
    }
}
