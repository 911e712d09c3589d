package io.dive.spi;

/**
 * A failure against a target: names the call and the server's answer. The message must never carry
 * a secret value; the engine prefixes the resource address.
 */
public class ProviderException extends RuntimeException {

    private final boolean permanent;

    public ProviderException(String message) {
        this(message, false);
    }

    /**
     * @param permanent the server refused the request itself (a 4xx other than 408 and 429): sending it
     *                  again changes nothing until the manifest or the server does
     */
    public ProviderException(String message, boolean permanent) {
        super(message);
        this.permanent = permanent;
    }

    public ProviderException(String message, Throwable cause) {
        super(message, cause);
        this.permanent = false;
    }

    /** Whether retrying the same request cannot succeed (the server refused it, not failed at it). */
    public boolean permanent() {
        return permanent;
    }
}
