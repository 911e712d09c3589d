package io.dive.cli.commands;

import io.dive.cli.ExitCodes;
import io.dive.cli.views.ApplyView;
import io.dive.cli.views.MarkdownView;
import io.dive.cli.views.PlanView;
import io.dive.core.engine.Session;
import io.dive.core.manifest.ManifestLoader;
import io.dive.core.ops.TrustedBase;
import io.dive.core.plan.PlanFile;
import io.dive.core.plan.PlanJson;
import io.dive.core.plan.Planned;
import io.dive.core.run.ProviderRegistry;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dive plan FILE}: refresh, diff, show the minimal change set. */
@Command(exitCodeList = {"0:planned (with --detailed-exitcode: and nothing to change)", "1:error", "2:with --detailed-exitcode: there are changes"},
        name = "plan", description = "Show what apply would change, after observing what exists.")
public final class PlanCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The topology.yaml.")
    Path file;

    @Option(names = "--json", description = "Print only the plan as JSON.")
    boolean json;

    @Option(names = "--markdown", description = "Print the plan as Markdown for a pull-request comment.")
    boolean markdown;

    @Option(names = "--out", paramLabel = "PLANFILE", description = "Save the plan, to apply exactly it later.")
    Path out;

    @Mixin
    TargetingOptions targeting;

    @Option(names = "--detailed-exitcode", description = "Exit 2 when there are changes.")
    boolean detailedExitcode;

    @Option(names = "--trusted-base", paramLabel = "BASEFILE", description = "The base branch's manifest: where credentials go (provider endpoints and credentials, state, secrets, template paths) must be the same, or nothing is resolved or contacted (exit 1).")
    Path trustedBase;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (json && markdown) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--json and --markdown exclude each other: choose one");
        }
        if (trustedBase != null) {
            try (ProviderRegistry registry = cli().providers().get()) {
                TrustedBase.check(new ManifestLoader(env(), registry.types()), file, trustedBase);
            }
        }
        try (ProviderRegistry registry = cli().providers().get(); Session s = open(file, common.state, registry)) {
            Planned planned = s.plan(s.store().read(), targeting.planOptions(this, false, common.allowDestroy));
            if (out != null) {
                PlanFile.write(out, file, planned.plan());
            }
            if (json) {
                ApplyView.print(cli().out(), PlanJson.render(planned.plan()));
            } else if (markdown) {
                MarkdownView.render(planned.plan(), cli().out());
            } else {
                PlanView.render(planned.plan(), cli().out(), style());
                if (out != null) {
                    cli().out().println();
                    cli().out().println("Saved the plan to " + out + ". To apply exactly it: dive apply " + out);
                }
            }
            return detailedExitcode && planned.plan().hasChanges() ? ExitCodes.CHANGES : ExitCodes.OK;
        }
    }
}
