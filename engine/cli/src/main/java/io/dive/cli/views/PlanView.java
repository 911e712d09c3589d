package io.dive.cli.views;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.core.plan.Plan;
import io.dive.core.plan.PlanJson;
import io.dive.core.plan.ResourceChange;
import io.dive.spi.Action;
import java.io.PrintStream;
import java.util.Map;

/** The human plan, Terraform-style: symbol, address, attribute before -> after, summary line. */
public final class PlanView {

    private PlanView() {
    }

    public static void render(Plan plan, PrintStream out) {
        if (!plan.hasChanges()) {
            out.println("No changes. The infrastructure matches the topology (" + plan.changes().size() + " resources checked).");
            return;
        }
        out.println("dive will perform the following actions:");
        out.println();
        for (ResourceChange c : plan.changes()) {
            if (!c.isChange()) {
                continue;
            }
            out.println("  # " + c.address() + " will be " + verb(c.action()) + (c.reason() == null ? "" : " (" + c.reason() + ")"));
            out.println(pad(c.action().symbol()) + c.address());
            for (JsonNode a : PlanJson.change(c).path("attributes")) {
                String path = a.path("path").asText();
                if (c.action() == Action.CREATE) {
                    out.println("      + " + path + " = " + a.path("after"));
                } else {
                    out.println("      ~ " + path + ": " + a.path("before") + " -> " + a.path("after"));
                }
            }
            out.println();
        }
        out.println(summaryLine(plan));
    }

    public static String summaryLine(Plan plan) {
        Map<Action, Integer> s = plan.summary();
        return "Plan: " + s.get(Action.CREATE) + " to create, " + s.get(Action.UPDATE) + " to update, "
                + s.get(Action.REPLACE) + " to replace, " + s.get(Action.DELETE) + " to delete, "
                + (s.get(Action.ADOPT) > 0 ? s.get(Action.ADOPT) + " to adopt, " : "")
                + (s.get(Action.FORGET) > 0 ? s.get(Action.FORGET) + " to forget, " : "")
                + s.get(Action.NOOP) + " unchanged.";
    }

    static String verb(Action a) {
        return switch (a) {
            case CREATE -> "created";
            case UPDATE -> "updated in place";
            case REPLACE -> "replaced";
            case DELETE -> "deleted";
            case NOOP -> "left as it is";
            case ADOPT -> "adopted";
            case FORGET -> "forgotten";
        };
    }

    private static String pad(String symbol) {
        return "  " + symbol + " ";
    }
}
