package io.lngossip.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What a message arriving after checkpoints were written does to them. A delta of instant t belongs in every
 * checkpoint at C >= t (a timeless announcement in all of them); since joining is idempotent, patching a checkpoint
 * that already reflects it is a no-op, so the patches are exactly the checkpoints the join changes.
 */
public final class LateData {

    private LateData() {}

    /** A checkpoint to write again: the instant, and the delta to join into it. */
    public record CheckpointPatch(long instant, Delta delta) {
        public CheckpointPatch {
            Objects.requireNonNull(delta, "delta cannot be null");
        }
    }

    /** The instants, among {@code checkpointInstants}, that {@code late} may change: at or after its instant. */
    public static List<Long> candidates(Collection<Long> checkpointInstants, Delta late) {
        Objects.requireNonNull(late, "late cannot be null");
        List<Long> out = new ArrayList<>();
        for (long c : checkpointInstants) {
            if (late.instant() <= c) {
                out.add(c);
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * The patches that make {@code checkpoints} correct again after {@code late}: one per checkpoint whose content the
     * delta changes, in ascending instant order. The checkpoints are not modified; apply each patch with
     * {@link Checkpoint#apply}.
     */
    public static List<CheckpointPatch> patches(Collection<Checkpoint> checkpoints, Delta late) {
        Objects.requireNonNull(checkpoints, "checkpoints cannot be null");
        Objects.requireNonNull(late, "late cannot be null");
        List<CheckpointPatch> out = new ArrayList<>();
        for (Checkpoint c : checkpoints) {
            if (late.instant() <= c.instant() && c.stateView().changedBy(late)) {
                out.add(new CheckpointPatch(c.instant(), late));
            }
        }
        out.sort((a, b) -> Long.compare(a.instant(), b.instant()));
        return out;
    }
}
