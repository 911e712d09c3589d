package io.dive.core.drift;

import io.dive.spi.DiveException;
import io.dive.core.plan.Plan;
import io.dive.core.plan.ResourceChange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes drift results in Prometheus text format for node_exporter's textfile collector: written to a
 * temporary file and renamed, so the collector never reads half a file.
 */
public final class DriftMetrics {

    private DriftMetrics() {
    }

    public static String render(String topology, Plan plan, Collection<String> knownTypes, boolean success, Instant now) {
        Map<String, Integer> byType = new TreeMap<>();
        knownTypes.forEach(t -> byType.put(t, 0));
        if (plan != null) {
            for (ResourceChange c : plan.changes()) {
                if (c.isChange()) {
                    byType.merge(c.address().type(), 1, Integer::sum);
                }
            }
        }
        String t = escape(topology);
        StringBuilder sb = new StringBuilder();
        sb.append("# HELP dive_drift_resources Resources whose observed state differs from the topology.\n");
        sb.append("# TYPE dive_drift_resources gauge\n");
        byType.forEach((type, n) -> sb.append("dive_drift_resources{topology=\"").append(t).append("\",type=\"")
                .append(escape(type)).append("\"} ").append(n).append('\n'));
        sb.append("# HELP dive_drift_last_run_timestamp_seconds When dive drift last ran.\n");
        sb.append("# TYPE dive_drift_last_run_timestamp_seconds gauge\n");
        sb.append("dive_drift_last_run_timestamp_seconds{topology=\"").append(t).append("\"} ").append(now.getEpochSecond()).append('\n');
        sb.append("# HELP dive_drift_last_run_success Whether the last drift check could observe everything (1) or failed (0).\n");
        sb.append("# TYPE dive_drift_last_run_success gauge\n");
        sb.append("dive_drift_last_run_success{topology=\"").append(t).append("\"} ").append(success ? 1 : 0).append('\n');
        return sb.toString();
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
