package io.dive.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.core.model.Topology;
import io.dive.core.secrets.Fingerprints;
import io.dive.core.secrets.SecretResolver;
import io.dive.spi.Log;
import io.dive.spi.Provider;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * What one run of a command works with: the topology, its providers, secrets and threads, and the
 * front end's environment and log (the engine reads neither the process's environment nor its stderr).
 */
public record RunContext(Topology topology, ProviderRegistry providers, SecretResolver secrets,
                         Fingerprints fingerprints, ExecutorService executor, Function<String, String> env, Log log,
                         ServerBindings bindings) {

    /** The provider for a type, configured on first use with the topology's block for it. */
    public Provider provider(String type) {
        return providers.ready(type, this);
    }

    JsonNode resolveConfig(JsonNode config) {
        return secrets.resolveAll(config);
    }
}
