package io.dive.cli.commands;

import picocli.CommandLine.Option;

/** {@code --lock-timeout} of every command that writes state: how long to wait for the lock. */
public final class LockTimeoutOption {

    @Option(names = "--lock-timeout", paramLabel = "DURATION",
            description = "How long to wait for the state lock (default: the manifest's state.lock_timeout, else 0s).")
    String value;
}
