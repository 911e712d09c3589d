package io.dive.core.secrets;

/**
 * Where a topology's generated secrets ({@code ${secret:generate:NAME}}) and its fingerprint key are kept:
 * a file beside the manifest ({@link LocalGeneratedSecrets}), or sealed in the state backend for every
 * runner of the topology ({@link SealedGeneratedSecrets}).
 */
public interface GeneratedSecrets {

    /** The name under which the fingerprint key is kept, beside the generated secrets. */
    String FINGERPRINT_KEY = "dive:fingerprint-key";

    /** The value kept under the name, or null. */
    String get(String name);

    /** Keeps the value unless one is kept already, and returns the one kept (another run's, when it was first). */
    String keepIfAbsent(String name, String value);

    /** Where they are, for messages. */
    String describe();
}
