package io.dive.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A plug-in that manages some resource types on one kind of server. Found with
 * {@link java.util.ServiceLoader}; one instance is created per run and configured once.
 */
public interface Provider extends AutoCloseable {

    /** The provider's name: also the manifest key that holds its configuration. */
    String name();

    List<ResourceKind> kinds();

    /** Receives the provider's configuration block (secrets resolved) before any other call. */
    void configure(ProviderContext context);

    /**
     * Observes many resources at once, with as few requests as the server allows (lists and pages,
     * never one request per object). Absent resources are simply missing from the result.
     */
    Map<Address, JsonNode> observe(ObserveRequest request);

    @Override
    default void close() {
    }

    /**
     * The configuration of this run: the provider's block (secrets resolved), the manifest's folder,
     * the secret resolver, and the topology's name (providers label what they create with it).
     */
    record ProviderContext(JsonNode config, java.nio.file.Path baseDir, SecretResolver secrets, String topology) {
        public ProviderContext {
            if (config == null) {
                config = com.fasterxml.jackson.databind.node.NullNode.getInstance();
            }
        }
    }

    /** Turns a secret reference such as {@code ${secret:generate:name}} into its value at apply time. */
    @FunctionalInterface
    interface SecretResolver {
        String resolve(String reference);
    }
}
