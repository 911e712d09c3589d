package io.dive.core.apply;

import io.dive.spi.Action;
import io.dive.spi.Address;

/** How one resource fared in an apply. */
public record ResourceOutcome(Address address, Action action, Status status, long elapsedMillis, String message) {

    public enum Status { APPLIED, UNCHANGED, FAILED, SKIPPED }
}
