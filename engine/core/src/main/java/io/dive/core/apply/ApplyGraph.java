package io.dive.core.apply;

import io.dive.core.graph.ResourceGraph;
import io.dive.core.plan.Plan;
import io.dive.core.plan.ResourceChange;
import io.dive.spi.Action;
import io.dive.spi.Address;
import io.dive.spi.state.StateEntry;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DirectedAcyclicGraph;

/**
 * What an apply walks: one node per step, edges from a step to the steps that must wait for it. A
 * replace is two steps, so that
 * <ul>
 *   <li>its delete comes after its dependents are deleted (or replaced: their delete steps), since a
 *       Docker network or volume cannot be removed while a container uses it;</li>
 *   <li>its create comes after its own delete and after its dependencies exist;</li>
 *   <li>a dependent's create comes after it.</li>
 * </ul>
 * "x depends on y" is the manifest's graph, and for what is only in state, the dependencies state
 * recorded when it was applied.
 */
public final class ApplyGraph {

    /** DELETE removes the object; CHANGE does everything else (create, update, a replace's create, adopt, forget, refresh). */
    public enum Step { DELETE, CHANGE }

    /** One step of one resource. */
    public record Node(Address address, Step step) {
        @Override
        public String toString() {
            return step.name().toLowerCase(java.util.Locale.ROOT) + " " + address;
        }
    }

    private final DirectedAcyclicGraph<Node, DefaultEdge> graph = new DirectedAcyclicGraph<>(DefaultEdge.class);

    private ApplyGraph() {
    }

    public static ApplyGraph build(Plan plan, ResourceGraph desired, Map<String, StateEntry> recorded) {
        ApplyGraph g = new ApplyGraph();
        Map<Address, Action> actions = new java.util.HashMap<>();
        for (ResourceChange c : plan.changes()) {
            actions.put(c.address(), c.action());
            if (c.action() == Action.DELETE || c.action() == Action.REPLACE) {
                g.graph.addVertex(new Node(c.address(), Step.DELETE));
            }
            if (c.action() != Action.DELETE) {
                g.graph.addVertex(new Node(c.address(), Step.CHANGE));
            }
            if (c.action() == Action.REPLACE) {
                g.graph.addEdge(new Node(c.address(), Step.DELETE), new Node(c.address(), Step.CHANGE));
            }
        }
        // The manifest's edges first: they are the truth for what stays.
        for (Address x : actions.keySet()) {
            if (desired.contains(x)) {
                for (Address y : desired.dependenciesOf(x)) {
                    g.order(x, y, actions, false);
                }
            }
        }
        // State's edges order what leaves. Where an old recorded edge would contradict the manifest's
        // order (a dependency reversed since), the manifest wins.
        for (Address x : actions.keySet()) {
            StateEntry e = recorded.get(x.toString());
            if (e != null) {
                for (String dep : e.dependsOn()) {
                    g.order(x, Address.parse(dep), actions, true);
                }
            }
        }
        g.deletesThroughTheKept(actions, desired, recorded);
        return g;
    }

    /**
     * A delete also comes before the deletes of what it reaches through resources that are not deleted
     * (forgotten, kept, adopted): a link deleted while its spoke's realm is only forgotten still goes
     * before the container that runs that realm's Keycloak.
     */
    private void deletesThroughTheKept(Map<Address, Action> actions, ResourceGraph desired, Map<String, StateEntry> recorded) {
        for (Address x : actions.keySet()) {
            Node from = new Node(x, Step.DELETE);
            if (!graph.containsVertex(from)) {
                continue;
            }
            java.util.Deque<Address> todo = new java.util.ArrayDeque<>(dependencies(x, desired, recorded));
            java.util.Set<Address> seen = new java.util.HashSet<>();
            while (!todo.isEmpty()) {
                Address y = todo.poll();
                if (!seen.add(y) || y.equals(x)) {
                    continue;
                }
                if (graph.containsVertex(new Node(y, Step.DELETE))) {
                    edge(from, new Node(y, Step.DELETE), true);
                } else {
                    todo.addAll(dependencies(y, desired, recorded));
                }
            }
        }
    }

    private static Set<Address> dependencies(Address a, ResourceGraph desired, Map<String, StateEntry> recorded) {
        Set<Address> out = new LinkedHashSet<>();
        if (desired.contains(a)) {
            out.addAll(desired.dependenciesOf(a));
        }
        StateEntry e = recorded.get(a.toString());
        if (e != null) {
            e.dependsOn().forEach(d -> out.add(Address.parse(d)));
        }
        return out;
    }

    /** x depends on y: y's change before x's; x's delete before y's. */
    private void order(Address x, Address y, Map<Address, Action> actions, boolean mayContradict) {
        if (!actions.containsKey(y) || x.equals(y)) {
            return;
        }
        edge(new Node(y, Step.CHANGE), new Node(x, Step.CHANGE), mayContradict);
        edge(new Node(x, Step.DELETE), new Node(y, Step.DELETE), mayContradict);
    }

    private void edge(Node from, Node to, boolean mayContradict) {
        if (!graph.containsVertex(from) || !graph.containsVertex(to)) {
            return;
        }
        try {
            graph.addEdge(from, to);
        } catch (IllegalArgumentException cycle) {
            if (!mayContradict) {
                throw new IllegalStateException("the apply graph has a cycle through " + from + " and " + to, cycle);
            }
        }
    }

    public Set<Node> nodes() {
        return graph.vertexSet();
    }

    /** Steps that must finish before this one. */
    public Set<Node> prerequisites(Node n) {
        Set<Node> out = new LinkedHashSet<>();
        graph.incomingEdgesOf(n).forEach(e -> out.add(graph.getEdgeSource(e)));
        return out;
    }

    /** Steps that wait for this one. */
    public Set<Node> followers(Node n) {
        Set<Node> out = new LinkedHashSet<>();
        graph.outgoingEdgesOf(n).forEach(e -> out.add(graph.getEdgeTarget(e)));
        return out;
    }

    /** A valid order of all steps, for tests and for starting the walk in a stable order. */
    public List<Node> order() {
        List<Node> out = new java.util.ArrayList<>();
        graph.iterator().forEachRemaining(out::add);
        return out;
    }
}
