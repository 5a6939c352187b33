package io.lngossip.model;

import java.util.Objects;

/**
 * The reconciled state at instant C (per half-channel the latest canonical update at or before C, orphans included;
 * per node the latest node_announcement at or before C; the announced channels; the closes at or before C), so that
 * any Snapshot(T) with T >= C is this state joined with the deltas in (C, T] (see {@link Reconstruction}). Stored as
 * {@link CheckpointCodec} says, by reference only.
 */
public final class Checkpoint {
    private final long instant;
    private final GraphState state;

    /** Takes {@code state}, which must be the state at {@code instant}, as its own. */
    public Checkpoint(long instant, GraphState state) {
        this.instant = instant;
        this.state = Objects.requireNonNull(state, "state cannot be null");
    }

    public long instant() {
        return instant;
    }

    /** A copy of the state, to replay deltas onto. */
    public GraphState state() {
        return state.copy();
    }

    GraphState stateView() {
        return state;
    }

    /**
     * Brings this checkpoint up to date with a delta that arrived after it was made (late data): joins it when its
     * instant is at or before C (timeless deltas always), and ignores it otherwise.
     *
     * @return true when the checkpoint changed, i.e. when it must be written again
     */
    public boolean apply(Delta late) {
        Objects.requireNonNull(late, "late cannot be null");
        return late.instant() <= instant && state.apply(late);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint other && instant == other.instant && state.equals(other.state);
    }

    @Override
    public int hashCode() {
        return Objects.hash(instant, state);
    }

    @Override
    public String toString() {
        return "Checkpoint[" + instant + ", " + state + "]";
    }
}
