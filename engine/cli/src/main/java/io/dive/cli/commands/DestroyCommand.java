package io.dive.cli.commands;

import io.dive.core.engine.ProviderRegistry;
import io.dive.core.engine.Session;
import io.dive.core.ops.ChangeOperation;
import io.dive.core.plan.PlanOptions;
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

    @Option(names = "--exclude", paramLabel = "ADDR", description = "Leave this resource out, with everything that depends on it (repeatable).")
    List<String> excludes;

    @Option(names = "--target", paramLabel = "ADDR", description = "Only this resource (repeatable).")
    List<String> targets;

    @Option(names = "--json", description = "Print only the result as JSON.")
    boolean json;

    @Mixin
    LockTimeoutOption lockTimeout;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        var timeout = given(lockTimeout);
        if (!autoApprove && !cli().terminal()) {
            confirm("destroy");
        }
        try (ProviderRegistry registry = cli().providers().get(); Session s = open(file, common.state, registry)) {
            return change(s, new ChangeOperation.Request("dive destroy " + file, new PlanOptions(addresses(targets, "--target"), List.of(), true,
                    addresses(common.allowDestroy, "--allow-destroy")).excluding(addresses(excludes, "--exclude")),
                    null, null, timeout, 10), json, autoApprove, "destroy");
        }
    }
}
