package io.lngossip.flink.jdbc;

import java.util.Objects;

/** An encoded checkpoint; a later row for the same instant (a late-data patch) replaces it. */
public record CheckpointRow(long instant, int formatVersion, byte[] body, int channels, int halfChannels, int nodes,
        long writtenAtMs) {
    public CheckpointRow {
        Objects.requireNonNull(body, "body cannot be null");
    }
}
