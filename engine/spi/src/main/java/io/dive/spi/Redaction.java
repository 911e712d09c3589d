package io.dive.spi;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last line of defence against a secret in output: every secret value this process has handed to
 * a provider is remembered here, and every line dive prints (results, progress, warnings, the error
 * report) passes through {@link #scrub} on its way out. Values shorter than {@link #MIN_LENGTH} are
 * not scrubbed here: they would blank out ordinary words of plans and JSON ({@code true}, {@code admin}),
 * and a secret that short protects nothing. (Error messages are also scrubbed by the run's own resolver,
 * from 4 characters.)
 */
public final class Redaction {

    public static final int MIN_LENGTH = 6;
    public static final String MASK = "(sensitive)";
    private static final Set<String> VALUES = ConcurrentHashMap.newKeySet();

    private Redaction() {
    }

    public static void remember(String value) {
        if (value != null && value.length() >= MIN_LENGTH) {
            VALUES.add(value);
        }
    }

    /** The text with every remembered value replaced by {@code (sensitive)}, longest first (a value may hold another). */
    public static String scrub(String text) {
        if (text == null || VALUES.isEmpty()) {
            return text;
        }
        String out = text;
        for (String v : VALUES.stream().sorted((a, b) -> b.length() - a.length()).toList()) {
            if (out.contains(v)) {
                out = out.replace(v, MASK);
            }
        }
        return out;
    }
}
