package io.dive.spi;

import java.util.Objects;

/**
 * A resource address, {@code TYPE.NAME}: the type has no dot, the name is unique within its type and
 * may contain {@code /} for nesting (e.g. {@code user.dive-v3-broker-fra/testuser-fra-1}) and dots.
 */
public record Address(String type, String name) implements Comparable<Address> {

    public Address {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        if (type.isEmpty() || type.contains(".")) {
            throw new IllegalArgumentException("resource type must be non-empty and contain no dot: \"" + type + "\"");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("resource name must be non-empty");
        }
        // A line break or a direction override in a name could forge lines of a plan shown to a reviewer.
        for (String part : new String[] {type, name}) {
            for (int i = 0; i < part.length(); i++) {
                char ch = part.charAt(i);
                int kind = Character.getType(ch);
                if (kind == Character.CONTROL || kind == Character.FORMAT || kind == Character.LINE_SEPARATOR
                        || kind == Character.PARAGRAPH_SEPARATOR) {
                    throw new IllegalArgumentException("resource " + (part == type ? "type" : "name") + " holds a control or formatting"
                            + " character (U+" + String.format("%04X", (int) ch) + ") at position " + (i + 1) + "; names are printed in plans");
                }
            }
        }
    }

    /** Parses {@code TYPE.NAME}; the first dot separates type from name. */
    public static Address parse(String text) {
        int dot = text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            throw new IllegalArgumentException("not a resource address (TYPE.NAME): \"" + text + "\"");
        }
        return new Address(text.substring(0, dot), text.substring(dot + 1));
    }

    /** The part of the name before the first {@code /}: for nested resources, their parent's name. */
    public String parentName() {
        int slash = name.indexOf('/');
        return slash < 0 ? name : name.substring(0, slash);
    }

    /** The part of the name after the first {@code /}, or the whole name when not nested. */
    public String leafName() {
        int slash = name.indexOf('/');
        return slash < 0 ? name : name.substring(slash + 1);
    }

    @Override
    public int compareTo(Address o) {
        int c = type.compareTo(o.type);
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return type + "." + name;
    }
}
