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
 */
public record ApplyRequest(Address address, Action action, JsonNode desired, JsonNode prior, Set<String> changed) {
}
