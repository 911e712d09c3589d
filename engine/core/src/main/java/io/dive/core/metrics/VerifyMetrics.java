package io.dive.core.metrics;

import io.dive.spi.Verifier.Check;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dive verify --metrics-file}: one gauge per link and direction (1 when every check of it passed),
 * the number of failed checks, and when verify last ran and last passed. A run that could not verify at
 * all (an error before any check) keeps the last results and the last success time, and says it failed.
 */
public final class VerifyMetrics {

    private VerifyMetrics() {
    }

    /**
     * @param checks   what the run found, or null when it failed before it could tell
     * @param previous the file as the last run left it, or null
     */
    public static String render(String topology, List<Check> checks, Instant now, Duration took, String previous) {
        Textfile f = new Textfile(topology);
        f.gauge("dive_verify_link_ok", "Whether every check of a federation link in one direction passed (1) or one failed (0), at the last run.");
        if (checks != null) {
            Map<List<String>, Boolean> ok = new LinkedHashMap<>();
            checks.forEach(c -> ok.merge(List.of(c.subject(), c.direction()), c.ok(), Boolean::logicalAnd));
            ok.forEach((k, v) -> f.sample("dive_verify_link_ok", v ? 1 : 0, "link", k.get(0), "direction", k.get(1)));
        } else {
            f.kept(previous, "dive_verify_link_ok");
        }
        f.gauge("dive_verify_checks_failed", "Checks that failed at the last run that could verify.");
        if (checks != null) {
            f.sample("dive_verify_checks_failed", checks.stream().filter(c -> !c.ok()).count());
        } else {
            f.kept(previous, "dive_verify_checks_failed");
        }
        f.gauge("dive_verify_last_run_timestamp_seconds", "When dive verify last ran.").seconds("dive_verify_last_run_timestamp_seconds", now);
        f.gauge("dive_verify_last_success_timestamp_seconds", "When every check of dive verify last passed.");
        if (checks != null && checks.stream().allMatch(Check::ok)) {
            f.seconds("dive_verify_last_success_timestamp_seconds", now);
        } else {
            f.kept(previous, "dive_verify_last_success_timestamp_seconds");
        }
        f.gauge("dive_verify_last_run_success", "Whether the last verify run could check (1) or failed before it could (0).")
                .sample("dive_verify_last_run_success", checks != null ? 1 : 0);
        f.gauge("dive_verify_duration_seconds", "How long the last verify run took.").duration("dive_verify_duration_seconds", took);
        return f.render();
    }
}
