package io.dive.cli.views;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.core.apply.ApplyResult;
import io.dive.core.apply.ResourceOutcome;
import io.dive.core.plan.PlanJson;
import io.dive.spi.Action;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The end of an apply: a per-resource summary for people, or one JSON document. */
public final class ApplyView {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApplyView() {
    }

    public static void human(ApplyResult r, PrintStream out, PrintStream err) {
        human(r, out, err, "apply");
    }

    /** @param verb "apply" or "destroy": what the summary says was done, and what to run again */
    public static void human(ApplyResult r, PrintStream out, PrintStream err, String verb) {
        List<ResourceOutcome> changed = r.outcomes().stream().filter(o -> o.status() != ResourceOutcome.Status.UNCHANGED)
                .sorted(Comparator.comparing(ResourceOutcome::address)).toList();
        if (!changed.isEmpty()) {
            out.println();
            out.println("Summary:");
            for (ResourceOutcome o : changed) {
                out.println("  " + String.format(Locale.ROOT, "%-4s", o.action().symbol()) + o.address() + "  "
                        + o.status().name().toLowerCase(Locale.ROOT) + "  " + ProgressView.seconds(o.elapsedMillis()));
            }
        }
        r.outcomes().stream().filter(o -> o.status() == ResourceOutcome.Status.FAILED).forEach(o -> err.println(o.message()));
        out.println();
        if (r.succeeded() && verb.equals("destroy")) {
            out.println("Destroy complete! Resources: " + count(r, Action.DELETE) + " destroyed"
                    + (count(r, Action.FORGET) > 0 ? ", " + count(r, Action.FORGET) + " forgotten" : "") + ".");
        } else if (r.succeeded()) {
            out.println("Apply complete! Resources: " + count(r, Action.CREATE) + " created, " + count(r, Action.UPDATE)
                    + " updated, " + count(r, Action.REPLACE) + " replaced, " + count(r, Action.DELETE) + " deleted"
                    + (count(r, Action.ADOPT) > 0 ? ", " + count(r, Action.ADOPT) + " adopted" : "")
                    + (count(r, Action.FORGET) > 0 ? ", " + count(r, Action.FORGET) + " forgotten" : "") + ".");
        } else {
            out.println((verb.equals("destroy") ? "Destroy" : "Apply") + " failed: " + r.count(ResourceOutcome.Status.FAILED) + " failed, "
                    + r.count(ResourceOutcome.Status.SKIPPED) + " skipped, " + r.count(ResourceOutcome.Status.APPLIED)
                    + " applied. " + (r.outcomes().stream().anyMatch(o -> o.status() == ResourceOutcome.Status.FAILED && !o.permanent())
                    ? "Run dive " + verb + " again to finish what is left."
                    : "The server refused what was sent: change the topology (or the server) as the errors above say, then apply again."));
        }
    }

    private static long count(ApplyResult r, Action a) {
        return r.outcomes().stream().filter(o -> o.action() == a && o.status() == ResourceOutcome.Status.APPLIED).count();
    }

    public static ObjectNode json(ApplyResult r) {
        ObjectNode root = PlanJson.render(r.plan());
        root.put("success", r.succeeded());
        ArrayNode outcomes = root.putArray("outcomes");
        for (ResourceOutcome o : r.outcomes()) {
            if (o.status() == ResourceOutcome.Status.UNCHANGED) {
                continue;
            }
            ObjectNode x = outcomes.addObject();
            x.put("address", o.address().toString());
            x.put("action", o.action().json());
            x.put("status", o.status().name().toLowerCase(Locale.ROOT));
            x.put("elapsed_ms", o.elapsedMillis());
            if (o.message() != null) {
                x.put("error", o.message());
            }
        }
        return root;
    }

    /** One line on stderr per failed resource (with --json, stdout holds only the document). */
    public static void failures(ApplyResult r, PrintStream err) {
        r.outcomes().stream().filter(o -> o.status() == ResourceOutcome.Status.FAILED && o.message() != null)
                .forEach(o -> err.println(o.message()));
    }

    public static void print(PrintStream out, ObjectNode node) {
        try {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
