package io.dive.cli.views;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.core.graph.ResourceGraph;
import io.dive.spi.Address;
import java.util.List;

/**
 * Renders the graph as Graphviz dot, Mermaid or JSON, in a stable order so output can be diffed. A
 * resource bound to a declared server shows it (dot and Mermaid: under the address; JSON: "server").
 */
public final class GraphExporter {

    private GraphExporter() {
    }

    public static String render(ResourceGraph g, String format) {
        return render(g, format, null);
    }

    /** @param topology the manifest's name, for the JSON document's header (null: unnamed) */
    public static String render(ResourceGraph g, String format, String topology) {
        List<Address> nodes = g.jgrapht().vertexSet().stream().sorted().toList();
        switch (format) {
            case "dot" -> {
                StringBuilder sb = new StringBuilder("digraph dive {\n  rankdir=LR;\n  node [shape=box];\n");
                for (Address a : nodes) {
                    String server = g.bindings().serverOf(a);
                    sb.append("  \"").append(a).append('"');
                    if (server != null) {
                        sb.append(" [label=\"").append(a).append("\\n@ ").append(server).append("\"]");
                    }
                    sb.append(";\n");
                }
                for (Address a : nodes) {
                    for (Address d : g.dependentsOf(a).stream().sorted().toList()) {
                        sb.append("  \"").append(a).append("\" -> \"").append(d).append("\";\n");
                    }
                }
                return sb.append("}\n").toString();
            }
            case "mermaid" -> {
                StringBuilder sb = new StringBuilder("flowchart LR\n");
                for (int i = 0; i < nodes.size(); i++) {
                    String server = g.bindings().serverOf(nodes.get(i));
                    sb.append("  n").append(i).append("[\"").append(nodes.get(i)).append(server == null ? "" : "<br/>@ " + server).append("\"]\n");
                }
                for (int i = 0; i < nodes.size(); i++) {
                    for (Address d : g.dependentsOf(nodes.get(i)).stream().sorted().toList()) {
                        sb.append("  n").append(i).append(" --> n").append(nodes.indexOf(d)).append('\n');
                    }
                }
                return sb.toString();
            }
            case "json" -> {
                ObjectMapper json = new ObjectMapper();
                ObjectNode root = io.dive.core.plan.PlanJson.document(topology);
                ArrayNode ns = root.putArray("nodes");
                ArrayNode es = root.putArray("edges");
                for (Address a : nodes) {
                    ObjectNode n = ns.addObject().put("address", a.toString()).put("type", a.type());
                    if (g.bindings().serverOf(a) != null) {
                        n.put("server", g.bindings().serverOf(a));
                    }
                    for (Address d : g.dependentsOf(a).stream().sorted().toList()) {
                        es.addObject().put("from", a.toString()).put("to", d.toString());
                    }
                }
                try {
                    return json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            default -> throw new IllegalArgumentException("unknown graph format " + format + " (dot, mermaid, json)");
        }
    }
}
