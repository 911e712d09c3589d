package io.dive.cli.views;

import io.dive.spi.Action;

/**
 * Colour for people at a terminal: a plan's actions (+ green, ~ yellow, - red, -/+ magenta). Decided once
 * per run (by {@code Main}, from the run's {@code Cli}): on only when stdout is a terminal, and off with
 * {@code --no-color} or a non-empty {@code NO_COLOR} (no-color.org); JSON and piped output never carry
 * escape codes.
 *
 * @param on whether this run colours its output
 */
public record Style(boolean on) {

    /** No colour: piped output, JSON, and runs in tests. */
    public static final Style PLAIN = new Style(false);

    /** The text in the colour of an action (as it is when colour is off). */
    public String of(Action action, String text) {
        if (!on) {
            return text;
        }
        String code = switch (action) {
            case CREATE -> "32";
            case UPDATE -> "33";
            case DELETE -> "31";
            case REPLACE -> "35";
            case ADOPT, FORGET -> "36";
            case NOOP -> null;
        };
        return code == null ? text : "\u001b[" + code + "m" + text + "\u001b[0m";
    }

    /** Bold, for a result line. */
    public String bold(String text) {
        return on ? "\u001b[1m" + text + "\u001b[0m" : text;
    }
}
