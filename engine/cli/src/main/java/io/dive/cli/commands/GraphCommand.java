package io.dive.cli.commands;

import io.dive.cli.ExitCodes;
import io.dive.cli.views.GraphExporter;
import io.dive.core.engine.TopologyChecks;
import io.dive.core.manifest.ManifestLoader;
import io.dive.core.model.Topology;
import io.dive.core.run.ProviderRegistry;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dive graph FILE}: the dependency graph as dot, mermaid or json. */
@Command(name = "graph", description = "Print the dependency graph (dot, mermaid or json). No network.")
public final class GraphCommand extends BaseCommand {

    enum Format { dot, mermaid, json }

    @Parameters(index = "0", paramLabel = "FILE", description = "The topology.yaml.")
    Path file;

    @Option(names = "--format", defaultValue = "dot", description = "dot, mermaid or json (default dot).")
    Format format;

    @Option(names = "--debug", description = "Show stack traces of internal errors.")
    boolean debug;

    @Override
    public Integer call() {
        try (ProviderRegistry registry = cli().providers().get()) {
            Topology t = new ManifestLoader(env(), registry.types()).load(file);
            cli().out().print(GraphExporter.render(TopologyChecks.check(t, registry), format.name(), t.name()));
            return ExitCodes.OK;
        }
    }
}
