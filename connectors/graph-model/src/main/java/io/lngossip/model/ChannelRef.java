package io.lngossip.model;

import io.lngossip.codec.GossipId;
import io.lngossip.codec.NodeId;
import java.util.Objects;

/**
 * A channel_announcement by reference: its scid (u64, ordered unsigned), its gossip_id and its endpoints.
 */
public record ChannelRef(long scid, GossipId id, NodeId nodeId1, NodeId nodeId2) implements MessageRef {
    public ChannelRef {
        Objects.requireNonNull(id, "id cannot be null");
        Objects.requireNonNull(nodeId1, "nodeId1 cannot be null");
        Objects.requireNonNull(nodeId2, "nodeId2 cannot be null");
    }

    /** True when this announcement beats {@code other} for the scid: the smaller gossip_id is canonical. */
    public boolean beats(ChannelRef other) {
        return other == null || id.compareTo(other.id) < 0;
    }
}
