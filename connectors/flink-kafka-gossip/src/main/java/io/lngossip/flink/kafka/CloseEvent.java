package io.lngossip.flink.kafka;

import io.lngossip.codec.ShortChannelId;
import java.util.Objects;

/**
 * A channel close (SEMANTICS §2): the channel's funding output was spent by a transaction in a block with time
 * {@code closedAt}. From then on the channel is in no snapshot.
 *
 * @param closedAt unix seconds, the block time of the spending transaction
 */
public record CloseEvent(ShortChannelId scid, long closedAt) {
    public CloseEvent {
        Objects.requireNonNull(scid, "scid cannot be null");
        if (closedAt < 0) {
            throw new IllegalArgumentException("closed_at must not be negative: " + closedAt);
        }
    }
}
