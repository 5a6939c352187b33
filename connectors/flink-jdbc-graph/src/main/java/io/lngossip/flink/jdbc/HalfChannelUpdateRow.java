package io.lngossip.flink.jdbc;

import java.util.Objects;

/** A candidate for the canonical channel_update of one (scid, direction, timestamp) slot; the smallest id wins. */
public record HalfChannelUpdateRow(long scid, int direction, long timestamp, byte[] gossipId) {
    public HalfChannelUpdateRow {
        Objects.requireNonNull(gossipId, "gossipId cannot be null");
    }
}
