package io.dive.core.apply;

import io.dive.spi.Action;
import io.dive.spi.Address;

/** Live progress of an apply: the terminal view prints it, the JSON view ignores it. */
public interface ApplyListener {

    ApplyListener NONE = new ApplyListener() {
    };

    default void started(Address address, Action action) {
    }

    /** Called periodically while a resource takes long. */
    default void stillRunning(Address address, Action action, long elapsedMillis) {
    }

    default void finished(ResourceOutcome outcome) {
    }
}
