package io.lngossip.jobs.graphstate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.codec.GossipObservation;
import io.lngossip.embedded.junit.KafkaExtension;
import io.lngossip.embedded.junit.PostgresExtension;
import io.lngossip.flink.jdbc.JdbcOptions;
import io.lngossip.flink.kafka.GossipObservationSchema;
import io.lngossip.model.GraphHistory;
import io.lngossip.model.MaxAge;
import io.lngossip.schema.HistorySchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job is killed mid-stream, after a Flink checkpoint, and restores from it: the database ends up exactly as an
 * uninterrupted run leaves it, nothing lost, nothing duplicated.
 */
class GraphStateRecoveryITCase {

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension();

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final String TOPIC = "gossip-recovery";
    static final long NOW_MS = 1_764_000_000_000L;

    /** Shared with the operator through the static fields: the MiniCluster runs in this JVM. */
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicInteger CHECKPOINTS_DONE = new AtomicInteger();
    static final AtomicInteger RESTORED_ATTEMPT = new AtomicInteger(-1);

    /** Passes observations through; throws once, mid-stream, after a Flink checkpoint has completed. */
    static final class CrashOnce extends RichMapFunction<GossipObservation, GossipObservation>
            implements CheckpointListener {
        private static final long serialVersionUID = 1L;
        private transient long seen;

        @Override
        public void open(OpenContext context) {
            int attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
            if (attempt > 0) {
                RESTORED_ATTEMPT.set(attempt);
            }
        }

        @Override
        public GossipObservation map(GossipObservation o) throws Exception {
            seen++;
            if (!FAILED.get()) {
                if (CHECKPOINTS_DONE.get() > 0 && seen > 2_000) {
                    FAILED.set(true);
                    throw new IllegalStateException("killed mid-stream by the test");
                }
                Thread.sleep(1); // slow enough for checkpoints to complete before the end of the input
            }
            return o;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTS_DONE.incrementAndGet();
        }
    }

    @Test
    void shouldRestoreFromItsCheckpointWithNothingLostAndNothingDuplicated(@TempDir Path checkpointDir)
            throws Exception {
        SampleRecords samples = SampleRecords.read(TOPIC, NOW_MS);
        GraphHistory expected = samples.expected();
        Set<String> observations = samples.observations();
        KAFKA.kafka().createTopics(Map.of(TOPIC, 1));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KAFKA.kafka().clientProperties(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            samples.records().forEach(producer::send);
        }

        HistorySchema.migrate(POSTGRES.dataSource());
        Configuration conf = new Configuration();
        // the production state backend: RocksDB with incremental checkpoints
        conf.setString("state.backend.type", "rocksdb");
        conf.setString("execution.checkpointing.incremental", "true");
        conf.setString("execution.checkpointing.dir", checkpointDir.toUri().toString());
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "3");
        conf.setString("restart-strategy.fixed-delay.delay", "100 ms");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(300);
        assertThat(((Configuration) env.getConfiguration()).toMap()).containsEntry("state.backend.type", "rocksdb");
        KafkaSource<GossipObservation> source = KafkaSource.<GossipObservation>builder()
                .setBootstrapServers(KAFKA.bootstrapServers()).setTopics(TOPIC).setGroupId("recovery")
                .setStartingOffsets(OffsetsInitializer.earliest()).setBounded(OffsetsInitializer.latest())
                .setDeserializer(new GossipObservationSchema()).build();
        DataStream<GossipObservation> input = env.fromSource(source, WatermarkStrategy.noWatermarks(), "gossip")
                .map(new CrashOnce()).setParallelism(1).name("crash-once");
        GraphStatePipeline.build(input, null,
                GraphStateSinks.jdbc(JdbcOptions.defaults().withUrl(POSTGRES.jdbcUrl()).withBatch(200, 100)),
                GraphStateOptions.defaults().withCheckpointInterval(Duration.ofHours(1)), () -> NOW_MS);
        env.execute("recovery-it");

        assertThat(FAILED).as("the job was killed mid-stream").isTrue();
        assertThat(RESTORED_ATTEMPT.get()).as("and restarted").isPositive();
        assertThat(count("SELECT count(*) FROM messages")).isEqualTo(expected.size());
        assertThat(count("SELECT count(*) FROM observations")).isEqualTo(observations.size());
        DatabaseReplay db = new DatabaseReplay(POSTGRES.dataSource());
        for (long t = 1_755_500_000L; t <= 1_755_640_000L; t += 9_000) {
            assertThat(db.snapshot(t, MaxAge.DEFAULT).snapshot()).as("T=%d", t)
                    .isEqualTo(expected.snapshot(t, MaxAge.DEFAULT));
        }
        assertThat(db.snapshot(1_629_100_000L, MaxAge.UNBOUNDED).snapshot())
                .isEqualTo(expected.snapshot(1_629_100_000L, MaxAge.UNBOUNDED));
    }

    private static long count(String sql) throws Exception {
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
