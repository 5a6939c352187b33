package io.lngossip.model;

import java.util.Objects;

/**
 * Answers from a checkpoint plus deltas, the way the query service does: the state at T is the checkpoint's state at
 * C joined with every delta of instant in (C, T] and every timeless delta (announcements are known whenever they
 * arrived, so the current announcement table applies to every instant). Deltas at or before C may be passed too:
 * joining them again changes nothing. Deltas after T are skipped.
 */
public final class Reconstruction {

    private Reconstruction() {}

    /**
     * The state at {@code at}.
     *
     * @param checkpoint the newest checkpoint at or before {@code at}, or null to replay from nothing
     * @param deltas at least every delta in (C, at] and every timeless delta
     */
    public static GraphState stateAt(Checkpoint checkpoint, Iterable<Delta> deltas, long at) {
        Objects.requireNonNull(deltas, "deltas cannot be null");
        if (checkpoint != null && checkpoint.instant() > at) {
            throw new IllegalArgumentException("checkpoint " + checkpoint.instant() + " is after " + at);
        }
        GraphState state = checkpoint == null ? new GraphState() : checkpoint.state();
        for (Delta d : deltas) {
            if (d.instant() <= at) {
                state.apply(d);
            }
        }
        return state;
    }

    public static Snapshot snapshot(Checkpoint checkpoint, Iterable<Delta> deltas, long at, MaxAge maxAge) {
        return stateAt(checkpoint, deltas, at).snapshot(at, maxAge);
    }
}
