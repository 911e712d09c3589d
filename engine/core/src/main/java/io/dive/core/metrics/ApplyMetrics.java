package io.dive.core.metrics;

import io.dive.core.apply.ApplyResult;
import io.dive.core.apply.ResourceOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * {@code dive apply --metrics-file}: what the last apply did (resources by outcome), whether it succeeded,
 * when it last ran and last succeeded, and how long it took. A failed apply keeps the last success time.
 */
public final class ApplyMetrics {

    private ApplyMetrics() {
    }

    /**
     * @param result   the apply's result, or null when it failed before it applied anything (an error)
     * @param previous the file as the last run left it, or null
     */
    public static String render(String topology, ApplyResult result, Instant now, Duration took, String previous) {
        Textfile f = new Textfile(topology);
        boolean ok = result != null && result.succeeded();
        f.gauge("dive_apply_resources", "Resources of the last apply, by outcome (applied, unchanged, failed, skipped).");
        if (result != null) {
            for (ResourceOutcome.Status s : ResourceOutcome.Status.values()) {
                f.sample("dive_apply_resources", result.count(s), "outcome", s.name().toLowerCase(Locale.ROOT));
            }
        } else {
            f.kept(previous, "dive_apply_resources");
        }
        f.gauge("dive_apply_last_run_timestamp_seconds", "When dive apply last ran.").seconds("dive_apply_last_run_timestamp_seconds", now);
        f.gauge("dive_apply_last_success_timestamp_seconds", "When dive apply last succeeded.");
        if (ok) {
            f.seconds("dive_apply_last_success_timestamp_seconds", now);
        } else {
            f.kept(previous, "dive_apply_last_success_timestamp_seconds");
        }
        f.gauge("dive_apply_last_run_success", "Whether the last apply succeeded (1) or failed (0).").sample("dive_apply_last_run_success", ok ? 1 : 0);
        f.gauge("dive_apply_duration_seconds", "How long the last apply took.").duration("dive_apply_duration_seconds", took);
        return f.render();
    }
}
