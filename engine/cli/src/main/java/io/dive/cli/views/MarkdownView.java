package io.dive.cli.views;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.core.plan.Plan;
import io.dive.core.plan.PlanJson;
import io.dive.spi.Action;
import java.io.PrintStream;

/**
 * The plan as a pull-request comment: the summary first, then one collapsible section per resource.
 * What comes from the manifest or a server (addresses, reasons, attribute paths and values) is
 * escaped: it can neither add HTML or Markdown of its own, nor close the diff's code fence, nor
 * start a line of its own (a forged "Plan: 0 to create").
 */
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
            out.println("<details><summary><code>" + html(action.symbol() + " " + c.path("address").asText()) + "</code> will be "
                    + PlanView.verb(action) + (c.hasNonNull("reason") ? " (" + html(c.path("reason").asText()) + ")" : "") + "</summary>");
            out.println();
            java.util.List<String> lines = new java.util.ArrayList<>();
            for (JsonNode a : c.path("attributes")) {
                String path = oneLine(a.path("path").asText());
                if (action != Action.CREATE) {
                    lines.add("- " + path + ": " + oneLine(a.path("before").toString()));
                }
                lines.add("+ " + path + ": " + oneLine(a.path("after").toString()));
            }
            String fence = fence(lines);
            out.println(fence + "diff");
            lines.forEach(out::println);
            out.println(fence);
            out.println();
            out.println("</details>");
            out.println();
        }
    }

    /** Text as HTML character data, on one line (inside a summary, Markdown is not interpreted; HTML is). */
    static String html(String text) {
        return oneLine(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("`", "&#96;");
    }

    /** Control and formatting characters written as a backslash, u and four hex digits: nothing starts a line of its own. */
    static String oneLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            int kind = Character.getType(ch);
            if (kind == Character.CONTROL || kind == Character.FORMAT || kind == Character.LINE_SEPARATOR || kind == Character.PARAGRAPH_SEPARATOR) {
                out.append(String.format("\\u%04x", (int) ch));
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    /** A code fence longer than any run of backticks in the lines, so none of them can close it (CommonMark). */
    static String fence(java.util.List<String> lines) {
        int longest = 0;
        for (String l : lines) {
            int run = 0;
            for (int i = 0; i < l.length(); i++) {
                run = l.charAt(i) == '`' ? run + 1 : 0;
                longest = Math.max(longest, run);
            }
        }
        return "`".repeat(Math.max(3, longest + 1));
    }
}
