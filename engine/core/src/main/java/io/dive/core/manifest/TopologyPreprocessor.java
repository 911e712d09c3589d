package io.dive.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns keys of a topology that are not plain {@code resources:} into resources and provider
 * configuration: the manifest loader itself knows only name, state, secrets, providers and
 * resources. Each preprocessor brings the schema of its keys as a fragment of {@code schemas/}.
 * Found by {@link java.util.ServiceLoader} (META-INF/services): DIVE V3's hub, spokes, users and
 * shorthands are one, in its own module (dive-topology), so that core knows nothing of DIVE V3.
 */
public interface TopologyPreprocessor {

    /** The file in {@code schemas/} whose properties and $defs are the keys this preprocessor reads. */
    String schemaFragment();

    /** What a preprocessor works on: the interpolated, schema-checked document and where it came from. */
    record Input(JsonNode root, SourceMap sources, Path baseDir, Function<String, String> env) {
    }

    /** Adds the resources its keys stand for; errors are located {@link io.dive.spi.DiveException}s. */
    void expand(Input input, Resources into);

    /**
     * Its blocks that decide where credentials go (provider endpoints and credentials, template
     * paths), by a name to show: {@code dive plan --trusted-base} requires them equal to the base's.
     */
    default Map<String, JsonNode> trustedBlocks(JsonNode root) {
        return Map.of();
    }

    /** Provider configuration its keys stand for (shorthands), by provider name. */
    default Map<String, JsonNode> providerConfigs(JsonNode root) {
        return Map.of();
    }
}
