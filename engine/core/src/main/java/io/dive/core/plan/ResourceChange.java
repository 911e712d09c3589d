package io.dive.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.spi.Action;
import io.dive.spi.Address;
import java.util.List;

/**
 * The plan for one resource.
 *
 * @param attributes what differs (for update and replace), in path order
 * @param reason     why, when it is not obvious: "deleted outside dive", "--replace", "realm.x is replaced"...
 * @param prior      what was observed (sensitive values as fingerprints); null when absent
 * @param desired    the normalized desired attributes (sensitive values as fingerprints); null for delete
 * @param adopt      the object exists but state does not record it: apply records it, never deletes it
 * @param sensitive  JSON Pointers of its secret attributes: their values are never shown, whatever they hold
 * @param knownAfter the resource that runs its server, when that server is not up at plan time (to be
 *                   created, replaced or started by this apply): the change is then known only once it is
 *                   ready, and apply observes and plans it again then; null otherwise
 */
public record ResourceChange(Address address, Action action, List<AttributeChange> attributes, String reason,
                             JsonNode prior, JsonNode desired, boolean adopt, java.util.Set<String> sensitive, Address knownAfter) {

    /** A change known now. */
    public ResourceChange(Address address, Action action, List<AttributeChange> attributes, String reason,
                          JsonNode prior, JsonNode desired, boolean adopt, java.util.Set<String> sensitive) {
        this(address, action, attributes, reason, prior, desired, adopt, sensitive, null);
    }

    public boolean isChange() {
        return action != Action.NOOP;
    }
}
