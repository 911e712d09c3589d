package io.dive.core.metrics;

import io.dive.spi.DiveException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A Prometheus text-format file for node_exporter's textfile collector, as dive's commands write them:
 * built line by line, written to a temporary file and renamed (the collector never reads half a file),
 * and able to carry lines over from the file the last run left (what a failed run must not overwrite).
 */
public final class Textfile {

    private final StringBuilder text = new StringBuilder();
    private final String topology;

    /** @param topology the manifest's name: every series' {@code topology} label */
    public Textfile(String topology) {
        this.topology = escape(topology);
    }

    /** Starts a metric: its HELP and TYPE (gauge) lines. */
    public Textfile gauge(String name, String help) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(" gauge\n");
        return this;
    }

    /** One series of the metric: its topology label, then {@code labels} as name, value pairs. */
    public Textfile sample(String name, double value, String... labels) {
        text.append(name).append("{topology=\"").append(topology).append('"');
        for (int i = 0; i + 1 < labels.length; i += 2) {
            text.append(',').append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
        }
        text.append("} ").append(value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
                : String.format(Locale.ROOT, "%.3f", value)).append('\n');
        return this;
    }

    public Textfile seconds(String name, Instant when) {
        return sample(name, when.getEpochSecond());
    }

    public Textfile duration(String name, Duration took) {
        return sample(name, took.toMillis() / 1000.0);
    }

    /** The series of a metric as the last run wrote them (none when there was no file). */
    public Textfile kept(String previous, String name) {
        if (previous != null) {
            previous.lines().filter(l -> l.startsWith(name + "{")).forEach(l -> text.append(l).append('\n'));
        }
        return this;
    }

    public String render() {
        return text.toString();
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

    /** A label value as the text format quotes it. */
    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** Every metric name a rendered text defines (its TYPE lines): the alert rules' test checks against them. */
    public static List<String> names(String rendered) {
        return rendered.lines().filter(l -> l.startsWith("# TYPE ")).map(l -> l.split(" ")[2]).toList();
    }
}
