package io.dive.spi;

/**
 * A declared attribute a kind cannot take (unknown, of the wrong type, missing, contradictory), found
 * before anything is contacted. The engine puts the field's file and line in front of the message;
 * the message names what was expected and never echoes the value.
 */
public class InvalidAttributeException extends ProviderException {

    private final String pointer;

    /** @param pointer the JSON Pointer of the field within the resource's attributes ({@code /hub/realm}) */
    public InvalidAttributeException(String pointer, String message) {
        super(message);
        this.pointer = pointer;
    }

    public String pointer() {
        return pointer;
    }
}
