package io.dive.spi;

import java.io.PrintStream;

/**
 * Where the engine and providers say what a person watching should know while a run goes on: a pull's
 * progress, a warning that does not fail the run. The front end decides where it goes (stderr on a
 * terminal, nowhere in tests). Lines never hold a secret value.
 */
@FunctionalInterface
public interface Log {

    Log NONE = line -> { };

    /** One line, without its newline. */
    void line(String text);

    /** A warning: the run goes on. */
    default void warn(String text) {
        line("warning: " + text);
    }

    /** Lines to a stream (one println each, so concurrent lines never interleave mid-line). */
    static Log to(PrintStream stream) {
        return stream::println;
    }
}
