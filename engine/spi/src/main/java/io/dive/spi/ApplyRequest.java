package io.dive.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * One planned change for a kind to carry out.
 *
 * @param address  the resource
 * @param action   CREATE, UPDATE or DELETE (the engine turns REPLACE into DELETE then CREATE)
 * @param desired  the manifest's attributes with secret references resolved to their values;
 *                 null for DELETE. Never log or echo it.
 * @param prior    what was observed before (null for CREATE): carries server ids
 * @param changed  top-level attribute names whose value differs (empty for CREATE/DELETE)
 * @param server   the server it lives on (a name from the manifest's {@code servers:}), or null for
 *                 the provider's default server
 * @param lineage  the lineage of the state that records it (null when unknown): a provider that labels
 *                 what it makes records it, and deletes only what carries its own state's lineage
 */
public record ApplyRequest(Address address, Action action, JsonNode desired, JsonNode prior, Set<String> changed, String server,
                           String lineage) {

    /** Without a state lineage. */
    public ApplyRequest(Address address, Action action, JsonNode desired, JsonNode prior, Set<String> changed, String server) {
        this(address, action, desired, prior, changed, server, null);
    }

    /** On the provider's default server. */
    public ApplyRequest(Address address, Action action, JsonNode desired, JsonNode prior, Set<String> changed) {
        this(address, action, desired, prior, changed, null);
    }

    /** The resource as a provider observes it: for reading it back after the change. */
    public ResourceRef ref() {
        return new ResourceRef(address, desired, prior, server);
    }
}
