package io.dive.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * An observation that read some of its resources and could not read others, because a server that only
 * they need did not answer (a link's spoke side on a Keycloak that is down): the engine takes what was
 * read, and reports only the others as unknown, each with the reason, instead of blaming the whole
 * server the observation was for.
 */
public final class PartialObservationException extends ProviderException {

    private final transient Map<Address, JsonNode> observed;
    private final transient Map<Address, String> unknown;

    /**
     * @param observed what was read (absent ones left out, as in a full observation)
     * @param unknown  what could not be read, each with why (naming the server that did not answer)
     */
    public PartialObservationException(Map<Address, JsonNode> observed, Map<Address, String> unknown) {
        super(unknown.values().iterator().next());
        this.observed = Map.copyOf(observed);
        this.unknown = Map.copyOf(unknown);
    }

    public Map<Address, JsonNode> observed() {
        return observed;
    }

    public Map<Address, String> unknown() {
        return unknown;
    }
}
