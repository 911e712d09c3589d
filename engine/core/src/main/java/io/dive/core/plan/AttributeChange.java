package io.dive.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.core.model.JsonPaths;

/**
 * One attribute that differs: its JSON Pointer, observed value and desired value (null when absent).
 * {@link #path()} is the dotted form the plan shows.
 */
public record AttributeChange(String pointer, JsonNode before, JsonNode after, boolean sensitive) {

    /** The dotted path people read ({@code attributes.clearance}); ambiguous for keys with dots, so never parsed back. */
    public String path() {
        return JsonPaths.display(pointer);
    }
}
