package io.dive.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.cli.ExitCodes;
import io.dive.cli.views.ApplyView;
import io.dive.cli.views.PlanView;
import io.dive.cli.views.ProgressView;
import io.dive.core.apply.ApplyListener;
import io.dive.core.engine.Session;
import io.dive.core.manifest.ManifestLoader;
import io.dive.core.metrics.DriftMetrics;
import io.dive.core.metrics.Textfile;
import io.dive.core.ops.DriftOperation;
import io.dive.core.ops.TrustedBase;
import io.dive.core.plan.PlanJson;
import io.dive.core.plan.PlanOptions;
import io.dive.core.plan.Planned;
import io.dive.core.plan.ResourceChange;
import io.dive.core.run.ProviderRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dive drift FILE}: made for cron. Exit 0 in sync, 2 drift (also when --fix repaired it, so
 * the alert still fires), 1 error or a failed fix.
 */
@Command(exitCodeList = {"0:in sync", "1:error (nothing could be told; or --fix failed)", "2:drift found (also when --fix repaired it)"},
        name = "drift", description = "Report where what exists differs from the topology (exit 0 in sync, 2 drift, 1 error).")
public final class DriftCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The topology.yaml.")
    Path file;

    @Option(names = "--json", description = "Print only JSON.")
    boolean json;

    @Option(names = "--fix", description = "Apply the changes that bring it back in sync.")
    boolean fix;

    @Option(names = "--metrics-file", paramLabel = "F", description = "Write Prometheus text format for node_exporter's textfile collector.")
    Path metricsFile;

    @Mixin
    LockTimeoutOption lockTimeout;

    /** With --fix: how many resources it changes at once. */
    @Mixin
    ParallelismOption parallelism;

    @Option(names = "--trusted-base", paramLabel = "BASEFILE", description = "The base branch's manifest: where credentials go (provider endpoints and credentials, state, secrets, template paths) must be the same, or nothing is resolved or contacted (exit 1).")
    Path trustedBase;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        var timeout = given(lockTimeout);
        parallelism.value(this); // a usage error before anything is contacted
        requireMetricsFolder(metricsFile);
        ProviderRegistry registry = cli().providers().get();
        Set<String> types = registry.types();
        // The metrics' topology label: the manifest's name once it is read, on success and failure alike.
        String[] topology = {file.getFileName().toString()};
        Instant began = Instant.now();
        try (registry) {
            if (trustedBase != null) {
                TrustedBase.check(new ManifestLoader(env(), types), file, trustedBase);
            }
            return drift(registry, timeout, topology);
        } catch (RuntimeException e) {
            if (metricsFile != null) {
                Textfile.write(metricsFile, DriftMetrics.render(topology[0], null, types, Instant.now(),
                        java.time.Duration.between(began, Instant.now()), Textfile.read(metricsFile)));
            }
            throw e;
        }
    }

    private int drift(ProviderRegistry registry, java.time.Duration timeout, String[] topology) {
        Set<String> types = registry.types();
        try (Session s = open(file, common.state, registry)) {
            topology[0] = s.topology().name();
            DriftOperation.Result r = DriftOperation.run(s, new DriftOperation.Request("dive drift " + file,
                    fix ? new PlanOptions(List.of(), List.of(), false, addresses(common.allowDestroy, "--allow-destroy")) : null, timeout,
                    parallelism.value(this)), this::show, json ? ApplyListener.NONE : new ProgressView(cli().out()));
            int code = !r.drift() ? ExitCodes.OK : r.fixed() != null && !r.fixed().succeeded() ? ExitCodes.FAILED : ExitCodes.CHANGES;
            if (r.fixed() != null && !json) {
                ApplyView.human(r.fixed().result(), cli().out(), cli().err());
            }
            if (json) {
                ObjectNode report = PlanJson.render(r.planned().plan());
                report.put("drift", r.drift());
                com.fasterxml.jackson.databind.node.ArrayNode unknownJson = report.putArray("unknown");
                r.unknown().forEach(c -> unknownJson.addObject().put("address", c.address().toString()).put("known_after", c.knownAfter().toString()));
                if (r.fixed() != null) {
                    report.set("fix", ApplyView.json(r.fixed().result()));
                }
                ApplyView.print(cli().out(), report);
            }
            if (metricsFile != null) {
                Textfile.write(metricsFile, DriftMetrics.render(topology[0], r.planned().plan(), types, Instant.now(),
                        java.time.Duration.between(r.started(), Instant.now()), null));
            }
            return code;
        }
    }

    /** The drift plan, for people (JSON is printed whole at the end). */
    private void show(Planned planned) {
        if (json) {
            return;
        }
        if (planned.plan().hasChanges()) {
            cli().out().println("Drift detected:");
            cli().out().println();
        }
        PlanView.render(planned.plan(), cli().out(), style());
        List<ResourceChange> unknown = planned.plan().changes().stream().filter(c -> c.knownAfter() != null).toList();
        unknown.stream().map(ResourceChange::knownAfter).distinct().forEach(r -> cli().out().println("Unknown until " + r + " runs again: "
                + unknown.stream().filter(c -> c.knownAfter().equals(r)).count() + " resources on the server it runs"));
    }
}
