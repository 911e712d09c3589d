package io.dive.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A loaded, validated manifest: every resource it expands into and each provider's configuration.
 *
 * @param stateSetting the manifest's {@code state:} url, or null
 * @param contentHash  a digest of the expanded resources: a saved plan is refused when it changes
 * @param servers      the declared servers ({@code servers:} of the manifest and of its templates), by name
 * @param stateKey     the manifest's {@code state.key}: a secret reference to the key that seals generated
 *                     secrets in the state backend, or null
 */
public record Topology(String name, Path file, Map<String, JsonNode> providerConfigs, String stateSetting,
                       String lockTimeout, List<DesiredResource> resources, String contentHash, JsonNode secretSettings,
                       Map<String, Server> servers, String stateKey) {

    /** A topology whose state block names no key. */
    public Topology(String name, Path file, Map<String, JsonNode> providerConfigs, String stateSetting,
                    String lockTimeout, List<DesiredResource> resources, String contentHash, JsonNode secretSettings,
                    Map<String, Server> servers) {
        this(name, file, providerConfigs, stateSetting, lockTimeout, resources, contentHash, secretSettings, servers, null);
    }

    /** A topology that declares no servers. */
    public Topology(String name, Path file, Map<String, JsonNode> providerConfigs, String stateSetting,
                    String lockTimeout, List<DesiredResource> resources, String contentHash, JsonNode secretSettings) {
        this(name, file, providerConfigs, stateSetting, lockTimeout, resources, contentHash, secretSettings, Map.of());
    }

    public Path baseDir() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }
}
