package io.dive.core.model;

/** Where a value came from: file, 1-based line and column. Rendered {@code file:line:col}. */
public record Location(String file, int line, int column) {

    @Override
    public String toString() {
        return line <= 0 ? file : file + ":" + line + ":" + column;
    }
}
