package io.lngossip.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Plans the answer at T from what storage holds (as Delta's log segment does for a version): the newest complete
 * checkpoint C at or before T, and the deltas in (C, T]. Pure; storage is described to it, never read by it. Each
 * invariant of a plan has its own named check, so a failed plan says which one broke.
 */
public final class ReconstructionPlanner {

    private ReconstructionPlanner() {}

    /** A stored checkpoint; an incomplete one (being written, or invalidated) is never used. */
    public record CheckpointInfo(long instant, boolean complete) {}

    /** A time range whose deltas are all stored: every delta of instant in (fromExclusive, toInclusive]. */
    public record DeltaSegment(long fromExclusive, long toInclusive) {
        public DeltaSegment {
            if (toInclusive < fromExclusive) {
                throw new IllegalArgumentException("segment ends before it starts: (" + fromExclusive + ", "
                        + toInclusive + "]");
            }
        }
    }

    /**
     * The plan: start from {@code checkpoint} (null: from nothing) and join the deltas in
     * ({@code deltasFromExclusive}, {@code target}] plus the timeless ones.
     */
    public record Plan(long target, Long checkpoint, long deltasFromExclusive) {}

    /** Why no plan can answer T. */
    public static final class PlanException extends RuntimeException {
        public enum Kind { CHECKPOINT_AFTER_TARGET, CHECKPOINT_INCOMPLETE, NEWER_CHECKPOINT_SKIPPED, DELTAS_MISSING }

        private final Kind kind;

        PlanException(Kind kind, String message) {
            super(message);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    /** Deltas start at the beginning of time when there is no checkpoint. */
    public static final long BEGINNING = Long.MIN_VALUE;

    public static Plan plan(long target, Collection<CheckpointInfo> checkpoints, Collection<DeltaSegment> deltas) {
        Objects.requireNonNull(checkpoints, "checkpoints cannot be null");
        Objects.requireNonNull(deltas, "deltas cannot be null");
        CheckpointInfo chosen = null;
        for (CheckpointInfo c : checkpoints) {
            if (c.complete() && c.instant() <= target && (chosen == null || c.instant() > chosen.instant())) {
                chosen = c;
            }
        }
        Plan plan = new Plan(target, chosen == null ? null : chosen.instant(),
                chosen == null ? BEGINNING : chosen.instant());
        validateCheckpointNotAfterTarget(plan);
        validateCheckpointComplete(plan, checkpoints);
        validateNoNewerCompleteCheckpoint(plan, checkpoints);
        validateDeltasContiguous(plan, deltas);
        return plan;
    }

    static void validateCheckpointNotAfterTarget(Plan plan) {
        if (plan.checkpoint() != null && plan.checkpoint() > plan.target()) {
            throw new PlanException(PlanException.Kind.CHECKPOINT_AFTER_TARGET,
                    "checkpoint " + plan.checkpoint() + " is after the target " + plan.target());
        }
    }

    static void validateCheckpointComplete(Plan plan, Collection<CheckpointInfo> checkpoints) {
        if (plan.checkpoint() == null) {
            return;
        }
        for (CheckpointInfo c : checkpoints) {
            if (c.instant() == plan.checkpoint() && c.complete()) {
                return;
            }
        }
        throw new PlanException(PlanException.Kind.CHECKPOINT_INCOMPLETE,
                "checkpoint " + plan.checkpoint() + " is not complete");
    }

    static void validateNoNewerCompleteCheckpoint(Plan plan, Collection<CheckpointInfo> checkpoints) {
        long from = plan.checkpoint() == null ? BEGINNING : plan.checkpoint();
        for (CheckpointInfo c : checkpoints) {
            if (c.complete() && c.instant() > from && c.instant() <= plan.target()) {
                throw new PlanException(PlanException.Kind.NEWER_CHECKPOINT_SKIPPED,
                        "checkpoint " + c.instant() + " is newer than the chosen one and not after the target");
            }
        }
    }

    /** The segments, merged, must cover (C, T] without a gap. */
    static void validateDeltasContiguous(Plan plan, Collection<DeltaSegment> deltas) {
        if (plan.deltasFromExclusive() >= plan.target()) {
            return;
        }
        List<DeltaSegment> sorted = new ArrayList<>(deltas);
        sorted.sort((a, b) -> Long.compare(a.fromExclusive(), b.fromExclusive()));
        long covered = plan.deltasFromExclusive();
        for (DeltaSegment s : sorted) {
            if (s.fromExclusive() > covered) {
                break;
            }
            covered = Math.max(covered, s.toInclusive());
            if (covered >= plan.target()) {
                return;
            }
        }
        throw new PlanException(PlanException.Kind.DELTAS_MISSING, "deltas after " + covered + " up to "
                + plan.target() + " are not stored" + (plan.checkpoint() == null ? "" : " (checkpoint "
                + plan.checkpoint() + ")"));
    }
}
