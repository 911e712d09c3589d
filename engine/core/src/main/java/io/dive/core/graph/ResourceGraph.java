package io.dive.core.graph;

import io.dive.core.model.DesiredResource;
import io.dive.core.model.Server;
import io.dive.core.run.ServerBindings;
import io.dive.spi.Address;
import io.dive.spi.DiveException;
import io.dive.spi.ResourceKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.builder.GraphTypeBuilder;
import org.jgrapht.traverse.TopologicalOrderIterator;

/**
 * The dependency graph of a topology, held in a JGraphT directed graph: an edge D -> R means R needs
 * D first. Explicit {@code depends_on} and the kinds' implicit dependencies (a user needs its realm)
 * both become edges; a cycle is an error that prints the cycle.
 */
public final class ResourceGraph {

    private final Graph<Address, DefaultEdge> graph;
    private final Map<Address, DesiredResource> resources;
    private final ServerBindings bindings;

    private ResourceGraph(Graph<Address, DefaultEdge> graph, Map<Address, DesiredResource> resources, ServerBindings bindings) {
        this.graph = graph;
        this.resources = resources;
        this.bindings = bindings;
    }

    public static ResourceGraph build(Collection<DesiredResource> desired, Function<String, ResourceKind> kinds) {
        return build(desired, kinds, ServerBindings.none());
    }

    /**
     * The graph, with an edge from the resource that runs a server ({@code runs_on}) to every resource
     * bound to that server: a realm waits for its Keycloak's container.
     */
    public static ResourceGraph build(Collection<DesiredResource> desired, Function<String, ResourceKind> kinds, ServerBindings bindings) {
        if (bindings == null) {
            bindings = ServerBindings.none();
        }
        Graph<Address, DefaultEdge> g = GraphTypeBuilder.<Address, DefaultEdge>directed().allowingMultipleEdges(false)
                .allowingSelfLoops(true).edgeClass(DefaultEdge.class).buildGraph();
        Map<Address, DesiredResource> byAddress = new LinkedHashMap<>();
        for (DesiredResource r : desired) {
            g.addVertex(r.address());
            byAddress.put(r.address(), r);
        }
        for (DesiredResource r : desired) {
            for (Address d : r.dependsOn()) {
                g.addEdge(d, r.address());
            }
            for (Address d : kinds.apply(r.address().type()).dependencies(r.address(), r.attributes())) {
                if (byAddress.containsKey(d) && !d.equals(r.address())) {
                    g.addEdge(d, r.address());
                }
            }
            Server s = bindings.server(bindings.serverOf(r.address()));
            if (s != null && s.runsOn() != null && byAddress.containsKey(s.runsOn()) && !s.runsOn().equals(r.address())) {
                g.addEdge(s.runsOn(), r.address());
            }
        }
        ResourceGraph rg = new ResourceGraph(g, byAddress, bindings);
        rg.checkAcyclic();
        return rg;
    }

    public Map<Address, DesiredResource> resources() {
        return resources;
    }

    /** Which server each resource lives on, and the declared servers. */
    public ServerBindings bindings() {
        return bindings;
    }

    public Set<Address> dependenciesOf(Address a) {
        Set<Address> out = new LinkedHashSet<>();
        for (DefaultEdge e : graph.incomingEdgesOf(a)) {
            out.add(graph.getEdgeSource(e));
        }
        return out;
    }

    public Set<Address> dependentsOf(Address a) {
        Set<Address> out = new LinkedHashSet<>();
        for (DefaultEdge e : graph.outgoingEdgesOf(a)) {
            out.add(graph.getEdgeTarget(e));
        }
        return out;
    }

    public boolean contains(Address a) {
        return graph.containsVertex(a);
    }

    /** The addresses with everything they transitively depend on. */
    public Set<Address> withDependencies(Collection<Address> roots) {
        return closure(roots, this::dependenciesOf);
    }

    /** Everything that transitively depends on the roots (roots excluded). */
    public Set<Address> transitiveDependents(Address root) {
        Set<Address> out = closure(List.of(root), this::dependentsOf);
        out.remove(root);
        return out;
    }

    private Set<Address> closure(Collection<Address> roots, Function<Address, Set<Address>> next) {
        Set<Address> seen = new LinkedHashSet<>();
        Deque<Address> todo = new ArrayDeque<>();
        for (Address r : roots) {
            if (graph.containsVertex(r) && seen.add(r)) {
                todo.add(r);
            }
        }
        while (!todo.isEmpty()) {
            for (Address n : next.apply(todo.poll())) {
                if (seen.add(n)) {
                    todo.add(n);
                }
            }
        }
        return seen;
    }

    /** Dependencies first. */
    public List<Address> topologicalOrder() {
        List<Address> out = new ArrayList<>(graph.vertexSet().size());
        new TopologicalOrderIterator<>(graph).forEachRemaining(out::add);
        return out;
    }

    public Graph<Address, DefaultEdge> jgrapht() {
        return graph;
    }

    private void checkAcyclic() {
        // Kahn's algorithm: whatever cannot be ordered sits on or behind a cycle.
        Map<Address, Integer> indegree = new HashMap<>();
        Deque<Address> ready = new ArrayDeque<>();
        for (Address a : graph.vertexSet()) {
            int d = graph.inDegreeOf(a);
            indegree.put(a, d);
            if (d == 0) {
                ready.add(a);
            }
        }
        int ordered = 0;
        while (!ready.isEmpty()) {
            Address a = ready.poll();
            ordered++;
            for (DefaultEdge e : graph.outgoingEdgesOf(a)) {
                Address t = graph.getEdgeTarget(e);
                if (indegree.merge(t, -1, Integer::sum) == 0) {
                    ready.add(t);
                }
            }
        }
        if (ordered == graph.vertexSet().size()) {
            return;
        }
        Set<Address> stuck = new HashSet<>();
        indegree.forEach((a, d) -> {
            if (d > 0) {
                stuck.add(a);
            }
        });
        List<Address> cycle = findCycle(stuck);
        StringBuilder path = new StringBuilder();
        for (Address a : cycle) {
            path.append(a).append(" -> ");
        }
        path.append(cycle.get(0));
        DesiredResource first = resources.get(cycle.get(0));
        throw new DiveException(first.location() + ": " + first.address() + ": dependency cycle: " + path);
    }

    /** Walks backwards through stuck vertices (each has a stuck predecessor) until one repeats. */
    private List<Address> findCycle(Set<Address> stuck) {
        Address start = stuck.stream().sorted().findFirst().orElseThrow();
        List<Address> walk = new ArrayList<>();
        Map<Address, Integer> index = new HashMap<>();
        Address cur = start;
        while (!index.containsKey(cur)) {
            index.put(cur, walk.size());
            walk.add(cur);
            Address next = null;
            for (DefaultEdge e : graph.incomingEdgesOf(cur)) {
                Address s = graph.getEdgeSource(e);
                if (stuck.contains(s)) {
                    next = s;
                    break;
                }
            }
            cur = next;
        }
        List<Address> cycle = new ArrayList<>(walk.subList(index.get(cur), walk.size()));
        java.util.Collections.reverse(cycle); // dependency order: a -> b means b needs a
        Address min = cycle.stream().min(Address::compareTo).orElseThrow();
        java.util.Collections.rotate(cycle, -cycle.indexOf(min)); // start at the smallest: stable output
        return cycle;
    }
}
