package io.dive.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.cli.ExitCodes;
import io.dive.cli.views.ApplyView;
import io.dive.cli.views.MarkdownView;
import io.dive.cli.views.PlanView;
import io.dive.core.plan.PlanFile;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dive show PLANFILE}: a saved plan as the plan that saved it showed it; contacts nothing. */
@Command(name = "show", description = "Print a plan saved by dive plan --out (text, --json or --markdown). No network.")
public final class ShowCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "PLANFILE", description = "A plan saved by dive plan --out.")
    Path file;

    @Option(names = "--json", description = "The plan's JSON (summary and changes), as dive plan --json prints it.")
    boolean json;

    @Option(names = "--markdown", description = "The plan as Markdown for a pull-request comment.")
    boolean markdown;

    @Option(names = "--debug", description = "Show stack traces of internal errors.")
    boolean debug;

    @Override
    public Integer call() {
        if (json && markdown) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--json and --markdown exclude each other: choose one");
        }
        PlanFile.Shown shown = PlanFile.show(file);
        if (json) {
            ApplyView.print(cli().out(), (ObjectNode) shown.plan());
        } else if (markdown) {
            MarkdownView.render(shown.plan(), shown.topology(), cli().out());
        } else {
            PlanView.render(shown.plan(), cli().out(), style());
        }
        return ExitCodes.OK;
    }
}
