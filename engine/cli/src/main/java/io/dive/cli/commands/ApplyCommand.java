package io.dive.cli.commands;

import io.dive.cli.ExitCodes;
import io.dive.cli.views.ApplyView;
import io.dive.cli.views.PlanView;
import io.dive.cli.views.ProgressView;
import io.dive.core.apply.ApplyListener;
import io.dive.core.apply.ApplyResult;
import io.dive.core.engine.ProviderRegistry;
import io.dive.core.engine.Session;
import io.dive.core.model.DiveException;
import io.dive.core.plan.PlanFile;
import io.dive.core.plan.PlanOptions;
import io.dive.core.plan.Planned;
import io.dive.core.state.State;
import io.dive.core.state.StateStore;
import io.dive.spi.Address;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dive apply FILE|PLANFILE}: make it so. */
@Command(name = "apply", description = "Change what exists to match the topology (or a saved plan).")
public final class ApplyCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "FILE|PLANFILE", description = "The topology.yaml, or a plan saved by dive plan --out.")
    Path file;

    @Option(names = "--auto-approve", description = "Apply without asking.")
    boolean autoApprove;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "10", description = "Resources changed at once (default 10).")
    int parallelism;

    @Option(names = "--target", paramLabel = "ADDR", description = "Limit to this resource and its dependencies (repeatable).")
    List<String> targets;

    @Option(names = "--replace", paramLabel = "ADDR", description = "Recreate this resource (repeatable).")
    List<String> replace;

    @Option(names = "--json", description = "Print only the result as JSON; no progress.")
    boolean json;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", description = "How long to wait for the state lock (default 0s).")
    String lockTimeout;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (parallelism < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--parallelism must be at least 1");
        }
        PlanFile.Saved saved = PlanFile.isPlanFile(file) ? PlanFile.read(file) : null;
        if (!autoApprove && !cli().terminal()) {
            confirm("apply"); // refuses, before anything is contacted
        }
        Path manifest = saved != null ? saved.manifest() : file;
        List<Address> targetList = saved != null ? addresses(saved.targets(), "--target") : addresses(targets, "--target");
        try (ProviderRegistry registry = cli().providers().get(); Session s = open(manifest, common.state, registry)) {
            String timeout = lockTimeout != null ? lockTimeout : s.topology().lockTimeout() != null ? s.topology().lockTimeout() : "0s";
            try (StateStore.StateLock lock = s.lock("dive apply " + file, duration(timeout, "--lock-timeout"))) {
                State state = s.store().read();
                Planned planned = s.plan(state, new PlanOptions(targetList, addresses(replace, "--replace"), false));
                if (saved != null) {
                    String stale = PlanFile.staleness(saved, planned.plan());
                    if (stale != null) {
                        throw new DiveException(file + ": saved plan refused: " + stale + "; run dive plan again");
                    }
                }
                if (!json) {
                    PlanView.render(planned.plan(), cli().out());
                }
                if (planned.plan().hasChanges() && !autoApprove && !confirm("apply these changes")) {
                    cli().err().println("Apply cancelled.");
                    return ExitCodes.FAILED;
                }
                ApplyListener progress = json ? ApplyListener.NONE : new ProgressView(cli().out());
                java.time.Instant started = java.time.Instant.now();
                ApplyResult result = s.apply(planned, state, progress, parallelism);
                s.record("dive apply", started, planned.plan(), result);
                if (json) {
                    ApplyView.print(cli().out(), ApplyView.json(result));
                    result.outcomes().stream().filter(o -> o.message() != null && o.status().name().equals("FAILED"))
                            .forEach(o -> cli().err().println(o.message()));
                } else if (planned.plan().hasChanges() || !result.succeeded()) {
                    ApplyView.human(result, cli().out(), cli().err());
                }
                return result.succeeded() ? ExitCodes.OK : ExitCodes.FAILED;
            }
        }
    }

}
