package io.lngossip.flink.jdbc;

import java.util.Objects;

/**
 * An encoded checkpoint. {@code seq} orders the job's checkpoint writes and invalidations: a row replaces the stored
 * one for its instant only when its seq is greater (a rewrite after late data), and an invalidation with a greater
 * seq makes it stale.
 */
public record CheckpointRow(long instant, int formatVersion, long seq, byte[] body, int channels, int halfChannels,
        int nodes, long writtenAtMs) {
    public CheckpointRow {
        Objects.requireNonNull(body, "body cannot be null");
    }
}
