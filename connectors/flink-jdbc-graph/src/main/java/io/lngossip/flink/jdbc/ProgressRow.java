package io.lngossip.flink.jdbc;

import java.util.Objects;

/** How far the job's output is complete, written when a Flink checkpoint completes. */
public record ProgressRow(String job, long eventTimeWatermark, long checkpointId, long updatedAtMs) {
    public ProgressRow {
        Objects.requireNonNull(job, "job cannot be null");
    }
}
