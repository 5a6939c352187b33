package io.lngossip.flink.jdbc;

import java.util.Objects;

/** A candidate for the canonical node_announcement of one (node_id, timestamp) slot; the smallest id wins. */
public record NodeUpdateRow(byte[] nodeId, long timestamp, byte[] gossipId) {
    public NodeUpdateRow {
        Objects.requireNonNull(nodeId, "nodeId cannot be null");
        Objects.requireNonNull(gossipId, "gossipId cannot be null");
    }
}
