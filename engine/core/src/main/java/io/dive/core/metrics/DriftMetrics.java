package io.dive.core.metrics;

import io.dive.core.plan.Plan;
import io.dive.core.plan.ResourceChange;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code dive drift --metrics-file}. A run that could not observe (a server down) says so and keeps the
 * last good counts and the last success time: it never writes zeros, which would clear an active alert
 * exactly when something is wrong. Resources on a server that is not running are counted apart
 * ({@code dive_drift_unknown_resources}): not drifted, not in sync either.
 */
public final class DriftMetrics {

    private DriftMetrics() {
    }

    /**
     * @param plan     what the run found, or null when it failed before it could tell
     * @param previous the file as the last run left it (its counts and last success are kept on failure), or null
     */
    public static String render(String topology, Plan plan, Collection<String> knownTypes, Instant now, Duration took, String previous) {
        Textfile f = new Textfile(topology);
        f.gauge("dive_drift_resources", "Resources whose observed state differs from the topology (as of the last successful run).");
        long unknown = 0;
        if (plan != null) {
            Map<String, Integer> byType = new TreeMap<>();
            knownTypes.forEach(type -> byType.put(type, 0));
            for (ResourceChange c : plan.changes()) {
                if (c.knownAfter() != null) {
                    unknown++;
                } else if (c.isChange()) {
                    byType.merge(c.address().type(), 1, Integer::sum);
                }
            }
            byType.forEach((type, n) -> f.sample("dive_drift_resources", n, "type", type));
        } else {
            f.kept(previous, "dive_drift_resources");
        }
        f.gauge("dive_drift_unknown_resources", "Resources that could not be observed: their server is not running (as of the last successful run).");
        if (plan != null) {
            f.sample("dive_drift_unknown_resources", unknown);
        } else {
            f.kept(previous, "dive_drift_unknown_resources");
        }
        f.gauge("dive_drift_last_run_timestamp_seconds", "When dive drift last ran.").seconds("dive_drift_last_run_timestamp_seconds", now);
        f.gauge("dive_drift_last_success_timestamp_seconds", "When dive drift last observed everything.");
        if (plan != null) {
            f.seconds("dive_drift_last_success_timestamp_seconds", now);
        } else {
            f.kept(previous, "dive_drift_last_success_timestamp_seconds");
        }
        f.gauge("dive_drift_last_run_success", "Whether the last drift run could observe everything (1) or failed (0).")
                .sample("dive_drift_last_run_success", plan != null ? 1 : 0);
        f.gauge("dive_drift_duration_seconds", "How long the last drift run took.").duration("dive_drift_duration_seconds", took);
        return f.render();
    }
}
