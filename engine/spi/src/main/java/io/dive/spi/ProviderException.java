package io.dive.spi;

/**
 * A failure against a target: names the call and the server's answer. The message must never carry
 * a secret value; the engine prefixes the resource address.
 */
public class ProviderException extends RuntimeException {

    private final boolean permanent;
    private final boolean exists;
    private final boolean passing;

    public ProviderException(String message) {
        this(message, false);
    }

    /**
     * The server refused to create the object because one of that name exists (Keycloak's 409): permanent.
     * Only the object's own create says this; a failure of a later step of the same create (a flow's
     * execution) is an ordinary failure, so the engine never takes it for a built-in object to adopt.
     */
    public static ProviderException exists(String message) {
        return new ProviderException(message, true, true, false);
    }

    /**
     * A failure that passes: the request may not have reached the server, or its answer was lost (a
     * refused or reset connection, a time-out, 502/503/504 from a proxy or a restarting server). The
     * engine tries such a write again, after looking at what the server holds. A provider says it only
     * where a second create of the same name is refused (Keycloak's 409): a create that landed unseen is
     * then found, never made twice (Docker, which allows two networks of one name, does not say it).
     */
    public static ProviderException passing(String message) {
        return new ProviderException(message, false, false, true);
    }

    protected ProviderException(String message, boolean permanent, boolean exists, boolean passing) {
        super(message);
        this.permanent = permanent;
        this.exists = exists;
        this.passing = passing;
    }

    /**
     * @param permanent the server refused the request itself (a 4xx other than 408 and 429): sending it
     *                  again changes nothing until the manifest or the server does
     */
    public ProviderException(String message, boolean permanent) {
        this(message, permanent, false, false);
    }

    public ProviderException(String message, Throwable cause) {
        super(message, cause);
        this.permanent = false;
        this.exists = false;
        this.passing = false;
    }

    /** Whether the failure passes (see {@link #passing(String)}): the same request may well succeed soon. */
    public boolean passing() {
        return passing;
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
