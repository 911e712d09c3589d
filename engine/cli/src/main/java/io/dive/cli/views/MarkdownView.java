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

    /** A pull-request comment holds 65,536 characters on GitHub: the plan stays below, with room for the note. */
    static final int LIMIT = 60_000;

    /** @param plan the contract's JSON form: summary and changes */
    public static void render(JsonNode plan, String topology, PrintStream out) {
        StringBuilder text = new StringBuilder();
        text.append("### dive plan: `").append(topology).append("`\n\n");
        text.append("**").append(html(PlanView.summaryLine(plan))).append("**\n\n");
        int shown = 0;
        int total = plan.path("changes").size();
        for (JsonNode c : plan.path("changes")) {
            String block = block(c);
            if (text.length() + block.length() > LIMIT) {
                text.append("**The plan is cut here**: ").append(total - shown).append(" more of its ").append(total)
                        .append(" changes are not shown (a pull-request comment holds 65,536 characters). The whole plan: the job's log,")
                        .append(" or `dive show PLANFILE` on the saved plan.\n");
                break;
            }
            text.append(block);
            shown++;
        }
        out.print(text);
    }

    /** One change, folded: its address and action, and a diff of its attributes. */
    private static String block(JsonNode c) {
        StringBuilder out = new StringBuilder();
        Action action = PlanView.action(c);
        out.append("<details><summary><code>").append(html(action.symbol() + " " + c.path("address").asText())).append("</code> will be ")
                .append(PlanView.verb(action)).append(c.hasNonNull("reason") ? " (" + html(c.path("reason").asText()) + ")" : "").append("</summary>\n\n");
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (JsonNode a : c.path("attributes")) {
            String path = oneLine(a.path("path").asText());
            if (action != Action.CREATE) {
                lines.add("- " + path + ": " + oneLine(a.path("before").toString()));
            }
            lines.add("+ " + path + ": " + oneLine(a.path("after").toString()));
        }
        String fence = fence(lines);
        out.append(fence).append("diff\n");
        lines.forEach(l -> out.append(l).append('\n'));
        out.append(fence).append("\n\n</details>\n\n");
        return out.toString();
    }

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
