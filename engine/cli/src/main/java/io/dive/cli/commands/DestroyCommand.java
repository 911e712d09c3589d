package io.dive.cli.commands;

import io.dive.core.engine.Session;
import io.dive.core.ops.ChangeOperation;
import io.dive.core.run.ProviderRegistry;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dive destroy FILE}: removes, dependents first, only what state says dive created. */
@Command(exitCodeList = {"0:done", "1:a resource failed, the plan was refused or cancelled, or an error (the next run resumes)"},
        name = "destroy", description = "Delete everything the state records as created by dive (never what it adopted).")
public final class DestroyCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The topology.yaml (for its provider endpoints).")
    Path file;

    @Option(names = "--auto-approve", description = "Destroy without asking.")
    boolean autoApprove;

    @Mixin
    TargetingOptions targeting;

    @Option(names = "--json", description = "Print only the result as JSON.")
    boolean json;

    @Mixin
    LockTimeoutOption lockTimeout;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        var timeout = given(lockTimeout);
        var options = targeting.planOptions(this, true, common.allowDestroy); // a usage error before anything else
        if (!autoApprove && !cli().terminal()) {
            confirm("destroy");
        }
        try (ProviderRegistry registry = cli().providers().get(); Session s = open(file, common.state, registry)) {
            return change(s, new ChangeOperation.Request("dive destroy " + file, options,
                    null, null, timeout, 10), json, autoApprove, "destroy");
        }
    }
}
