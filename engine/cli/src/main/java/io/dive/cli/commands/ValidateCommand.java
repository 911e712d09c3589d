package io.dive.cli.commands;

import io.dive.cli.ExitCodes;
import io.dive.core.engine.TopologyChecks;
import io.dive.core.manifest.ManifestLoader;
import io.dive.core.model.Topology;
import io.dive.core.run.ProviderRegistry;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dive validate FILE}: parse, schema and graph checks; contacts nothing. */
@Command(exitCodeList = {"0:the topology is valid", "1:it is not (each problem one line, at its file:line)"},
        name = "validate", description = "Check a topology: YAML, schema, templates, dependency graph. No network.")
public final class ValidateCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The topology.yaml.")
    Path file;

    @Option(names = "--debug", description = "Show stack traces of internal errors.")
    boolean debug;

    @Override
    public Integer call() {
        try (ProviderRegistry registry = cli().providers().get()) {
            Topology t = new ManifestLoader(env(), registry.types()).load(file);
            TopologyChecks.check(t, registry);
            cli().out().println(file + ": valid (" + t.resources().size() + " resources)");
            return ExitCodes.OK;
        }
    }
}
