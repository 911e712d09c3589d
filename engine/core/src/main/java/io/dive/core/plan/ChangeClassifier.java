package io.dive.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.core.graph.ResourceGraph;
import io.dive.core.model.JsonPaths;
import io.dive.spi.Action;
import io.dive.spi.Address;
import io.dive.spi.state.StateEntry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The third part of planning, and a pure one: from what is wanted, what is observed and what state
 * recorded, the action for each resource and why. No I/O, no provider calls: a table of inputs and
 * expected actions tests it whole.
 */
public final class ChangeClassifier {

    private ChangeClassifier() {
    }

    /**
     * What the manifest and the server say of one resource the manifest declares.
     *
     * @param desired      the comparable desired attributes (DesiredView)
     * @param observed     the sanitized observation, or null when the object is absent
     * @param recorded     the state entry, or null when dive never recorded it
     * @param sensitive    its secret pointers
     * @param forceReplace named by --replace
     * @param replaceOn    the kind's top-level attributes whose change forces a replace
     */
    public record Declared(Address address, JsonNode desired, JsonNode observed, StateEntry recorded, Set<String> sensitive,
                           boolean forceReplace, Set<String> replaceOn) {
    }

    public static ResourceChange classify(Declared in) {
        Address a = in.address();
        if (in.observed() == null) {
            String reason = in.recorded() != null && in.recorded().status() != StateEntry.Status.CREATING ? "deleted outside dive" : null;
            return new ResourceChange(a, Action.CREATE, List.of(), reason, null, in.desired(), false, in.sensitive());
        }
        boolean adopt = in.recorded() == null;
        List<AttributeChange> diffs = Differ.diff(in.desired(), in.observed(), in.sensitive());
        if (in.forceReplace()) {
            return new ResourceChange(a, Action.REPLACE, diffs, "--replace", in.observed(), in.desired(), adopt, in.sensitive());
        }
        if (diffs.isEmpty()) {
            return new ResourceChange(a, adopt ? Action.ADOPT : Action.NOOP, diffs,
                    adopt ? "exists already, not made by dive: recorded as adopted, never deleted by dive" : null,
                    in.observed(), in.desired(), adopt, in.sensitive());
        }
        for (AttributeChange c : diffs) {
            if (in.replaceOn().contains(JsonPaths.top(c.pointer()))) {
                return new ResourceChange(a, Action.REPLACE, diffs, c.path() + " forces replacement", in.observed(), in.desired(), adopt,
                        in.sensitive());
            }
        }
        return new ResourceChange(a, Action.UPDATE, diffs, adopt ? "exists already, not made by dive: adopted and updated" : null,
                in.observed(), in.desired(), adopt, in.sensitive());
    }

    /** What is in state but no longer in the manifest: delete it if dive made it, otherwise forget it. */
    public static ResourceChange removal(Address a, JsonNode observed, StateEntry recorded) {
        return removal(a, observed, recorded, null);
    }

    /** @param deletionNote what a delete leaves of it (the kind's word on adopted parts), or null */
    public static ResourceChange removal(Address a, JsonNode observed, StateEntry recorded, String deletionNote) {
        if (observed == null) {
            return new ResourceChange(a, Action.FORGET, List.of(), "gone already: dropped from state", null, null, false, Set.of());
        }
        if (recorded == null || !recorded.ownedByDive()) {
            return new ResourceChange(a, Action.FORGET, List.of(), "not created by dive: dropped from state, not deleted",
                    observed, null, false, Set.of());
        }
        return new ResourceChange(a, Action.DELETE, List.of(), deletionNote, observed, null, false, Set.of());
    }

    /**
     * A replaced resource whose kind says so takes its dependents with it (a realm's users go with the
     * realm; a network or volume cannot be removed while containers use it): they are replaced too. So
     * does one made anew, created though state records it (deleted outside dive, or moved to another
     * server): a link to a realm made anew is replaced, so the accounts brokered from the old one go.
     */
    public static void cascade(ResourceGraph graph, Map<Address, ResourceChange> changes, Predicate<String> destroysDependents,
                               Predicate<String> recorded) {
        for (Address a : graph.topologicalOrder()) {
            ResourceChange c = changes.get(a);
            // Made anew: replaced, or created again though state has it (deleted outside dive, or moved to another
            // server): what lived in the old one went with it, so what depends on it is made anew too.
            boolean anew = c != null && (c.action() == Action.REPLACE || c.action() == Action.CREATE && recorded.test(a.toString()));
            if (!anew || !destroysDependents.test(a.type())) {
                continue;
            }
            for (Address dep : graph.transitiveDependents(a)) {
                ResourceChange d = changes.get(dep);
                if (d != null && (d.action() == Action.UPDATE || d.action() == Action.NOOP || d.action() == Action.ADOPT)) {
                    changes.put(dep, new ResourceChange(dep, Action.REPLACE, d.attributes(), a + (c.action() == Action.REPLACE ? " is replaced" : " is made anew"),
                            d.prior(), d.desired(), d.adopt(), d.sensitive()));
                }
            }
        }
    }
}
