package io.lngossip.model;

import io.lngossip.codec.GossipId;
import java.util.Objects;

/** A channel_update by reference: the half-channel it belongs to, its timestamp and its gossip_id. */
public record UpdateRef(long scid, int direction, long timestamp, GossipId id) implements MessageRef {
    public UpdateRef {
        Objects.requireNonNull(id, "id cannot be null");
        if (direction != 0 && direction != 1) {
            throw new IllegalArgumentException("direction must be 0 or 1: " + direction);
        }
    }

    /**
     * True when this update is the later state of its half-channel than {@code other}: a newer timestamp, or the same
     * timestamp and a smaller gossip_id (the canonical one of the slot).
     */
    public boolean beats(UpdateRef other) {
        return other == null || timestamp > other.timestamp
                || (timestamp == other.timestamp && id.compareTo(other.id) < 0);
    }
}
