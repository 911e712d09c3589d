package io.dive.cli.commands;

import io.dive.core.engine.Session;
import io.dive.core.ops.ChangeOperation;
import io.dive.core.plan.PlanFile;
import io.dive.core.plan.PlanOptions;
import io.dive.core.run.ProviderRegistry;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dive apply FILE|PLANFILE}: make it so. */
@Command(exitCodeList = {"0:done", "1:a resource failed, the plan was refused or cancelled, or an error (the next run resumes)"},
        name = "apply", description = "Change what exists to match the topology (or a saved plan).")
public final class ApplyCommand extends BaseCommand {


    @Parameters(index = "0", paramLabel = "FILE|PLANFILE", description = "The topology.yaml, or a plan saved by dive plan --out.")
    Path file;

    @Option(names = "--auto-approve", description = "Apply without asking.")
    boolean autoApprove;

    @Mixin
    ParallelismOption parallelism;

    @Mixin
    TargetingOptions targeting;

    @Option(names = "--json", description = "Print only the result as JSON; no progress.")
    boolean json;

    @Option(names = "--metrics-file", paramLabel = "F", description = "Write the apply's result in Prometheus text format (node_exporter's textfile collector).")
    Path metricsFile;

    @Mixin
    LockTimeoutOption lockTimeout;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        int atOnce = parallelism.value(this);
        var timeout = given(lockTimeout);
        PlanFile.Saved saved = PlanFile.isPlanFile(file) ? PlanFile.read(file) : null;
        Path manifest = saved != null ? saved.manifest() : file;
        PlanOptions options = saved != null
                ? new PlanOptions(addresses(saved.targets(), "--target"), addresses(saved.replace(), "--replace"), false,
                        addresses(saved.allowDestroy(), "--allow-destroy")).excluding(addresses(saved.exclude(), "--exclude"))
                : targeting.planOptions(this, false, common.allowDestroy); // a usage error before anything else
        if (!autoApprove && !cli().terminal()) {
            confirm("apply"); // refuses, before anything is contacted
        }
        requireMetricsFolder(metricsFile);
        String[] topology = {manifest.getFileName().toString()};
        java.time.Instant began = java.time.Instant.now();
        try (ProviderRegistry registry = cli().providers().get(); Session s = open(manifest, common.state, registry)) {
            topology[0] = s.topology().name();
            return change(s, new ChangeOperation.Request("dive apply " + file, options, saved, file, timeout, atOnce), json, autoApprove,
                    "apply", outcome -> metrics(topology[0], outcome.result(), began));
        } catch (RuntimeException e) {
            metrics(topology[0], null, began); // an apply that could not run: kept as failed, its last success kept
            throw e;
        }
    }

    private void metrics(String topology, io.dive.core.apply.ApplyResult result, java.time.Instant began) {
        if (metricsFile != null) {
            io.dive.core.metrics.Textfile.write(metricsFile, io.dive.core.metrics.ApplyMetrics.render(topology, result, java.time.Instant.now(),
                    java.time.Duration.between(began, java.time.Instant.now()), io.dive.core.metrics.Textfile.read(metricsFile)));
        }
    }
}
