package io.dive.spi;

import java.util.List;

/**
 * A user-facing failure: one or more diagnostics, each a single line that starts with what failed
 * and where. Never carries a stack trace to the user and never a secret value.
 */
public class DiveException extends RuntimeException {

    private final List<String> lines;

    public DiveException(String line) {
        this(List.of(line));
    }

    public DiveException(List<String> lines) {
        super(String.join("\n", lines));
        this.lines = List.copyOf(lines);
    }

    public DiveException(String line, Throwable cause) {
        super(line, cause);
        this.lines = List.of(line);
    }

    public List<String> lines() {
        return lines;
    }
}
