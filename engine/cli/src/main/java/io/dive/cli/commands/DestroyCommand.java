package io.dive.cli.commands;

import io.dive.cli.ExitCodes;
import io.dive.cli.views.ApplyView;
import io.dive.cli.views.PlanView;
import io.dive.cli.views.ProgressView;
import io.dive.core.apply.ApplyListener;
import io.dive.core.apply.ApplyResult;
import io.dive.core.engine.ProviderRegistry;
import io.dive.core.engine.Session;
import io.dive.core.plan.PlanOptions;
import io.dive.core.plan.Planned;
import io.dive.core.state.State;
import io.dive.core.state.StateStore;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dive destroy FILE}: removes, dependents first, only what state says dive created. */
@Command(name = "destroy", description = "Delete everything the state records as created by dive (never what it adopted).")
public final class DestroyCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The topology.yaml (for its provider endpoints).")
    Path file;

    @Option(names = "--auto-approve", description = "Destroy without asking.")
    boolean autoApprove;

    @Option(names = "--target", paramLabel = "ADDR", description = "Only this resource (repeatable).")
    List<String> targets;

    @Option(names = "--json", description = "Print only the result as JSON.")
    boolean json;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", description = "How long to wait for the state lock (default 0s).")
    String lockTimeout;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (!autoApprove && !cli().terminal()) {
            confirm("destroy");
        }
        try (ProviderRegistry registry = cli().providers().get(); Session s = open(file, common.state, registry);
             StateStore.StateLock lock = s.lock("dive destroy " + file, duration(lockTimeout == null ? "0s" : lockTimeout, "--lock-timeout"))) {
            State state = s.store().read();
            Planned planned = s.plan(state, new PlanOptions(addresses(targets, "--target"), List.of(), true));
            if (!json) {
                PlanView.render(planned.plan(), cli().out());
            }
            if (planned.plan().hasChanges() && !autoApprove && !confirm("destroy these resources")) {
                cli().err().println("Destroy cancelled.");
                return ExitCodes.FAILED;
            }
            java.time.Instant started = java.time.Instant.now();
            ApplyResult result = s.apply(planned, state, json ? ApplyListener.NONE : new ProgressView(cli().out()), 10);
            s.record("dive destroy", started, planned.plan(), result);
            if (json) {
                ApplyView.print(cli().out(), ApplyView.json(result));
            } else {
                ApplyView.human(result, cli().out(), cli().err());
            }
            return result.succeeded() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}
