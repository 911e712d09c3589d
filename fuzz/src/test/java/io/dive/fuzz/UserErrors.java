package io.dive.fuzz;

import io.dive.spi.DiveException;

/**
 * What a fuzz test accepts besides success: a {@link DiveException} whose every line starts with the
 * file it is about (a located user error, as the contract wants). Anything else is a finding: an
 * unexpected exception, an error, a hang, or an error message that does not say where.
 */
final class UserErrors {

    private UserErrors() {
    }

    static void requireLocated(DiveException e, String... files) {
        for (String line : e.lines()) {
            boolean located = false;
            for (String f : files) {
                located |= line.startsWith(f + ":") || line.startsWith(f + " ");
            }
            if (!located) {
                throw new AssertionError("an error that does not name its file: " + line, e);
            }
        }
    }
}
