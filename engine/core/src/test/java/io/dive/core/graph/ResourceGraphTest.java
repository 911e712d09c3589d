package io.dive.core.graph;

import static io.dive.core.TestKinds.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.core.TestKinds;
import io.dive.spi.Address;
import io.dive.spi.DiveException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Edges from depends_on and from the kinds; dependencies first; a cycle is named at its first resource's line. */
class ResourceGraphTest {

    static Address a(String text) {
        return Address.parse(text);
    }

    @Test
    void dependenciesComeFirstWhateverTheManifestOrder() {
        ResourceGraph g = ResourceGraph.build(List.of(resource("item.hub/bob", 3), resource("group.other", 2, "item.hub/bob"),
                resource("group.hub", 1)), TestKinds::kind);
        List<Address> order = g.topologicalOrder();
        assertTrue(order.indexOf(a("group.hub")) < order.indexOf(a("item.hub/bob")), order::toString);
        assertTrue(order.indexOf(a("item.hub/bob")) < order.indexOf(a("group.other")), order::toString);
        assertEquals(Set.of(a("group.hub")), g.dependenciesOf(a("item.hub/bob")));
        assertEquals(Set.of(a("item.hub/bob"), a("group.other")), g.transitiveDependents(a("group.hub")));
        assertEquals(Set.of(a("group.other"), a("item.hub/bob"), a("group.hub")), g.withDependencies(List.of(a("group.other"))));
    }

    @Test
    void anImplicitDependencyOnSomethingUndeclaredIsNoEdge() {
        ResourceGraph g = ResourceGraph.build(List.of(resource("item.elsewhere/x", 1)), TestKinds::kind);
        assertEquals(Set.of(), g.dependenciesOf(a("item.elsewhere/x")));
    }

    @Test
    void aCycleIsReportedAsAPathAtTheLineOfItsSmallestMember() {
        DiveException e = assertThrows(DiveException.class, () -> ResourceGraph.build(List.of(
                resource("group.c", 7, "group.b"), resource("group.a", 3, "group.c"), resource("group.b", 5, "group.a"),
                resource("group.free", 9)), TestKinds::kind));
        assertEquals("topology.yaml:3:5: group.a: dependency cycle: group.a -> group.b -> group.c -> group.a", e.getMessage());
    }

    @Test
    void aResourceThatDependsOnItselfIsACycle() {
        DiveException e = assertThrows(DiveException.class, () -> ResourceGraph.build(List.of(resource("group.a", 4, "group.a")),
                TestKinds::kind));
        assertEquals("topology.yaml:4:5: group.a: dependency cycle: group.a -> group.a", e.getMessage());
    }
}
