package io.lngossip.jobs.backfill;

import io.lngossip.flink.jdbc.JdbcOptions;
import io.lngossip.flink.kafka.GossipKafkaSources;
import io.lngossip.flink.kafka.KafkaGossipOptions;
import io.lngossip.jobs.graphstate.GraphStateOptions;
import io.lngossip.query.dao.CheckpointRebuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Re-processes the records of the gossip topic whose record times lie in [from, to) (offsets found by timestamp)
 * into the database with the job's pipeline in backfill mode (messages and deltas, no checkpoints; the checkpoints it
 * reaches are invalidated), then rebuilds those checkpoints. For historical backfills published to Kafka and for
 * repairs: the records are the live job's own input, so its state already holds them or will, which makes the replay
 * safe beside it; and idempotent.
 */
public final class KafkaReplay {

    /** What a replay did. */
    public record Summary(long read, long added, Map<String, Long> quarantined, int checkpointsRebuilt,
            Duration took) {}

    private final JdbcOptions jdbc;
    private final BackfillDatabase db;

    /** Connects to the database of {@code jdbc} and migrates its schema. */
    public KafkaReplay(JdbcOptions jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc cannot be null");
        this.db = BackfillDatabase.open(jdbc);
    }

    public Summary run(KafkaGossipOptions kafka, long fromMs, long toMs, BackfillProgress progress) throws Exception {
        Objects.requireNonNull(kafka, "kafka cannot be null");
        Objects.requireNonNull(progress, "progress cannot be null");
        if (toMs < fromMs) {
            throw new IllegalArgumentException("to (" + toMs + ") is before from (" + fromMs + ")");
        }
        long started = System.nanoTime();
        long before = db.messages();
        Map<String, Long> quarantineBefore = db.quarantineByReason();
        long read = BoundedRun.run("replay", GossipKafkaSources.gossipRange(kafka, fromMs, toMs), jdbc,
                GraphStateOptions.defaults(), -1, progress);
        CheckpointRebuilder rebuilder = new CheckpointRebuilder(db.dataSource());
        int rebuilt = rebuilder.rebuild();
        rebuilder.materialize(CheckpointRebuilder.DEFAULT_BODY_INTERVAL_SECONDS);
        return new Summary(read, db.messages() - before,
                BackfillDatabase.added(quarantineBefore, db.quarantineByReason()), rebuilt,
                Duration.ofNanos(System.nanoTime() - started));
    }
}
