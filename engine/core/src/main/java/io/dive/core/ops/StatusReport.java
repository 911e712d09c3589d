package io.dive.core.ops;

import io.dive.core.engine.Session;
import io.dive.core.model.DesiredResource;
import io.dive.core.model.Server;
import io.dive.core.plan.AttributeChange;
import io.dive.core.plan.Planned;
import io.dive.core.plan.ResourceChange;
import io.dive.spi.Address;
import io.dive.spi.DiveException;
import io.dive.spi.HealthProbe.Level;
import io.dive.spi.HealthProbe;
import io.dive.spi.state.FederationFacts;
import io.dive.spi.state.LockHolder;
import io.dive.spi.state.RunHistory;
import io.dive.spi.state.RunRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code dive status}: the health of each instance, from one live look, nothing changed and no lock
 * taken. Its checks, all gathered in parallel:
 * <ul>
 * <li>every resource: there, and as the topology says (one plan; a server that does not answer makes its
 * resources unknown, a failing check, instead of failing the report);</li>
 * <li>what providers see live ({@link HealthProbe}): containers running, healthy, their restarts; a
 * replica set's PRIMARY and members; each server reachable, its certificate's days left;</li>
 * <li>each link's last {@code dive verify}, and how old it is;</li>
 * </ul>
 * and, for the whole topology, the last apply and drift and who holds the lock. A failing check comes
 * with the command that fixes it; a warning (a certificate under 30 days, a link not verified for a day)
 * is shown and still passes.
 */
public final class StatusReport {

    /** Checks that belong to no instance (plain resources:, the default servers) are reported under this name. */
    public static final String TOPOLOGY = "(topology)";
    /** A link whose last verify is older than this is a warning. */
    static final Duration VERIFY_STALE = Duration.ofHours(24);

    /** One check: what, how it stands, what was seen, and the command that fixes it (null when nothing to do). */
    public record Check(String name, Level level, String detail, String fix) {
        public boolean ok() {
            return level != Level.FAIL;
        }
    }

    /** An instance's checks and its score (warnings pass). */
    public record Instance(String code, List<Check> checks) {
        public long passed() {
            return checks.stream().filter(Check::ok).count();
        }

        public boolean healthy() {
            return passed() == checks.size();
        }
    }

    /** The last run of a command: when, how it ended, and how many resources it found or made different. */
    public record LastRun(String kind, String command, String result, Instant finishedAt, Map<String, Integer> summary) {
        public int changed() {
            return summary.entrySet().stream().filter(e -> !"noop".equals(e.getKey())).mapToInt(Map.Entry::getValue).sum();
        }
    }

    /**
     * @param lock     who holds the state lock now, or empty
     * @param elapsed  how long the report took
     */
    public record Report(String topology, List<Instance> instances, List<LastRun> lastRuns, Optional<LockHolder> lock,
                         Instant at, Duration elapsed) {
        public boolean healthy() {
            return instances.stream().allMatch(Instance::healthy);
        }
    }

    private StatusReport() {
    }

    /** @param only an instance code to report alone, or null for all */
    public static Report build(Session session, Path manifest, String only, Clock clock) {
        long started = System.nanoTime();
        Map<Address, String> instanceOf = new LinkedHashMap<>();
        Map<String, List<Check>> checks = new LinkedHashMap<>();
        for (DesiredResource r : session.topology().resources()) {
            String code = r.instance() == null ? TOPOLOGY : r.instance();
            instanceOf.put(r.address(), code);
            checks.putIfAbsent(code, new ArrayList<>());
        }
        if (only != null && !checks.containsKey(only.toLowerCase(Locale.ROOT))) {
            throw new DiveException(manifest + ": --instance " + only + ": no such instance (known: " + String.join(", ", checks.keySet()) + ")");
        }
        // The live probes, the state backend's facts and the plan, all at once: on threads of their own,
        // since each waits on work of its own (the common pool may have a single worker).
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4, io.dive.spi.DaemonThreads.named("dive-status"));
        try {
            CompletableFuture<List<HealthProbe.Finding>> health = CompletableFuture.supplyAsync(() -> HealthProbes.of(session), pool);
            CompletableFuture<Map<String, FederationFacts.LinkStatus>> links = CompletableFuture.supplyAsync(session::linkStatuses, pool);
            CompletableFuture<Optional<LockHolder>> lock = CompletableFuture.supplyAsync(() -> session.store().holder(), pool);
            CompletableFuture<List<LastRun>> runs = CompletableFuture.supplyAsync(() -> lastRuns(session), pool);
            Map<Address, String> unknown = new LinkedHashMap<>();
            Planned planned = session.planReachable(session.store().read(), unknown);
            return report(session, manifest, only, clock, started, instanceOf, checks, planned, unknown, join(health), join(links),
                    join(runs), join(lock));
        } finally {
            pool.shutdownNow();
        }
    }

    private static Report report(Session session, Path manifest, String only, Clock clock, long started, Map<Address, String> instanceOf,
                                 Map<String, List<Check>> checks, Planned planned, Map<Address, String> unknown,
                                 List<HealthProbe.Finding> health, Map<String, FederationFacts.LinkStatus> verified,
                                 List<LastRun> runs, Optional<LockHolder> lock) {

        for (ResourceChange c : planned.plan().changes()) {
            add(checks, instanceOf.getOrDefault(c.address(), TOPOLOGY), check(c, manifest));
        }
        unknown.forEach((a, why) -> add(checks, instanceOf.getOrDefault(a, TOPOLOGY), new Check(a.toString(), Level.FAIL,
                "unknown: its server does not answer (" + why + ")", "start its server, then: dive status " + manifest)));
        for (HealthProbe.Finding f : health) {
            add(checks, instanceOf(f, instanceOf, session), finding(f, session, manifest));
        }
        for (DesiredResource r : session.topology().resources()) {
            if (session.verified(r.address())) {
                add(checks, instanceOf.get(r.address()), lastVerify(r.address(), verified.get(r.address().toString()), manifest, clock));
            }
        }
        List<Instance> instances = new ArrayList<>();
        checks.forEach((code, list) -> {
            if (!list.isEmpty() && (only == null || code.equalsIgnoreCase(only))) {
                instances.add(new Instance(code, list));
            }
        });
        return new Report(session.topology().name(), instances, runs, lock, clock.instant(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    private static void add(Map<String, List<Check>> checks, String code, Check c) {
        checks.computeIfAbsent(code, k -> new ArrayList<>()).add(c);
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** A finding belongs with its resource's instance, or its server's (a template's server is its instance's). */
    private static String instanceOf(HealthProbe.Finding f, Map<Address, String> instanceOf, Session session) {
        if (f.subject() != null) {
            return instanceOf.getOrDefault(f.subject(), TOPOLOGY);
        }
        Server s = f.server() == null ? null : session.topology().servers().get(f.server());
        return s == null || s.instance() == null ? TOPOLOGY : s.instance();
    }

    /** A finding as a check; a server that a container runs and that fails is mended by bringing that container back. */
    private static Check finding(HealthProbe.Finding f, Session session, Path manifest) {
        String name = (f.subject() != null ? f.subject().toString() : "server " + f.server()) + " " + f.name();
        String fix = f.fix();
        Server s = f.subject() == null && f.server() != null ? session.topology().servers().get(f.server()) : null;
        if (fix == null && f.level() == Level.FAIL && s != null && s.runsOn() != null) {
            fix = "dive apply --target " + s.runsOn() + " {file}";
        }
        return new Check(name, f.level(), f.detail(), fix == null ? null : fix.replace("{file}", manifest.toString()));
    }

    private static Check check(ResourceChange c, Path manifest) {
        String fix = "dive apply --target " + c.address() + " " + manifest;
        String name = c.address().toString();
        if (c.knownAfter() != null) {
            return new Check(name, Level.FAIL, "unknown: its server is not running (" + c.knownAfter() + ")",
                    "dive apply --target " + c.knownAfter() + " " + manifest);
        }
        return switch (c.action()) {
            case NOOP -> new Check(name, Level.OK, "as the topology says", null);
            case ADOPT -> new Check(name, Level.OK, "there and as the topology says; not yet recorded in state", null);
            case CREATE -> new Check(name, Level.FAIL, c.reason() != null ? "missing (" + c.reason() + ")" : "missing", fix);
            case UPDATE, REPLACE -> new Check(name, Level.FAIL, "differs: " + String.join(", ",
                    c.attributes().stream().map(AttributeChange::path).toList()), fix);
            case DELETE -> new Check(name, Level.FAIL, "no longer in the topology, still there", "dive apply " + manifest);
            case FORGET -> new Check(name, Level.OK, "no longer in the topology; dive will forget it", null);
        };
    }

    /** A link's last verify: failed is a failure; never, or longer ago than a day, a warning. */
    static Check lastVerify(Address link, FederationFacts.LinkStatus status, Path manifest, Clock clock) {
        String name = link + " last verify";
        String verify = "dive verify " + manifest;
        if (status == null) {
            return new Check(name, Level.WARN, "never verified", verify);
        }
        String when = ago(Duration.between(status.verifiedAt(), clock.instant())) + " (" + status.verifiedAt() + ")";
        if (!status.ok()) {
            return new Check(name, Level.FAIL, "failed " + when + ": " + status.detail(),
                    "dive apply --target " + link + " " + manifest + " && " + verify);
        }
        if (Duration.between(status.verifiedAt(), clock.instant()).compareTo(VERIFY_STALE) > 0) {
            return new Check(name, Level.WARN, "passed " + when + ", more than a day ago", verify);
        }
        return new Check(name, Level.OK, "passed " + when, null);
    }

    /** "42 s ago", "5 min ago", "3 h ago", "2 days ago". */
    public static String ago(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 120) {
            return s + " s ago";
        }
        if (s < 2 * 3600) {
            return s / 60 + " min ago";
        }
        if (s < 2 * 86400) {
            return s / 3600 + " h ago";
        }
        return s / 86400 + " days ago";
    }

    private static List<LastRun> lastRuns(Session session) {
        if (!(session.store() instanceof RunHistory history)) {
            return List.of();
        }
        Map<String, LastRun> last = new LinkedHashMap<>();
        for (RunRecord r : history.latest(RUNS_LOOKED_AT)) {
            String kind = r.command().startsWith("dive drift") ? "drift" : r.command().startsWith("dive apply") ? "apply" : null;
            if (kind != null) {
                last.putIfAbsent(kind, new LastRun(kind, r.command(), r.result(), r.finishedAt(), r.summary()));
            }
        }
        return List.copyOf(last.values());
    }

    /** How far back the last apply and drift are looked for. */
    private static final int RUNS_LOOKED_AT = 50;
}
