package io.lngossip.jobs.graphstate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.codec.GossipObservation;
import io.lngossip.embedded.junit.KafkaExtension;
import io.lngossip.embedded.junit.PostgresExtension;
import io.lngossip.flink.jdbc.JdbcOptions;
import io.lngossip.flink.kafka.GossipObservationSchema;
import io.lngossip.model.GraphHistory;
import io.lngossip.model.MaxAge;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Outages while the live job runs with its production settings (RocksDB, Flink checkpoints, exponential restarts);
 * afterwards the database must equal a full replay of everything produced: nothing lost, nothing duplicated. Each
 * outage has its own test class, so its own MiniCluster: one outage's aftermath cannot reach another test.
 */
abstract class OutageTestBase {

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension();

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();


    static final long NOW_MS = 1_764_000_000_000L;
    static final Duration CATCH_UP = Duration.ofMinutes(3);

    /** The real files as records (no topic yet), and what a full replay of them gives. */
    List<ProducerRecord<byte[], byte[]>> records;
    GraphHistory expected;
    Set<String> observations;

    @BeforeEach
    void readTheSamples() throws Exception {
        SampleRecords samples = SampleRecords.read("", NOW_MS);
        records = samples.records();
        expected = samples.expected();
        observations = samples.observations();
    }

    static KafkaProducer<byte[], byte[]> producer() {
        Properties p = KAFKA.kafka().clientProperties();
        p.put("delivery.timeout.ms", "120000"); // rides out a broker restart
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends records [from, to) and waits until Kafka acknowledged every one. */
    void produce(String topic, int from, int to) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> r : records.subList(from, to)) {
                sent.add(producer.send(new ProducerRecord<>(topic, null, r.timestamp(), null, r.value(),
                        r.headers())));
            }
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();
            }
        }
    }

    /**
     * The live job as GraphStateJob configures it, unbounded, on the test's MiniCluster. Its Flink checkpoints go under
     * the module's {@code target/}, not a {@code @TempDir}: a cancelled job's checkpoints are discarded asynchronously,
     * and JUnit deleting the directory meanwhile failed a passing test.
     */
    static JobClient startJob(String topic, String jdbcUrl) throws Exception {
        Path checkpointDir = java.nio.file.Files.createDirectories(Path.of("target", "flink-checkpoints",
                topic + "-" + System.nanoTime()).toAbsolutePath());
        Configuration conf = new Configuration();
        conf.setString("state.backend.type", "rocksdb");
        conf.setString("execution.checkpointing.incremental", "true");
        conf.setString("execution.checkpointing.dir", checkpointDir.toUri().toString());
        conf.setString("restart-strategy.type", "exponential-delay");
        conf.setString("restart-strategy.exponential-delay.initial-backoff", "200 ms");
        conf.setString("restart-strategy.exponential-delay.max-backoff", "5 s");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(500);
        KafkaSource<GossipObservation> source = KafkaSource.<GossipObservation>builder()
                .setBootstrapServers(KAFKA.bootstrapServers()).setTopics(topic).setGroupId(topic)
                .setStartingOffsets(OffsetsInitializer.earliest()).setDeserializer(new GossipObservationSchema())
                .build();
        GraphStatePipeline.build(env.fromSource(source, WatermarkStrategy.noWatermarks(), "gossip"), null,
                GraphStateSinks.jdbc(JdbcOptions.defaults().withUrl(jdbcUrl).withBatch(200, 100)),
                GraphStateOptions.defaults().withCheckpointInterval(Duration.ofHours(1))
                        .withIdleness(Duration.ofSeconds(1)), () -> NOW_MS);
        return env.executeAsync("faults-" + topic);
    }

    static long count(DataSource db, String sql) {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1; // the database is down
        }
    }

    /**
     * Waits until each of the {@code tables} holds a row (the job is storing, or has completed a Flink checkpoint:
     * {@code ingest_progress}), then asserts it, so an outage test never starts its fault on an idle job.
     */
    static void awaitRows(DataSource db, String... tables) throws InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (java.util.Arrays.stream(tables).anyMatch(t -> count(db, "SELECT count(*) FROM " + t) <= 0)
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        for (String t : tables) {
            assertThat(count(db, "SELECT count(*) FROM " + t)).as("rows in %s before the fault", t).isPositive();
        }
    }

    /** Waits until the database holds every message and observation produced and answers like the full replay. */
    void awaitFullReplay(Supplier<DataSource> db) throws Exception {
        awaitFullReplay(db, null, null);
    }

    /**
     * As {@link #awaitFullReplay(Supplier)}; when it times out, also prints what the cluster says: TaskManagers and
     * slots, the job's status and its last failure.
     */
    void awaitFullReplay(Supplier<DataSource> db, org.apache.flink.runtime.minicluster.MiniCluster cluster,
            org.apache.flink.api.common.JobID job) throws Exception {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (System.nanoTime() < deadline) {
            if (count(db.get(), "SELECT count(*) FROM messages") == expected.size()
                    && count(db.get(), "SELECT count(*) FROM observations") == observations.size()
                    && answersEqualTheFullReplay(db.get())) {
                return;
            }
            Thread.sleep(500);
        }
        if (cluster != null) {
            var overview = cluster.requestClusterOverview().get();
            var graph = cluster.getExecutionGraph(job).get();
            System.err.printf("catch-up timed out: %d TaskManagers, %d of %d slots free; job %s; last failure: %s%n",
                    overview.getNumTaskManagersConnected(), overview.getNumSlotsAvailable(),
                    overview.getNumSlotsTotal(), graph.getState(),
                    graph.getFailureInfo() == null ? "none" : graph.getFailureInfo().getExceptionAsString());
        }
        dumpThreads(); // what the job was doing when it did not catch up: the assertions that follow say what is missing
    }

    /** Every thread's stack on stderr (the MiniCluster runs in this JVM), for a catch-up that timed out. */
    static void dumpThreads() {
        StringBuilder out = new StringBuilder("catch-up timed out; thread dump:\n");
        for (java.lang.management.ThreadInfo t : java.lang.management.ManagementFactory.getThreadMXBean()
                .dumpAllThreads(true, true)) {
            out.append('"').append(t.getThreadName()).append("\" ").append(t.getThreadState());
            if (t.getLockName() != null) {
                out.append(" on ").append(t.getLockName());
            }
            if (t.getLockOwnerName() != null) {
                out.append(" owned by \"").append(t.getLockOwnerName()).append('"');
            }
            out.append('\n');
            for (StackTraceElement e : t.getStackTrace()) {
                out.append("    at ").append(e).append('\n');
            }
        }
        System.err.println(out);
    }

    boolean answersEqualTheFullReplay(DataSource db) {
        try {
            DatabaseReplay replay = new DatabaseReplay(db);
            for (long t = 1_755_500_000L; t <= 1_755_640_000L; t += 9_000) {
                if (!replay.snapshot(t, MaxAge.DEFAULT).snapshot().equals(expected.snapshot(t, MaxAge.DEFAULT))) {
                    return false;
                }
            }
            return replay.snapshot(1_629_100_000L, MaxAge.UNBOUNDED).snapshot()
                    .equals(expected.snapshot(1_629_100_000L, MaxAge.UNBOUNDED));
        } catch (SQLException e) {
            return false;
        }
    }

    /** Records in the topic, for the failure message. */
    static long recordsIn(String topic) {
        Properties p = KAFKA.kafka().clientProperties();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(p,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            var tp = new org.apache.kafka.common.TopicPartition(topic, 0);
            return consumer.endOffsets(List.of(tp)).get(tp);
        }
    }

    void assertFullReplay(DataSource db, String topic) throws Exception {
        assertThat(count(db, "SELECT count(*) FROM messages")).as("messages stored (%d records of %d in %s)",
                recordsIn(topic), records.size(), topic).isEqualTo(expected.size());
        assertThat(count(db, "SELECT count(*) FROM observations")).isEqualTo(observations.size());
        DatabaseReplay replay = new DatabaseReplay(db);
        for (long t = 1_755_500_000L; t <= 1_755_640_000L; t += 9_000) {
            assertThat(replay.snapshot(t, MaxAge.DEFAULT).snapshot()).as("T=%d", t)
                    .isEqualTo(expected.snapshot(t, MaxAge.DEFAULT));
        }
        assertThat(replay.snapshot(1_629_100_000L, MaxAge.UNBOUNDED).snapshot())
                .isEqualTo(expected.snapshot(1_629_100_000L, MaxAge.UNBOUNDED));
    }
}
