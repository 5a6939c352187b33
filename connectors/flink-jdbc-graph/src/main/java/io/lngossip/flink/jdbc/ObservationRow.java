package io.lngossip.flink.jdbc;

import java.util.Objects;

/** A row of {@code observations}: one sighting of a message. {@code seenAtMs} is null when the input had no time. */
public record ObservationRow(byte[] gossipId, String collector, Long seenAtMs, String source) {
    public ObservationRow {
        Objects.requireNonNull(gossipId, "gossipId cannot be null");
        Objects.requireNonNull(collector, "collector cannot be null");
        Objects.requireNonNull(source, "source cannot be null");
    }
}
