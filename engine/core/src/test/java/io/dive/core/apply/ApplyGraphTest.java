package io.dive.core.apply;

import static io.dive.core.TestKinds.json;
import static io.dive.core.TestKinds.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.core.TestKinds;
import io.dive.core.apply.ApplyGraph.Node;
import io.dive.core.apply.ApplyGraph.Step;
import io.dive.core.graph.ResourceGraph;
import io.dive.core.plan.Plan;
import io.dive.core.plan.ResourceChange;
import io.dive.spi.Action;
import io.dive.spi.Address;
import io.dive.spi.state.StateEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A replace is two steps; deletes go dependents first, creates dependencies first. */
class ApplyGraphTest {

    static ResourceChange change(String address, Action action) {
        return new ResourceChange(Address.parse(address), action, List.of(), null, json("{}"), json("{}"), false, Set.of());
    }

    static Node node(String address, Step step) {
        return new Node(Address.parse(address), step);
    }

    static Plan plan(ResourceChange... changes) {
        return new Plan("t", "h", "l", 1, Map.of(), List.of(), List.of(), List.of(), List.of(changes));
    }

    @Test
    void aReplacedDependencyIsDeletedAfterItsReplacedDependentsAndMadeBeforeThem() {
        ResourceGraph g = ResourceGraph.build(List.of(resource("group.net", 1), resource("item.net/a", 2), resource("item.net/b", 3)),
                TestKinds::kind);
        ApplyGraph steps = ApplyGraph.build(plan(change("group.net", Action.REPLACE), change("item.net/a", Action.REPLACE),
                change("item.net/b", Action.UPDATE)), g, Map.of());
        assertEquals(Set.of(node("group.net", Step.DELETE), node("group.net", Step.CHANGE), node("item.net/a", Step.DELETE),
                node("item.net/a", Step.CHANGE), node("item.net/b", Step.CHANGE)), steps.nodes());
        List<Node> order = steps.order();
        assertTrue(order.indexOf(node("item.net/a", Step.DELETE)) < order.indexOf(node("group.net", Step.DELETE)), order::toString);
        assertTrue(order.indexOf(node("group.net", Step.DELETE)) < order.indexOf(node("group.net", Step.CHANGE)), order::toString);
        assertTrue(order.indexOf(node("group.net", Step.CHANGE)) < order.indexOf(node("item.net/a", Step.CHANGE)), order::toString);
        assertTrue(order.indexOf(node("group.net", Step.CHANGE)) < order.indexOf(node("item.net/b", Step.CHANGE)), order::toString);
        assertEquals(Set.of(node("item.net/a", Step.DELETE)), steps.prerequisites(node("group.net", Step.DELETE)));
    }

    @Test
    void whatLeavesIsOrderedByTheDependenciesStateRecorded() {
        ResourceGraph nothing = ResourceGraph.build(List.of(), TestKinds::kind);
        Map<String, StateEntry> recorded = Map.of(
                "group.g", new StateEntry("group", "g", "memory", StateEntry.Status.CREATED, (ObjectNode) json("{}"), List.of()),
                "item.g/a", new StateEntry("item", "g/a", "memory", StateEntry.Status.CREATED, (ObjectNode) json("{}"), List.of("group.g")));
        ApplyGraph steps = ApplyGraph.build(plan(change("group.g", Action.DELETE), change("item.g/a", Action.DELETE)), nothing, recorded);
        assertEquals(List.of(node("item.g/a", Step.DELETE), node("group.g", Step.DELETE)), new ArrayList<>(steps.order()));
    }

    @Test
    void aDeleteGoesBeforeWhatItReachesThroughAResourceThatIsOnlyForgotten() {
        // link.x needs realm r (adopted: forgotten, not deleted), which needs host h (deleted): the link's
        // delete must still talk to the server h runs, so it comes before h's delete.
        ResourceGraph nothing = ResourceGraph.build(List.of(), TestKinds::kind);
        Map<String, StateEntry> recorded = Map.of(
                "host.h", new StateEntry("host", "h", "memory", StateEntry.Status.CREATED, (ObjectNode) json("{}"), List.of()),
                "group.r", new StateEntry("group", "r", "memory", StateEntry.Status.ADOPTED, (ObjectNode) json("{}"), List.of("host.h")),
                "link.x", new StateEntry("link", "x", "memory", StateEntry.Status.CREATED, (ObjectNode) json("{}"), List.of("group.r")));
        ApplyGraph steps = ApplyGraph.build(plan(change("host.h", Action.DELETE), change("group.r", Action.FORGET), change("link.x", Action.DELETE)),
                nothing, recorded);
        List<String> order = steps.order().stream().map(Object::toString).toList();
        assertTrue(order.indexOf("delete link.x") < order.indexOf("delete host.h"), order::toString);
        assertTrue(steps.prerequisites(node("host.h", Step.DELETE)).contains(node("link.x", Step.DELETE)), order::toString);
    }

    @Test
    void anOldRecordedEdgeThatContradictsTheManifestGivesWay() {
        // Once b needed a; now the manifest says a needs b. The manifest's order wins.
        ResourceGraph g = ResourceGraph.build(List.of(resource("group.a", 1, "group.b"), resource("group.b", 2)), TestKinds::kind);
        Map<String, StateEntry> recorded = Map.of(
                "group.b", new StateEntry("group", "b", "memory", StateEntry.Status.CREATED, (ObjectNode) json("{}"), List.of("group.a")));
        ApplyGraph steps = ApplyGraph.build(plan(change("group.a", Action.CREATE), change("group.b", Action.UPDATE)), g, recorded);
        List<Node> order = steps.order();
        assertTrue(order.indexOf(node("group.b", Step.CHANGE)) < order.indexOf(node("group.a", Step.CHANGE)), order::toString);
    }
}
