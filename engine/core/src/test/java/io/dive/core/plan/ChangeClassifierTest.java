package io.dive.core.plan;

import static io.dive.core.TestKinds.json;
import static io.dive.core.TestKinds.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.core.TestKinds;
import io.dive.core.graph.ResourceGraph;
import io.dive.spi.Action;
import io.dive.spi.Address;
import io.dive.spi.state.StateEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pure classifier, as a table: what is wanted, what is there, what state says -> action and reason. */
class ChangeClassifierTest {

    static final Address X = Address.parse("group.x");
    static final JsonNode WANT = json("{'title': 'T', 'size': 1}");

    static StateEntry entry(StateEntry.Status status) {
        return new StateEntry("group", "x", "memory", status, (ObjectNode) json("{'title': 'T', 'size': 1}"), List.of());
    }

    static Stream<Arguments> declared() {
        return Stream.of(
                // name, observed, recorded, --replace, replaceOn -> action, reason
                Arguments.of("absent and never applied: create", null, null, false, Set.of(), Action.CREATE, null),
                Arguments.of("absent but recorded: made again", null, entry(StateEntry.Status.CREATED), false, Set.of(),
                        Action.CREATE, "deleted outside dive"),
                Arguments.of("resume after a killed create: just create", null, entry(StateEntry.Status.CREATING), false, Set.of(),
                        Action.CREATE, null),
                Arguments.of("resume after a create the server did: nothing to send", json("{'title': 'T', 'size': 1, 'id': 7}"),
                        entry(StateEntry.Status.CREATING), false, Set.of(), Action.NOOP, null),
                Arguments.of("equal but for server fields: noop", json("{'title': 'T', 'size': 1.0, 'id': 7}"),
                        entry(StateEntry.Status.CREATED), false, Set.of(), Action.NOOP, null),
                Arguments.of("one attribute differs: update", json("{'title': 'old', 'size': 1}"), entry(StateEntry.Status.CREATED),
                        false, Set.of(), Action.UPDATE, null),
                Arguments.of("a replace-forcing attribute differs: replace", json("{'title': 'T', 'size': 2}"),
                        entry(StateEntry.Status.CREATED), false, Set.of("size"), Action.REPLACE, "size forces replacement"),
                Arguments.of("--replace, nothing differs: replace", json("{'title': 'T', 'size': 1}"), entry(StateEntry.Status.CREATED),
                        true, Set.of(), Action.REPLACE, "--replace"),
                Arguments.of("exists, unrecorded, equal: adopt", json("{'title': 'T', 'size': 1}"), null, false, Set.of(),
                        Action.ADOPT, "exists already, not made by dive: recorded as adopted, never deleted by dive"),
                Arguments.of("exists, unrecorded, differs: update that adopts", json("{'title': 'other', 'size': 1}"), null, false,
                        Set.of(), Action.UPDATE, "exists already, not made by dive: adopted and updated"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("declared")
    void declaredResources(String name, JsonNode observed, StateEntry recorded, boolean replace, Set<String> replaceOn,
                           Action action, String reason) {
        ResourceChange c = ChangeClassifier.classify(new ChangeClassifier.Declared(X, WANT, observed, recorded, Set.of(), replace, replaceOn));
        assertEquals(action, c.action(), name);
        assertEquals(reason, c.reason(), name);
        assertEquals(recorded == null && observed != null, c.adopt(), name);
    }

    static Stream<Arguments> removed() {
        return Stream.of(
                Arguments.of("made by dive, still there: delete", json("{'title': 'T'}"), entry(StateEntry.Status.CREATED), Action.DELETE, null),
                Arguments.of("made by a killed create, there: delete", json("{'title': 'T'}"), entry(StateEntry.Status.CREATING),
                        Action.DELETE, null),
                Arguments.of("adopted: forgotten, never deleted", json("{'title': 'T'}"), entry(StateEntry.Status.ADOPTED), Action.FORGET,
                        "not created by dive: dropped from state, not deleted"),
                Arguments.of("gone already: forgotten", null, entry(StateEntry.Status.CREATED), Action.FORGET, "gone already: dropped from state"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("removed")
    void resourcesNoLongerInTheManifest(String name, JsonNode observed, StateEntry recorded, Action action, String reason) {
        ResourceChange c = ChangeClassifier.removal(X, observed, recorded);
        assertEquals(action, c.action(), name);
        assertEquals(reason, c.reason(), name);
    }

    @Test
    void aReplacementCascadesOnlyFromKindsThatTakeTheirDependents() {
        ResourceGraph g = ResourceGraph.build(List.of(resource("group.hub", 1), resource("item.hub/a", 2), resource("item.hub/b", 3),
                resource("group.other", 4, "item.hub/a")), TestKinds::kind);
        for (boolean destroys : new boolean[] {true, false}) {
            Map<Address, ResourceChange> changes = new LinkedHashMap<>();
            changes.put(Address.parse("group.hub"), change("group.hub", Action.REPLACE));
            changes.put(Address.parse("item.hub/a"), change("item.hub/a", Action.NOOP));
            changes.put(Address.parse("item.hub/b"), change("item.hub/b", Action.UPDATE));
            changes.put(Address.parse("group.other"), change("group.other", Action.NOOP));
            ChangeClassifier.cascade(g, changes, type -> destroys && type.equals("group"), recorded -> true);
            Action expected = destroys ? Action.REPLACE : Action.NOOP;
            assertEquals(expected, changes.get(Address.parse("item.hub/a")).action());
            assertEquals(destroys ? Action.REPLACE : Action.UPDATE, changes.get(Address.parse("item.hub/b")).action());
            assertEquals(expected, changes.get(Address.parse("group.other")).action(), "transitive dependents go too");
            if (destroys) {
                assertEquals("group.hub is replaced", changes.get(Address.parse("item.hub/a")).reason());
            }
        }
    }

    @Test
    void oneMadeAnewTakesItsDependentsToOnlyWhenStateHadIt() {
        ResourceGraph g = ResourceGraph.build(List.of(resource("group.hub", 1), resource("item.hub/a", 2)), TestKinds::kind);
        for (boolean inState : new boolean[] {true, false}) {
            Map<Address, ResourceChange> changes = new LinkedHashMap<>();
            changes.put(Address.parse("group.hub"), change("group.hub", Action.CREATE));
            changes.put(Address.parse("item.hub/a"), change("item.hub/a", Action.UPDATE));
            ChangeClassifier.cascade(g, changes, type -> type.equals("group"), recorded -> inState && recorded.equals("group.hub"));
            assertEquals(inState ? Action.REPLACE : Action.UPDATE, changes.get(Address.parse("item.hub/a")).action(),
                    inState ? "deleted outside dive or moved, and made again: what lived in it is made anew" : "a first create takes nothing");
            if (inState) {
                assertEquals("group.hub is made anew", changes.get(Address.parse("item.hub/a")).reason());
            }
        }
    }

    static ResourceChange change(String address, Action action) {
        return new ResourceChange(Address.parse(address), action, List.of(), null, json("{}"), json("{}"), false, Set.of());
    }
}
