package io.dive.spi.state;

/**
 * A state store that also keeps a topology's generated secrets and fingerprint key for every runner of
 * it, as opaque sealed bytes (the engine seals them under the operator's state key, which the store
 * never sees). PostgreSQL's {@code dive_secrets}.
 */
public interface SecretVault {

    /** What is kept under this name for this topology, or null. */
    byte[] sealed(String name);

    /**
     * Keeps {@code sealed} under the name unless something is kept there already, and returns what is
     * kept afterwards: another runner's value when it was first, so that all runners agree.
     */
    byte[] keepIfAbsent(String name, byte[] sealed);

    /** The names kept for this topology (what {@code dive state migrate} and {@code rename-topology} move). */
    java.util.Set<String> names();

    /** Removes what is kept under the name (after it was moved elsewhere). */
    void forget(String name);
}
