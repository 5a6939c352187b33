package io.lngossip.model;

import java.util.Objects;

/**
 * One change of the reconciled state, with the instant from which it holds. The state at T is the join of every delta
 * whose instant is at most T; joining is commutative, associative and idempotent, so deltas may be applied in any
 * order and more than once (which is what makes at-least-once storage and late data safe):
 * <ul>
 *   <li>{@link HalfChannelUpdated}: a half-channel's state is its update with the greatest timestamp, and among updates
 *       of equal timestamp the smallest gossip_id;</li>
 *   <li>{@link NodeAnnounced}: likewise per node;</li>
 *   <li>{@link ChannelAnnounced}: timeless (a known announcement counts whenever it arrived); the smallest gossip_id
 *       of a scid is its announcement;</li>
 *   <li>{@link ChannelClosed}: the earliest close of a scid.</li>
 * </ul>
 */
public sealed interface Delta
        permits Delta.ChannelAnnounced, Delta.HalfChannelUpdated, Delta.NodeAnnounced, Delta.ChannelClosed {

    /** The instant of a timeless delta: before every other. */
    long TIMELESS = Long.MIN_VALUE;

    /** From when the change holds (unix seconds), or {@link #TIMELESS}. */
    long instant();

    record ChannelAnnounced(ChannelRef ref) implements Delta {
        public ChannelAnnounced {
            Objects.requireNonNull(ref, "ref cannot be null");
        }

        @Override
        public long instant() {
            return TIMELESS;
        }
    }

    record HalfChannelUpdated(UpdateRef ref) implements Delta {
        public HalfChannelUpdated {
            Objects.requireNonNull(ref, "ref cannot be null");
        }

        @Override
        public long instant() {
            return ref.timestamp();
        }
    }

    record NodeAnnounced(NodeRef ref) implements Delta {
        public NodeAnnounced {
            Objects.requireNonNull(ref, "ref cannot be null");
        }

        @Override
        public long instant() {
            return ref.timestamp();
        }
    }

    /** The channel's funding output was spent in a block with time {@code closedAt}. */
    record ChannelClosed(long scid, long closedAt) implements Delta {
        @Override
        public long instant() {
            return closedAt;
        }
    }
}
