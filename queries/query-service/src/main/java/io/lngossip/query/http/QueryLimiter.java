package io.lngossip.query.http;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most N expensive requests at once; the next ones wait in a bounded queue (first come, first served) for at most a
 * timeout; past the queue or the timeout they are refused with {@link TooBusyException} (429). Each of them holds a
 * database connection and builds a whole snapshot of references, so this bounds memory and keeps the pool for the
 * cheap requests and for {@code /health}.
 */
final class QueryLimiter {
    private final int slots;
    private final int queueLength;
    private final Duration timeout;
    private final Semaphore permits;
    private final AtomicInteger waiting = new AtomicInteger();

    QueryLimiter(int slots, int queueLength, Duration timeout) {
        this.slots = slots;
        this.queueLength = queueLength;
        this.timeout = timeout;
        this.permits = new Semaphore(slots, true);
    }

    /** A slot, held until the returned permit is closed. */
    Permit acquire() throws InterruptedException {
        if (permits.tryAcquire()) {
            return permits::release;
        }
        if (waiting.incrementAndGet() > queueLength) {
            waiting.decrementAndGet();
            throw new TooBusyException("all " + slots + " query slots are busy and " + queueLength
                    + " requests already wait; retry later", retryAfterSeconds());
        }
        try {
            if (!permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new TooBusyException("all " + slots + " query slots stayed busy for " + timeout.toMillis()
                        + " ms; retry later", retryAfterSeconds());
            }
        } finally {
            waiting.decrementAndGet();
        }
        return permits::release;
    }

    int active() {
        return slots - permits.availablePermits();
    }

    int waiting() {
        return waiting.get();
    }

    private long retryAfterSeconds() {
        return Math.max(1, (timeout.toMillis() + 999) / 1000);
    }

    /** A held slot. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /** No slot within the queue's limits: 429 with Retry-After. */
    static final class TooBusyException extends RuntimeException {
        private final long retryAfterSeconds;

        TooBusyException(String message, long retryAfterSeconds) {
            super(message);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
