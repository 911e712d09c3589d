package io.dive.spi;

/**
 * A failure against a target: names the call and the server's answer. The message must never carry
 * a secret value; the engine prefixes the resource address.
 */
public class ProviderException extends RuntimeException {

    public ProviderException(String message) {
        super(message);
    }

    public ProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
