package io.dive.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The shared retry: passing failures of reads are tried again with jittered backoff; nothing else is. */
class RetryTest {

    static final Retry.Backoff FAST = new Retry.Backoff(Duration.ofMillis(1), Duration.ofMillis(8), 5);

    static final class Passing extends RuntimeException {
        Passing(String m) {
            super(m);
        }
    }

    @Test
    void aPassingFailureIsTriedAgainUntilItClears() {
        AtomicInteger calls = new AtomicInteger();
        String got = Retry.reading(FAST, e -> e instanceof Passing, () -> {
            if (calls.incrementAndGet() < 3) {
                throw new Passing("503");
            }
            return "ok";
        });
        assertEquals("ok", got);
        assertEquals(3, calls.get());
    }

    @Test
    void anyOtherFailureFailsAtOnceAndTheLastPassingOneStandsAtTheLimit() {
        AtomicInteger calls = new AtomicInteger();
        RuntimeException refused = new IllegalStateException("403");
        assertSame(refused, assertThrows(IllegalStateException.class, () -> Retry.reading(FAST, e -> e instanceof Passing, () -> {
            calls.incrementAndGet();
            throw refused;
        })));
        assertEquals(1, calls.get());
        calls.set(0);
        Passing last = assertThrows(Passing.class, () -> Retry.reading(FAST, e -> e instanceof Passing, () -> {
            throw new Passing("503 #" + calls.incrementAndGet());
        }));
        assertEquals("503 #5", last.getMessage());
    }

    @Test
    void delaysDoubleUpToTheCapWithJitterBelowThem() {
        Retry.Backoff b = new Retry.Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), 10);
        for (int i = 0; i < 200; i++) {
            long first = b.delay(1).toMillis();
            long fourth = b.delay(4).toMillis();
            long tenth = b.delay(10).toMillis();
            assertTrue(first >= 50 && first <= 100, "first " + first);
            assertTrue(fourth >= 400 && fourth <= 800, "fourth " + fourth);
            assertTrue(tenth >= 500 && tenth <= 1000, "capped " + tenth);
        }
    }

    @Test
    void untilSaysWhatItWaitedForAndWhatItLastSaw() {
        List<String> heard = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        assertNull(Retry.until(Duration.ofSeconds(5), FAST, () -> calls.incrementAndGet() < 3 ? "not elected" : null, heard::add));
        assertEquals(List.of("not elected", "not elected"), heard);
        String last = Retry.until(Duration.ofMillis(50), FAST, () -> {
            throw new java.io.IOException("connection refused");
        }, null);
        assertEquals("connection refused", last);
    }
}
