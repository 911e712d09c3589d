package io.dive.core.ops;

import io.dive.spi.DiveException;
import java.time.Duration;

/** The one syntax of durations in options and manifests: {@code 30s}, {@code 5m}, {@code 500ms}, {@code 1h}, or seconds. */
public final class Durations {

    private Durations() {
    }

    /**
     * @param where what to name in the error ({@code --lock-timeout}, {@code topology.yaml: state.lock_timeout})
     * @throws DiveException naming {@code where} when the text is not a duration (the value itself is not echoed)
     */
    public static Duration parse(String text, String where) {
        String t = text.trim();
        try {
            long n;
            Duration d;
            if (t.endsWith("ms")) {
                n = Long.parseLong(t.substring(0, t.length() - 2));
                d = Duration.ofMillis(n);
            } else if (t.endsWith("s")) {
                n = Long.parseLong(t.substring(0, t.length() - 1));
                d = Duration.ofSeconds(n);
            } else if (t.endsWith("m")) {
                n = Long.parseLong(t.substring(0, t.length() - 1));
                d = Duration.ofMinutes(n);
            } else if (t.endsWith("h")) {
                n = Long.parseLong(t.substring(0, t.length() - 1));
                d = Duration.ofHours(n);
            } else {
                n = Long.parseLong(t);
                d = Duration.ofSeconds(n);
            }
            if (n < 0) {
                throw new DiveException(where + ": a duration cannot be negative");
            }
            return d;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new DiveException(where + ": not a duration (examples: 30s, 5m, 500ms, 1h)");
        }
    }
}
