package io.lngossip.flink.jdbc;

import java.util.Objects;

/** How many messages one collector delivered with timestamps in one hour: an absolute count, upserted. */
public record CoverageRow(String collector, long hour, long messages) {
    public CoverageRow {
        Objects.requireNonNull(collector, "collector cannot be null");
    }
}
