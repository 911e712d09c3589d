package io.dive.core.plan;

import com.fasterxml.jackson.databind.JsonNode;

/** One attribute that differs: dotted path, observed value and desired value (null when absent). */
public record AttributeChange(String path, JsonNode before, JsonNode after, boolean sensitive) {
}
