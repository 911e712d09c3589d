package io.dive.spi;

/**
 * A failure against a target: names the call and the server's answer. The message must never carry
 * a secret value; the engine prefixes the resource address.
 */
public class ProviderException extends RuntimeException {

    private final boolean permanent;
    private final boolean exists;

    public ProviderException(String message) {
        this(message, false);
    }

    /**
     * The server refused to create the object because one of that name exists (Keycloak's 409): permanent.
     * Only the object's own create says this; a failure of a later step of the same create (a flow's
     * execution) is an ordinary failure, so the engine never takes it for a built-in object to adopt.
     */
    public static ProviderException exists(String message) {
        return new ProviderException(message, true, true);
    }

    private ProviderException(String message, boolean permanent, boolean exists) {
        super(message);
        this.permanent = permanent;
        this.exists = exists;
    }

    /**
     * @param permanent the server refused the request itself (a 4xx other than 408 and 429): sending it
     *                  again changes nothing until the manifest or the server does
     */
    public ProviderException(String message, boolean permanent) {
        this(message, permanent, false);
    }

    public ProviderException(String message, Throwable cause) {
        super(message, cause);
        this.permanent = false;
        this.exists = false;
    }

    /** Whether the server said the object to create exists already. */
    public boolean exists() {
        return exists;
    }

    /** Whether retrying the same request cannot succeed (the server refused it, not failed at it). */
    public boolean permanent() {
        return permanent;
    }
}
