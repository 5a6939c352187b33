package io.lngossip.flink.jdbc;

import java.util.Objects;

/** A candidate for the canonical channel_announcement of {@code scid}; the smallest gossip_id wins in the table. */
public record ChannelRow(long scid, byte[] gossipId, byte[] nodeId1, byte[] nodeId2) {
    public ChannelRow {
        Objects.requireNonNull(gossipId, "gossipId cannot be null");
        Objects.requireNonNull(nodeId1, "nodeId1 cannot be null");
        Objects.requireNonNull(nodeId2, "nodeId2 cannot be null");
    }
}
