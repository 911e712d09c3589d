package io.dive.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;

/** A parsed YAML file as a JSON tree plus where every value came from. */
public record YamlDocument(JsonNode root, SourceMap sources) {
}
