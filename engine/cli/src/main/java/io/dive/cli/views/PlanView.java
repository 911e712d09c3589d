package io.dive.cli.views;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.core.plan.Plan;
import io.dive.core.plan.PlanJson;
import io.dive.spi.Action;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The human plan, Terraform-style: symbol, address, attribute before -> after, summary line. It is
 * drawn from the contract's JSON form of the plan, so a saved plan ({@code dive show}) looks exactly
 * like the plan that saved it.
 */
public final class PlanView {

    private PlanView() {
    }

    public static void render(Plan plan, PrintStream out, Style style) {
        render(PlanJson.render(plan), out, style);
    }

    /**
     * @param plan  the contract's JSON form: summary and changes
     * @param style this run's colour
     */
    public static void render(JsonNode plan, PrintStream out, Style style) {
        if (plan.path("changes").isEmpty()) {
            out.println("No changes. The infrastructure matches the topology (" + total(plan) + " resources checked).");
            kept(plan, out);
            return;
        }
        out.println("dive will perform the following actions:");
        out.println();
        for (JsonNode c : plan.path("changes")) {
            Action action = action(c);
            String address = c.path("address").asText();
            out.println("  # " + address + " will be " + verb(action) + (c.hasNonNull("reason") ? " (" + c.path("reason").asText() + ")" : ""));
            out.println(style.of(action, pad(action.symbol())) + address);
            for (JsonNode a : c.path("attributes")) {
                String path = a.path("path").asText();
                if (action == Action.CREATE) {
                    out.println("      + " + path + " = " + a.path("after"));
                } else {
                    out.println("      ~ " + path + ": " + a.path("before") + " -> " + a.path("after"));
                }
            }
            out.println();
        }
        out.println(style.bold(summaryLine(plan)));
        kept(plan, out);
    }

    /** What prevent_destroy keeps, one line each. */
    private static void kept(JsonNode plan, PrintStream out) {
        for (JsonNode k : plan.path("kept")) {
            out.println(k.path("address").asText() + ": " + k.path("reason").asText());
        }
    }

    static Action action(JsonNode change) {
        return Action.valueOf(change.path("action").asText().toUpperCase(Locale.ROOT));
    }

    private static int total(JsonNode plan) {
        int n = 0;
        for (JsonNode v : plan.path("summary")) {
            n += v.asInt();
        }
        return n;
    }

    public static String summaryLine(Plan plan) {
        return summaryLine(PlanJson.render(plan));
    }

    public static String summaryLine(JsonNode plan) {
        JsonNode s = plan.path("summary");
        return "Plan: " + s.path("create").asInt() + " to create, " + s.path("update").asInt() + " to update, "
                + s.path("replace").asInt() + " to replace, " + s.path("delete").asInt() + " to delete, "
                + (s.path("adopt").asInt() > 0 ? s.path("adopt").asInt() + " to adopt, " : "")
                + (s.path("forget").asInt() > 0 ? s.path("forget").asInt() + " to forget, " : "")
                + s.path("noop").asInt() + " unchanged.";
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
