package io.dive.spi;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One resource a provider is asked to observe: its address, what the manifest wants (null when the
 * resource is only in state, i.e. about to be deleted) and what state recorded after the last apply
 * (null when dive never applied it). Recorded attributes carry provider ids such as a Keycloak uuid.
 *
 * @param server the server it lives on (a name from the manifest's {@code servers:}), or null for the
 *               provider's own block (its default server)
 */
public record ResourceRef(Address address, JsonNode desired, JsonNode recorded, String server) {

    /** On the provider's default server. */
    public ResourceRef(Address address, JsonNode desired, JsonNode recorded) {
        this(address, desired, recorded, null);
    }
}
