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
     * The configuration of this run.
     *
     * @param config   the provider's block from the manifest, secrets resolved (never null: NullNode when absent)
     * @param baseDir  the manifest's folder: relative paths in the config are relative to it
     * @param secrets  resolves secret references at apply time
     * @param topology the topology's name: providers label what they create with it
     * @param env      the run's environment; a provider never reads the process's own ({@code System.getenv})
     * @param log      where progress and warnings go; a provider never writes to {@code System.err}
     */
    record ProviderContext(JsonNode config, java.nio.file.Path baseDir, SecretResolver secrets, String topology,
                           java.util.function.Function<String, String> env, Log log) {
        public ProviderContext {
            if (config == null) {
                config = com.fasterxml.jackson.databind.node.NullNode.getInstance();
            }
            if (env == null) {
                env = name -> null;
            }
            if (log == null) {
                log = Log.NONE;
            }
        }
    }

    /** Turns a secret reference such as {@code ${secret:generate:name}} into its value at apply time. */
    @FunctionalInterface
    interface SecretResolver {
        String resolve(String reference);
    }
}
