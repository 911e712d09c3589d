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
     * Checks one {@code servers:} entry of this provider (its settings, without {@code provider} and
     * {@code runs_on}; secret references unresolved) before anything is contacted. Throws
     * {@link InvalidAttributeException} with the pointer of the bad field.
     */
    default void validateServer(String name, JsonNode settings) {
    }

    /**
     * Checks what only the whole topology shows (a link between two servers that give no public
     * URL): one problem per bad field, located by the engine. Nothing is contacted.
     */
    default List<Problem> checkBindings(Bindings bindings) {
        return List.of();
    }

    /**
     * A problem with one resource's field ({@code pointer}, a JSON Pointer into its attributes), and where
     * it clashes with another one ({@code other} and {@code otherPointer}, or null): the engine names both
     * places with their file and line.
     */
    record Problem(Address address, String pointer, String message, Address other, String otherPointer) {
        public Problem(Address address, String pointer, String message) {
            this(address, pointer, message, null, null);
        }
    }

    /**
     * Which server each resource of the topology is bound to, and every declared server's settings
     * (secret references unresolved).
     */
    interface Bindings {
        /** The server a resource of the topology lives on, or null for its provider's default server. */
        String serverOf(Address address);

        /** The settings of a declared server of this provider, or null when no such server is declared. */
        JsonNode settingsOf(String server);

        /** This provider's resources in the topology, with their attributes as the manifest gives them. */
        Map<Address, JsonNode> resources();
    }

    /**
     * Waits until a server that the same apply brought up answers (Keycloak: an admin token; MongoDB: a
     * ping). Throws {@link ProviderException} naming the server and its last answer when the timeout passes.
     */
    default void awaitServer(String server, java.time.Duration timeout) {
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
     * @param servers  this provider's entries of the manifest's {@code servers:}, by name, settings with
     *                 secrets resolved (without {@code provider} and {@code runs_on})
     * @param serverOf the server each resource of the topology is bound to (null: the default server)
     */
    record ProviderContext(JsonNode config, java.nio.file.Path baseDir, SecretResolver secrets, String topology,
                           java.util.function.Function<String, String> env, Log log, Map<String, JsonNode> servers,
                           java.util.function.Function<Address, String> serverOf) {

        /** A context with no declared servers. */
        public ProviderContext(JsonNode config, java.nio.file.Path baseDir, SecretResolver secrets, String topology,
                               java.util.function.Function<String, String> env, Log log) {
            this(config, baseDir, secrets, topology, env, log, Map.of(), a -> null);
        }

        public ProviderContext {
            if (servers == null) {
                servers = Map.of();
            }
            if (serverOf == null) {
                serverOf = a -> null;
            }
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

        /** Where the manifest may make this provider read files: its folder and the operator's allowed roots. */
        public FileRoots files() {
            return FileRoots.of(baseDir == null ? java.nio.file.Path.of("") : baseDir, env);
        }
    }

    /** Turns a secret reference such as {@code ${secret:generate:name}} into its value at apply time. */
    @FunctionalInterface
    interface SecretResolver {
        String resolve(String reference);
    }
}
