package io.lngossip.jobs.graphstate;

import io.lngossip.codec.ValidationOptions;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * The job's settings, with the defaults of the README's settings table.
 *
 * @param checkpointInterval event time between snapshot checkpoints (6 h, the materialized bodies' interval: at mainnet
 *     scale a checkpoint is ~6..8 MiB of gossip ids, 4 a day instead of 24; nearly every snapshot starts from a body,
 *     so a checkpoint is the fallback and the rebuilder's starting point; the hourly network figures do not depend
 *     on it)
 * @param outOfOrderness how far message timestamps may run behind the newest one before they count as late
 * @param idleness after how long without messages a source split stops holding the watermark back
 * @param dedupTtl how long the dedup step remembers a gossip_id (the database's keys catch what it forgets)
 * @param flinkCheckpointInterval how often Flink checkpoints its state (and the JDBC sinks flush)
 * @param watermarkEveryMessage advance the watermark after every message instead of periodically: for replays of
 *     archives, where it makes checkpoint instants follow the input exactly, and for tests
 * @param backfill a bounded run beside the live job (replay, import): writes messages and deltas but no checkpoints,
 *     statistics or progress, and at its end invalidates the checkpoints from its earliest change on
 */
public record GraphStateOptions(String jobName, ValidationOptions validation, Duration checkpointInterval,
        Duration outOfOrderness, Duration idleness, Duration dedupTtl, Duration flinkCheckpointInterval,
        boolean watermarkEveryMessage, boolean backfill) implements Serializable {

    public GraphStateOptions {
        Objects.requireNonNull(jobName, "jobName cannot be null");
        Objects.requireNonNull(validation, "validation cannot be null");
        requirePositive(checkpointInterval, "checkpointInterval");
        Objects.requireNonNull(outOfOrderness, "outOfOrderness cannot be null");
        requirePositive(idleness, "idleness");
        Objects.requireNonNull(dedupTtl, "dedupTtl cannot be null");
        requirePositive(flinkCheckpointInterval, "flinkCheckpointInterval");
        if (checkpointInterval.toSeconds() * 1000 != checkpointInterval.toMillis()) {
            throw new IllegalArgumentException("checkpointInterval must be whole seconds");
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name + " cannot be null");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    public static GraphStateOptions defaults() {
        return new GraphStateOptions("lngossip-graph-state", ValidationOptions.defaults(), Duration.ofHours(6),
                Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofDays(7), Duration.ofSeconds(10), false, false);
    }

    public GraphStateOptions withCheckpointInterval(Duration interval) {
        return new GraphStateOptions(jobName, validation, interval, outOfOrderness, idleness, dedupTtl,
                flinkCheckpointInterval, watermarkEveryMessage, backfill);
    }

    public GraphStateOptions withValidation(ValidationOptions v) {
        return new GraphStateOptions(jobName, v, checkpointInterval, outOfOrderness, idleness, dedupTtl,
                flinkCheckpointInterval, watermarkEveryMessage, backfill);
    }

    public GraphStateOptions withOutOfOrderness(Duration d) {
        return new GraphStateOptions(jobName, validation, checkpointInterval, d, idleness, dedupTtl,
                flinkCheckpointInterval, watermarkEveryMessage, backfill);
    }

    public GraphStateOptions withFlinkCheckpointInterval(Duration d) {
        return new GraphStateOptions(jobName, validation, checkpointInterval, outOfOrderness, idleness, dedupTtl, d,
                watermarkEveryMessage, backfill);
    }

    public GraphStateOptions withIdleness(Duration d) {
        return new GraphStateOptions(jobName, validation, checkpointInterval, outOfOrderness, d, dedupTtl,
                flinkCheckpointInterval, watermarkEveryMessage, backfill);
    }

    public GraphStateOptions withWatermarkEveryMessage(boolean every) {
        return new GraphStateOptions(jobName, validation, checkpointInterval, outOfOrderness, idleness, dedupTtl,
                flinkCheckpointInterval, every, backfill);
    }

    public GraphStateOptions withBackfill(boolean bounded) {
        return new GraphStateOptions(jobName, validation, checkpointInterval, outOfOrderness, idleness, dedupTtl,
                flinkCheckpointInterval, watermarkEveryMessage, bounded);
    }
}
