package io.dive.spi.state;

import io.dive.spi.DiveException;

/**
 * A store refused a write because the run no longer holds its lock (its session ended): the run must
 * stop changing anything, since another run may hold the lock now.
 */
public class LockLostException extends DiveException {

    public LockLostException(String message) {
        super(message);
    }
}
