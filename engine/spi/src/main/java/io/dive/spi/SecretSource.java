package io.dive.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/**
 * A source of secret values beyond the built-in env, file and generate, found with
 * {@link java.util.ServiceLoader} (e.g. {@code gcp}: GCP Secret Manager).
 */
public interface SecretSource {

    /** The SOURCE in {@code ${secret:SOURCE:NAME}}. */
    String name();

    /**
     * The value of a secret.
     *
     * @param version  a version, or null for the latest
     * @param settings the manifest's {@code secrets.<name>} block (may be missing)
     * @throws io.dive.spi.DiveException saying what failed (not found, denied, unreachable),
     *         never containing a value
     */
    String fetch(String name, String version, JsonNode settings, Function<String, String> env);
}
