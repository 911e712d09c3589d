package io.dive.spi;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one place dive waits and tries again: exponential backoff with full jitter (so a hundred runs that
 * failed together do not come back together), for two uses.
 * <ul>
 *   <li>{@link #reading}: an idempotent read that met a passing failure (a 502, 503 or 504, a reset
 *       connection) is made again; anything else fails at once. Writes are never retried here.</li>
 *   <li>{@link #until}: a condition polled until it holds or time is up (a server coming up, a replica set
 *       electing, a write becoming visible); the failure says what it last saw.</li>
 * </ul>
 */
public final class Retry {

    /**
     * Delays: {@code first}, doubling up to {@code max}, each drawn uniformly from [half of it, all of it].
     *
     * @param attempts how many calls {@link #reading} makes at most (the first included)
     */
    public record Backoff(Duration first, Duration max, int attempts) {

        /** Reads against a server that restarts: about 20 s of tries before the failure stands. */
        public static final Backoff READS = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), 8);
        /** Polling a server or a condition: quick at first, then every few seconds. */
        public static final Backoff POLL = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(4), Integer.MAX_VALUE);

        /** The delay before try {@code attempt + 1} (attempt counts from 1), jittered. */
        public Duration delay(int attempt) {
            long base = first.toMillis() << Math.min(attempt - 1, 20);
            long capped = Math.min(base, max.toMillis());
            return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
        }
    }

    /** Tells a passing failure from one that trying again cannot fix. */
    public interface Transient extends Predicate<RuntimeException> {
    }

    private Retry() {
    }

    /**
     * Calls {@code read}; when it throws an exception {@code isTransient} accepts, waits and calls again,
     * up to {@code backoff.attempts()} calls in all, then throws the last failure.
     */
    public static <T> T reading(Backoff backoff, Transient isTransient, Supplier<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.get();
            } catch (RuntimeException e) {
                if (attempt >= backoff.attempts() || !isTransient.test(e)) {
                    throw e;
                }
                pause(backoff.delay(attempt));
            }
        }
    }

    /** What a poll sees: null when the condition holds, else what it waits for (said while waiting, and at the end). */
    @FunctionalInterface
    public interface Probe {
        String notYet() throws Exception;
    }

    /**
     * Asks {@code probe} until it answers null, or {@code timeout} passes; an exception counts as "not yet",
     * with its message. {@code waiting} hears each "not yet" (may be null).
     *
     * @return null when the condition holds, else the last "not yet" (the caller words the failure)
     */
    public static String until(Duration timeout, Backoff backoff, Probe probe, Consumer<String> waiting) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        for (int attempt = 1; ; attempt++) {
            try {
                last = probe.notYet();
                if (last == null) {
                    return null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            } catch (Exception e) {
                last = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            Duration delay = backoff.delay(attempt);
            if (System.nanoTime() + delay.toNanos() > deadline) {
                return last;
            }
            if (waiting != null) {
                waiting.accept(last);
            }
            pause(delay);
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while waiting to try again");
        }
    }
}
