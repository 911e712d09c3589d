package io.dive.cli.views;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.core.plan.Plan;
import io.dive.core.plan.PlanJson;
import io.dive.core.plan.ResourceChange;
import io.dive.spi.Action;
import java.io.PrintStream;

/** The plan as a pull-request comment: the summary first, then one collapsible section per resource. */
public final class MarkdownView {

    private MarkdownView() {
    }

    public static void render(Plan plan, PrintStream out) {
        out.println("### dive plan: `" + plan.topology() + "`");
        out.println();
        out.println("**" + PlanView.summaryLine(plan) + "**");
        out.println();
        for (ResourceChange c : plan.changes()) {
            if (!c.isChange()) {
                continue;
            }
            out.println("<details><summary><code>" + c.action().symbol() + " " + c.address() + "</code> will be "
                    + PlanView.verb(c.action()) + (c.reason() == null ? "" : " (" + c.reason() + ")") + "</summary>");
            out.println();
            out.println("```diff");
            for (JsonNode a : PlanJson.change(c).path("attributes")) {
                String path = a.path("path").asText();
                if (c.action() != Action.CREATE) {
                    out.println("- " + path + ": " + a.path("before"));
                }
                out.println("+ " + path + ": " + a.path("after"));
            }
            out.println("```");
            out.println();
            out.println("</details>");
            out.println();
        }
    }
}
