package io.dive.core.drift;

import io.dive.core.plan.Plan;
import io.dive.core.plan.ResourceChange;
import io.dive.spi.DiveException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Drift results in Prometheus text format for node_exporter's textfile collector, written to a
 * temporary file and renamed, so the collector never reads half a file. A run that could not observe
 * (a server down) says so and keeps the last good counts and the last success time: it never writes
 * zeros, which would clear an active alert exactly when something is wrong.
 */
public final class DriftMetrics {

    private DriftMetrics() {
    }

    /**
     * @param plan     what the run found, or null when it failed before it could tell
     * @param previous the file as the last run left it (its counts and last success are kept on failure), or null
     */
    public static String render(String topology, Plan plan, Collection<String> knownTypes, Instant now, Duration took, String previous) {
        String t = escape(topology);
        StringBuilder sb = new StringBuilder();
        sb.append("# HELP dive_drift_resources Resources whose observed state differs from the topology (as of the last successful run).\n");
        sb.append("# TYPE dive_drift_resources gauge\n");
        if (plan != null) {
            Map<String, Integer> byType = new TreeMap<>();
            knownTypes.forEach(type -> byType.put(type, 0));
            for (ResourceChange c : plan.changes()) {
                if (c.isChange()) {
                    byType.merge(c.address().type(), 1, Integer::sum);
                }
            }
            byType.forEach((type, n) -> sb.append("dive_drift_resources{topology=\"").append(t).append("\",type=\"")
                    .append(escape(type)).append("\"} ").append(n).append('\n'));
        } else {
            kept(previous, "dive_drift_resources{").forEach(line -> sb.append(line).append('\n'));
        }
        sb.append("# HELP dive_drift_last_run_timestamp_seconds When dive drift last ran.\n");
        sb.append("# TYPE dive_drift_last_run_timestamp_seconds gauge\n");
        sb.append("dive_drift_last_run_timestamp_seconds{topology=\"").append(t).append("\"} ").append(now.getEpochSecond()).append('\n');
        sb.append("# HELP dive_drift_last_success_timestamp_seconds When dive drift last observed everything.\n");
        sb.append("# TYPE dive_drift_last_success_timestamp_seconds gauge\n");
        if (plan != null) {
            sb.append("dive_drift_last_success_timestamp_seconds{topology=\"").append(t).append("\"} ").append(now.getEpochSecond()).append('\n');
        } else {
            kept(previous, "dive_drift_last_success_timestamp_seconds{").forEach(line -> sb.append(line).append('\n'));
        }
        sb.append("# HELP dive_drift_last_run_success Whether the last drift run could observe everything (1) or failed (0).\n");
        sb.append("# TYPE dive_drift_last_run_success gauge\n");
        sb.append("dive_drift_last_run_success{topology=\"").append(t).append("\"} ").append(plan != null ? 1 : 0).append('\n');
        sb.append("# HELP dive_drift_duration_seconds How long the last drift run took.\n");
        sb.append("# TYPE dive_drift_duration_seconds gauge\n");
        sb.append("dive_drift_duration_seconds{topology=\"").append(t).append("\"} ")
                .append(String.format(java.util.Locale.ROOT, "%.3f", took.toMillis() / 1000.0)).append('\n');
        return sb.toString();
    }

    private static List<String> kept(String previous, String prefix) {
        return previous == null ? List.of() : previous.lines().filter(l -> l.startsWith(prefix)).toList();
    }

    /** The file as it is, or null when there is none yet. */
    public static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        }
    }

    public static void write(Path file, String text) {
        try {
            Path abs = file.toAbsolutePath();
            Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new DiveException(file + ": cannot write metrics: " + e.getMessage());
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
