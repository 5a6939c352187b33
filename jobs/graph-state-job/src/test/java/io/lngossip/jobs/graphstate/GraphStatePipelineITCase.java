package io.lngossip.jobs.graphstate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.codec.GossipCodec;
import io.lngossip.codec.GossipObservation;
import io.lngossip.codec.SharedData;
import io.lngossip.codec.sample.SyntheticGossip;
import io.lngossip.codec.io.FileItem;
import io.lngossip.codec.io.GossipFileReader;
import io.lngossip.codec.io.GossipFiles;
import io.lngossip.embedded.junit.KafkaExtension;
import io.lngossip.embedded.junit.PostgresExtension;
import io.lngossip.flink.jdbc.JdbcOptions;
import io.lngossip.flink.kafka.CloseEventRecord;
import io.lngossip.flink.kafka.CloseEventSchema;
import io.lngossip.flink.kafka.GossipHeaders;
import io.lngossip.flink.kafka.GossipObservationSchema;
import io.lngossip.model.GraphHistory;
import io.lngossip.model.MaxAge;
import io.lngossip.model.StoredMessage;
import io.lngossip.schema.HistorySchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole job with its real parts in-process: the real mainnet samples published to Kafka (two collectors, archive
 * replays, a Core Lightning store with receipt times, garbage and close events), the job on a MiniCluster, PostgreSQL.
 * Every answer read back from the database equals a full replay computed here from the files.
 */
class GraphStatePipelineITCase {

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension();

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final String TOPIC = "ln.gossip.raw";
    static final String CLOSES = "ln.channel.closes";
    static final long NOW_MS = 1_764_000_000_000L; // 2025-11-24, after every sample
    static final byte[] GARBAGE = {0x01, 0x03, 0x00};

    static final GraphHistory expected = new GraphHistory();
    static final Set<String> expectedObservations = new HashSet<>();
    static long closedScid;
    static long closedAt;

    @BeforeAll
    static void publishAndRun() throws Exception {
        // one partition: the job sees the files in the order published, so the 17h archive, published after the
        // November file, arrives late for every checkpoint written until then
        KAFKA.kafka().createTopics(Map.of(TOPIC, 1, CLOSES, 1));
        Properties p = KAFKA.kafka().clientProperties();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            // the hourly archives from collector "archive" (no receipt times), the 17h one again from "mirror"
            publish(producer, SharedData.HOUR_10, "archive");
            publish(producer, SharedData.DAILY, "archive");
            publish(producer, SharedData.HOUR_17, "archive");
            publish(producer, SharedData.HOUR_17, "mirror");
            publish(producer, SharedData.GOSSIP_STORE, "cln");
            // a synthetic 2024 history: out of order, late, competing bytes, seen by two collectors
            for (SyntheticGossip.Sighting s : SyntheticGossip.generate(7, 300)) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(TOPIC, null, s.receivedAtMs(), null,
                        s.message());
                record.headers().add(GossipHeaders.COLLECTOR, s.collector().getBytes(StandardCharsets.UTF_8));
                producer.send(record);
                StoredMessage stored = StoredMessage.of(s.message(), s.receivedAtMs() / 1000);
                expected.add(stored);
                expectedObservations.add(stored.id().hex() + "|" + s.collector() + "|" + s.receivedAtMs());
            }
            producer.flush();
            producer.send(new ProducerRecord<>(TOPIC, 0, NOW_MS, null, GARBAGE)).get();
            // close the first announced channel of the daily file at 2025-11-17T17:00:00Z
            closedAt = 1_763_398_800L;
            String close = "{\"scid\": \"" + new io.lngossip.codec.ShortChannelId(closedScid) + "\", \"closed_at\": "
                    + closedAt + "}";
            producer.send(new ProducerRecord<>(CLOSES, null, close.getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(CLOSES, null, "{oops".getBytes(StandardCharsets.UTF_8))).get();
        }
        expected.addClose(closedScid, closedAt);

        HistorySchema.migrate(POSTGRES.dataSource());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(500);
        KafkaSource<GossipObservation> gossip = KafkaSource.<GossipObservation>builder()
                .setBootstrapServers(KAFKA.bootstrapServers()).setTopics(TOPIC).setGroupId("it")
                .setStartingOffsets(OffsetsInitializer.earliest()).setBounded(OffsetsInitializer.latest())
                .setDeserializer(new GossipObservationSchema()).build();
        KafkaSource<CloseEventRecord> closes = KafkaSource.<CloseEventRecord>builder()
                .setBootstrapServers(KAFKA.bootstrapServers()).setTopics(CLOSES).setGroupId("it-closes")
                .setStartingOffsets(OffsetsInitializer.earliest()).setBounded(OffsetsInitializer.latest())
                .setDeserializer(new CloseEventSchema()).build();
        DataStream<GossipObservation> observations = env.fromSource(gossip, WatermarkStrategy.noWatermarks(), "gossip");
        DataStream<CloseEventRecord> closeEvents = env.fromSource(closes, WatermarkStrategy.noWatermarks(), "closes");
        GraphStateOptions options = GraphStateOptions.defaults().withCheckpointInterval(Duration.ofHours(1))
                .withWatermarkEveryMessage(true);
        GraphStatePipeline.build(observations, closeEvents,
                GraphStateSinks.jdbc(JdbcOptions.defaults().withUrl(POSTGRES.jdbcUrl()).withBatch(500, 200)),
                options, () -> NOW_MS);
        env.execute("graph-state-it");
    }

    private static void publish(KafkaProducer<byte[], byte[]> producer, String file, String collector)
            throws Exception {
        Path path = SharedData.file(file);
        try (GossipFileReader reader = GossipFiles.open(path)) {
            for (FileItem item = reader.next(); item != null; item = reader.next()) {
                if (!(item instanceof FileItem.Message m)) {
                    continue;
                }
                Long receipt = m.receiptTime();
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(TOPIC, null,
                        receipt == null ? NOW_MS : receipt, null, m.bytes());
                record.headers().add(GossipHeaders.COLLECTOR, collector.getBytes(StandardCharsets.UTF_8));
                if (receipt == null) {
                    record.headers().add(GossipHeaders.ARCHIVE, file.getBytes(StandardCharsets.UTF_8));
                }
                producer.send(record);
                StoredMessage stored = StoredMessage.of(m.bytes(), receipt == null ? null : receipt / 1000);
                expected.add(stored);
                expectedObservations.add(stored.id().hex() + "|" + collector + "|" + receipt);
                if (closedScid == 0 && file.equals(SharedData.DAILY)
                        && stored.message() instanceof io.lngossip.codec.ChannelAnnouncement a) {
                    closedScid = a.shortChannelId().value();
                }
            }
        }
        producer.flush();
    }

    private static List<String> column(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void shouldStoreEveryDistinctMessageOnceWithEveryObservation() throws Exception {
        assertThat(column("SELECT count(*) FROM messages")).containsExactly(String.valueOf(expected.size()));
        assertThat(column("SELECT count(*) FROM observations"))
                .containsExactly(String.valueOf(expectedObservations.size()));
        // the bytes are stored exactly: every stored message decodes and hashes to its key
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT gossip_id, raw FROM messages")) {
            while (rs.next()) {
                assertThat(io.lngossip.codec.GossipId.of(rs.getBytes(2)).toArray()).isEqualTo(rs.getBytes(1));
                GossipCodec.decode(rs.getBytes(2));
            }
        }
    }

    @Test
    void shouldQuarantineGarbageAndBadCloseEventsWithTheirReason() throws Exception {
        assertThat(column("SELECT reason FROM quarantine ORDER BY reason"))
                .containsExactly("bad close event", "unknown type");
        assertThat(column("SELECT encode(raw, 'hex') FROM quarantine WHERE reason = 'unknown type'"))
                .containsExactly("010300");
    }

    @Test
    void shouldAnswerEverySnapshotLikeAFullReplay() throws Exception {
        DatabaseReplay db = new DatabaseReplay(POSTGRES.dataSource());
        // instants around the samples: the 2021 store, the two 2025-08-19 hours, the 2025-11-17 daily file, the close
        long[] instants = {1_629_071_200L, 1_704_070_000L, 1_704_100_000L, 1_704_153_600L, 1_704_200_000L,
            1_704_240_000L, 1_705_000_000L, 1_755_600_000L, 1_755_615_600L, 1_755_622_800L, 1_755_626_399L,
            1_763_398_799L, 1_763_398_800L, 1_763_400_000L, 1_763_401_000L, 1_764_000_000L};
        Set<Long> usedCheckpoints = new TreeSet<>();
        for (long t : instants) {
            for (MaxAge maxAge : List.of(MaxAge.DEFAULT, MaxAge.UNBOUNDED)) {
                DatabaseReplay.Answer answer = db.snapshot(t, maxAge);
                assertThat(answer.snapshot()).as("T=%d maxAge=%s", t, maxAge).isEqualTo(expected.snapshot(t, maxAge));
                if (answer.checkpoint() != null) {
                    usedCheckpoints.add(answer.checkpoint());
                }
            }
        }
        // the answers really came from checkpoints, not only from replaying deltas
        assertThat(usedCheckpoints).isNotEmpty();
        assertThat(expected.snapshot(1_763_401_000L, MaxAge.DEFAULT).channels()).isNotEmpty();
        assertThat(expected.snapshot(1_763_398_800L, MaxAge.UNBOUNDED).channels())
                .noneMatch(ch -> ch.scid() == closedScid);
    }

    @Test
    void shouldRebuildStaleCheckpointsWithoutChangingAnyAnswer() throws Exception {
        io.lngossip.query.dao.HistoryDao dao = new io.lngossip.query.dao.HistoryDao(POSTGRES.dataSource());
        long stale = dao.checkpoints().stream().filter(c -> !c.complete()).count();
        assertThat(stale).as("the late 17h archive left stale checkpoints").isPositive();
        assertThat(new io.lngossip.query.dao.CheckpointRebuilder(POSTGRES.dataSource()).rebuild()).isEqualTo(stale);
        assertThat(dao.checkpoints()).allMatch(io.lngossip.model.ReconstructionPlanner.CheckpointInfo::complete);
        // and every rebuilt checkpoint is what a full replay gives at its instant
        for (var c : dao.checkpoints()) {
            assertThat(dao.checkpoint(c.instant())).isEqualTo(expected.checkpoint(c.instant()));
        }
        DatabaseReplay db = new DatabaseReplay(POSTGRES.dataSource());
        for (long t : new long[] {1_755_600_000L, 1_755_622_800L, 1_763_400_000L}) {
            assertThat(db.snapshot(t, MaxAge.DEFAULT).snapshot()).isEqualTo(expected.snapshot(t, MaxAge.DEFAULT));
        }
    }

    @Test
    void shouldWriteHourlyCountsAndCoverage() throws Exception {
        // every distinct update with a timestamp is counted once in the hour of its timestamp
        long updates = expected.messages().stream()
                .filter(m -> m.message() instanceof io.lngossip.codec.ChannelUpdate).count();
        assertThat(column("SELECT sum(channel_updates) FROM network_stats_hourly"))
                .containsExactly(String.valueOf(updates));
        assertThat(column("SELECT DISTINCT collector FROM coverage_hours ORDER BY 1"))
                .containsExactly("archive", "cln", "gen-a", "gen-b", "mirror");
        assertThat(column("SELECT count(*) FROM checkpoints")).isNotEqualTo(List.of("0"));
        // the late 17h archive made earlier checkpoints stale
        assertThat(column("SELECT count(*) FROM checkpoint_invalidations")).isNotEqualTo(List.of("0"));
        assertThat(column("SELECT count(*) FROM ingest_progress")).containsExactly("1");
    }
}
