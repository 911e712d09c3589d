package io.dive.cli;

import io.dive.core.run.ProviderRegistry;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every command works with: the output streams, the environment, the installed providers and
 * the terminal. Injected so tests drive the real CLI in-process.
 *
 * @param terminal      true when stdin is a terminal (confirmation prompts are allowed)
 * @param stdin         where confirmation answers are read from
 * @param colorTerminal true when stdout is a terminal: this run may colour its output (unless told not to)
 */
public record Cli(PrintStream out, PrintStream err, Function<String, String> env, Supplier<ProviderRegistry> providers,
                  boolean terminal, BufferedReader stdin, boolean colorTerminal) {

    /** Output that is no terminal (tests, pipes): never coloured. */
    public Cli(PrintStream out, PrintStream err, Function<String, String> env, Supplier<ProviderRegistry> providers, boolean terminal,
               BufferedReader stdin) {
        this(out, err, env, providers, terminal, stdin, false);
    }
}
