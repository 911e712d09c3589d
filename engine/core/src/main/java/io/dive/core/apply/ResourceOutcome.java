package io.dive.core.apply;

import io.dive.spi.Action;
import io.dive.spi.Address;

/** How one resource fared in an apply. */
public record ResourceOutcome(Address address, Action action, Status status, long elapsedMillis, String message, boolean permanent) {

    /** An outcome whose failure, if any, a later apply may get past (a timeout, a restart, a dropped connection). */
    public ResourceOutcome(Address address, Action action, Status status, long elapsedMillis, String message) {
        this(address, action, status, elapsedMillis, message, false);
    }

    public enum Status { APPLIED, UNCHANGED, FAILED, SKIPPED }
}
