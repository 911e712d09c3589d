package io.dive.core.plan;

import io.dive.spi.Action;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A plan is a value: made from observation, rendered, saved, and compared before it is applied.
 *
 * @param manifestHash  digest of the expanded manifest it was made from
 * @param stateLineage  lineage of the state it was made against
 * @param stateSerial   serial of that state
 * @param observed      per address, a digest of what was observed ("absent" when nothing was)
 * @param targets       the --target addresses it was limited to (empty: everything)
 * @param replace       the --replace addresses it recreates
 * @param allowDestroy  the --allow-destroy addresses it may delete or replace though they are protected
 * @param changes       every resource in scope, noop included, in dependency order
 * @param exclude       the --exclude addresses left out, with what depends on them
 */
public record Plan(String topology, String manifestHash, String stateLineage, long stateSerial,
                   Map<String, String> observed, List<String> targets, List<String> replace, List<String> allowDestroy,
                   List<ResourceChange> changes, List<String> exclude) {

    /** A plan of everything its targets reach, nothing left out. */
    public Plan(String topology, String manifestHash, String stateLineage, long stateSerial, Map<String, String> observed, List<String> targets,
                List<String> replace, List<String> allowDestroy, List<ResourceChange> changes) {
        this(topology, manifestHash, stateLineage, stateSerial, observed, targets, replace, allowDestroy, changes, List.of());
    }

    public Map<Action, Integer> summary() {
        Map<Action, Integer> counts = new EnumMap<>(Action.class);
        for (Action a : Action.values()) {
            counts.put(a, 0);
        }
        for (ResourceChange c : changes) {
            counts.merge(c.action(), 1, Integer::sum);
        }
        return counts;
    }

    public boolean hasChanges() {
        return changes.stream().anyMatch(ResourceChange::isChange);
    }
}
