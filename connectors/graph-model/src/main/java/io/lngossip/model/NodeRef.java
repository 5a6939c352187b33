package io.lngossip.model;

import io.lngossip.codec.GossipId;
import io.lngossip.codec.NodeId;
import java.util.Objects;

/** A node_announcement by reference: its node, timestamp and gossip_id. */
public record NodeRef(NodeId nodeId, long timestamp, GossipId id) implements MessageRef {
    public NodeRef {
        Objects.requireNonNull(nodeId, "nodeId cannot be null");
        Objects.requireNonNull(id, "id cannot be null");
    }

    /** Same rule as {@link UpdateRef#beats}: newer timestamp, else smaller gossip_id. */
    public boolean beats(NodeRef other) {
        return other == null || timestamp > other.timestamp
                || (timestamp == other.timestamp && id.compareTo(other.id) < 0);
    }
}
