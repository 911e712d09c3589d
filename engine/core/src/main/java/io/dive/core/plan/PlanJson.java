package io.dive.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.dive.core.model.JsonPaths;
import io.dive.spi.Action;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The contract's JSON form of a plan: {@code summary} and {@code changes} (every non-noop resource,
 * with its attribute paths, before and after). Secrets show as {@code (sensitive)}.
 */
public final class PlanJson {

    public static final TextNode SENSITIVE = TextNode.valueOf("(sensitive)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlanJson() {
    }

    /** The version of dive's JSON documents: a script checks it before it reads them. */
    public static final int FORMAT_VERSION = 1;

    /**
     * The start of every JSON document dive prints (plan, apply, drift, verify, status, show, graph): its
     * {@code format_version} and the topology's name, so a script that collects them knows what it reads.
     */
    public static ObjectNode document(String topology) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        root.put("topology", topology);
        return root;
    }

    public static ObjectNode render(Plan plan) {
        ObjectNode root = document(plan.topology());
        ObjectNode summary = root.putObject("summary");
        Map<Action, Integer> counts = plan.summary();
        // The contract's five keys first; adopt and forget were added later (summary gains keys, never loses them).
        for (Action a : new Action[] {Action.CREATE, Action.UPDATE, Action.REPLACE, Action.DELETE, Action.NOOP, Action.ADOPT, Action.FORGET}) {
            summary.put(a.json(), counts.get(a));
        }
        ArrayNode changes = root.putArray("changes");
        for (ResourceChange c : plan.changes()) {
            if (c.isChange()) {
                changes.add(change(c));
            }
        }
        // What prevent_destroy keeps, though the manifest or the command would have it go.
        List<ResourceChange> kept = plan.changes().stream().filter(PlanJson::kept).toList();
        if (!kept.isEmpty()) {
            ArrayNode k = root.putArray("kept");
            kept.forEach(c -> k.addObject().put("address", c.address().toString()).put("reason", c.reason()));
        }
        return root;
    }

    /** Whether prevent_destroy keeps it (a protected resource that left the manifest, or one a destroy leaves). */
    public static boolean kept(ResourceChange c) {
        return c.action() == Action.NOOP && c.reason() != null && c.reason().startsWith(KEPT);
    }

    /** How the reason of what prevent_destroy keeps begins. */
    public static final String KEPT = "prevent_destroy: kept";

    public static ObjectNode change(ResourceChange c) {
        ObjectNode o = JSON.createObjectNode();
        o.put("address", c.address().toString());
        o.put("type", c.address().type());
        o.put("action", c.action().json());
        if (c.reason() != null) {
            o.put("reason", c.reason());
        }
        if (c.knownAfter() != null) {
            o.put("known_after", c.knownAfter().toString());
        }
        ArrayNode attrs = o.putArray("attributes");
        if (c.action() == Action.CREATE && c.desired() != null) {
            flatten(c.desired(), "", c.sensitive(), attrs);
        } else {
            for (AttributeChange a : c.attributes()) {
                ObjectNode x = attrs.addObject();
                x.put("path", a.path());
                x.set("before", a.sensitive() ? SENSITIVE : orNull(a.before()));
                x.set("after", a.sensitive() ? SENSITIVE : orNull(a.after()));
            }
        }
        return o;
    }

    /** For a create, every desired leaf is an attribute that goes from nothing to its value. */
    private static void flatten(JsonNode node, String pointer, java.util.Set<String> sensitive, ArrayNode out) {
        if (node.isObject() && node.size() > 0 && !Differ.isSecretOrInside(pointer, sensitive)) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(e.getValue(), JsonPaths.child(pointer, e.getKey()), sensitive, out);
            }
            return;
        }
        ObjectNode x = out.addObject();
        x.put("path", JsonPaths.display(pointer));
        x.set("before", JSON.nullNode());
        // Masked by where it is (the plan's sensitive paths), and, as a last line, by what it is.
        boolean secret = Differ.isSensitive(pointer, sensitive)
                || node.isTextual() && node.asText().startsWith(io.dive.core.secrets.Fingerprints.PREFIX);
        x.set("after", secret ? SENSITIVE : node);
    }

    private static JsonNode orNull(JsonNode n) {
        return n == null ? JSON.nullNode() : n;
    }
}
