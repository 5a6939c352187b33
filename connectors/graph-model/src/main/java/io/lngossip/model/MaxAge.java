package io.lngossip.model;

/**
 * How old a half-channel's latest update may be and still count as live (SEMANTICS §4): {@link #DEFAULT} is 14 days,
 * as BOLT #7 prunes; {@link #UNBOUNDED} never prunes, as ln-history does.
 *
 * @param seconds the allowed age, or {@link Long#MAX_VALUE} for unbounded
 */
public record MaxAge(long seconds) {
    public static final MaxAge DEFAULT = new MaxAge(1_209_600L);
    public static final MaxAge UNBOUNDED = new MaxAge(Long.MAX_VALUE);

    public MaxAge {
        if (seconds < 0) {
            throw new IllegalArgumentException("maxAge must not be negative: " + seconds);
        }
    }

    public static MaxAge ofSeconds(long seconds) {
        return seconds == Long.MAX_VALUE ? UNBOUNDED : new MaxAge(seconds);
    }

    public boolean unbounded() {
        return seconds == Long.MAX_VALUE;
    }

    /** True when an update with {@code timestamp} (already known to be {@code <= at}) is live at {@code at}. */
    public boolean live(long timestamp, long at) {
        // timestamp >= at - seconds, written so that it cannot overflow
        return unbounded() || at - timestamp <= seconds;
    }

    @Override
    public String toString() {
        return unbounded() ? "unbounded" : seconds + "s";
    }
}
