package io.dive.cli.commands;

import io.dive.core.plan.PlanOptions;
import io.dive.spi.Address;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** What a run is limited to: {@code --target}, {@code --exclude} and {@code --replace}, declared once for plan, apply and destroy. */
public final class TargetingOptions {

    @Option(names = "--target", paramLabel = "ADDR", description = "Limit to this resource and its dependencies (repeatable).")
    List<String> targets = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "ADDR", description = "Leave this resource out, with everything that depends on it (repeatable).")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--replace", paramLabel = "ADDR", description = "Recreate this resource (repeatable; not with destroy).")
    List<String> replace = new ArrayList<>();

    /**
     * The plan's scope. An address both targeted and excluded is a usage error: the run would silently do
     * nothing with it, which is never what was meant.
     *
     * @param destroy a destroy's scope (which replaces nothing)
     */
    PlanOptions planOptions(BaseCommand command, boolean destroy, List<String> allowDestroy) {
        List<Address> target = command.addresses(targets, "--target");
        List<Address> exclude = command.addresses(excludes, "--exclude");
        for (Address a : target) {
            if (exclude.contains(a)) {
                throw new CommandLine.ParameterException(new CommandLine(command), "--target " + a + " and --exclude " + a
                        + " name the same resource: give one of them");
            }
        }
        if (destroy && !replace.isEmpty()) {
            throw new CommandLine.ParameterException(new CommandLine(command), "--replace " + replace.get(0) + ": destroy recreates nothing");
        }
        return new PlanOptions(target, command.addresses(replace, "--replace"), destroy, command.addresses(allowDestroy, "--allow-destroy"))
                .excluding(exclude);
    }
}
