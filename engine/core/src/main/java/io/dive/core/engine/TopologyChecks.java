package io.dive.core.engine;

import io.dive.core.graph.ResourceGraph;
import io.dive.core.model.DesiredResource;
import io.dive.core.model.JsonPaths;
import io.dive.core.model.Topology;
import io.dive.core.run.ProviderRegistry;
import io.dive.core.run.ServerBindings;
import io.dive.spi.DiveException;
import io.dive.spi.InvalidAttributeException;
import io.dive.spi.ProviderException;
import io.dive.spi.ResourceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What {@code dive validate} and every plan check before anything is contacted: each resource's
 * attributes as its kind checks them (unknown fields, wrong types, missing ones), then the graph.
 * Every problem is one line at the field's file:line:col; all of them are reported at once.
 */
public final class TopologyChecks {

    private TopologyChecks() {
    }

    public static ResourceGraph check(Topology topology, Function<String, ResourceKind> kinds) {
        return check(topology, kinds, null);
    }

    /** The checks with the installed providers: also which server each resource is bound to, and what providers check of that. */
    public static ResourceGraph check(Topology topology, ProviderRegistry registry) {
        return check(topology, registry::kind, registry);
    }

    private static ResourceGraph check(Topology topology, Function<String, ResourceKind> kinds, ProviderRegistry registry) {
        List<String> problems = new ArrayList<>();
        for (DesiredResource r : topology.resources()) {
            try {
                kinds.apply(r.address().type()).validate(r.address(), r.attributes());
            } catch (InvalidAttributeException e) {
                String field = e.pointer().isEmpty() ? "" : "." + JsonPaths.display(e.pointer());
                problems.add(r.locate(e.pointer()) + ": " + r.address() + field + ": " + e.getMessage());
            } catch (ProviderException e) {
                problems.add(r.location() + ": " + r.address() + ": " + e.getMessage());
            }
        }
        if (problems.isEmpty()) {
            problems.addAll(sameObjectTwice(topology, kinds));
        }
        ServerBindings bindings = problems.isEmpty() ? ServerBindings.resolve(topology, kinds, registry, problems) : null;
        if (!problems.isEmpty()) {
            throw new DiveException(problems);
        }
        return ResourceGraph.build(topology.resources(), kinds, bindings);
    }

    /** Two addresses for one server object would rewrite each other on every apply: named, both of them. */
    private static List<String> sameObjectTwice(Topology topology, Function<String, ResourceKind> kinds) {
        List<String> problems = new ArrayList<>();
        java.util.Map<String, DesiredResource> claimed = new java.util.HashMap<>();
        for (DesiredResource r : topology.resources()) {
            for (String identity : kinds.apply(r.address().type()).identities(r.address(), r.attributes())) {
                DesiredResource first = claimed.putIfAbsent(identity, r);
                if (first != null && !first.address().equals(r.address())) {
                    problems.add(r.location() + ": " + r.address() + ": the same server object as " + first.address() + " (declared at "
                            + first.location() + "): " + identity);
                }
            }
        }
        return problems;
    }
}
