package io.dive.core.plan;

import io.dive.core.graph.ResourceGraph;
import io.dive.spi.Address;
import java.util.Map;
import java.util.Set;

/** A plan together with what applying it needs: the graph and each resource's sensitive paths. */
public record Planned(Plan plan, ResourceGraph graph, Map<Address, Set<String>> sensitivePaths) {
}
