package io.dive.cli.commands;

import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code --parallelism N}: how many resources a run changes at once (apply, and drift --fix). */
public final class ParallelismOption {

    /** As the schema bounds a provider's own parallelism: more threads only queue at the servers. */
    static final int MAX = 64;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "10", description = "Resources changed at once (default 10, at most 64).")
    int parallelism;

    /** The value, checked: a usage error outside 1..64. */
    int value(Object command) {
        if (parallelism < 1 || parallelism > MAX) {
            throw new CommandLine.ParameterException(new CommandLine(command), "--parallelism must be from 1 to " + MAX);
        }
        return parallelism;
    }
}
