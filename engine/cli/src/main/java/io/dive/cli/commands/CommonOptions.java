package io.dive.cli.commands;

import picocli.CommandLine.Option;

/** Options every command that reads state takes. */
public final class CommonOptions {

    @Option(names = "--state", paramLabel = "STATE", description = "State location: a path, file:PATH or postgresql://... (default: DIVE_STATE, the manifest's state:, .dive/state.json beside the manifest).")
    public String state;

    @Option(names = "--debug", description = "Show stack traces of internal errors.")
    public boolean debug;

    @Option(names = "--allow-destroy", paramLabel = "ADDR", description = "Let this run delete or replace a resource marked prevent_destroy (repeatable).")
    public java.util.List<String> allowDestroy = new java.util.ArrayList<>();
}
