package io.dive.cli.views;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.core.plan.Plan;
import io.dive.core.plan.PlanJson;
import io.dive.spi.Action;
import java.io.PrintStream;

/** The plan as a pull-request comment: the summary first, then one collapsible section per resource. */
public final class MarkdownView {

    private MarkdownView() {
    }

    public static void render(Plan plan, PrintStream out) {
        render(PlanJson.render(plan), plan.topology(), out);
    }

    /** @param plan the contract's JSON form: summary and changes */
    public static void render(JsonNode plan, String topology, PrintStream out) {
        out.println("### dive plan: `" + topology + "`");
        out.println();
        out.println("**" + PlanView.summaryLine(plan) + "**");
        out.println();
        for (JsonNode c : plan.path("changes")) {
            Action action = PlanView.action(c);
            out.println("<details><summary><code>" + action.symbol() + " " + c.path("address").asText() + "</code> will be "
                    + PlanView.verb(action) + (c.hasNonNull("reason") ? " (" + c.path("reason").asText() + ")" : "") + "</summary>");
            out.println();
            out.println("```diff");
            for (JsonNode a : c.path("attributes")) {
                String path = a.path("path").asText();
                if (action != Action.CREATE) {
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
