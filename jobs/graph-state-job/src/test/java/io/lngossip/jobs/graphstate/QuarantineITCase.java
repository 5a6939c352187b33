package io.lngossip.jobs.graphstate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.codec.ChannelAnnouncement;
import io.lngossip.codec.ChannelUpdate;
import io.lngossip.codec.GossipCodec;
import io.lngossip.codec.GossipId;
import io.lngossip.codec.GossipMessage;
import io.lngossip.codec.GossipObservation;
import io.lngossip.codec.Hex;
import io.lngossip.codec.NodeAnnouncement;
import io.lngossip.codec.SharedData;
import io.lngossip.codec.ValidationOptions;
import io.lngossip.codec.io.FileItem;
import io.lngossip.codec.io.GossipFileReader;
import io.lngossip.codec.io.GossipFiles;
import io.lngossip.embedded.junit.KafkaExtension;
import io.lngossip.embedded.junit.PostgresExtension;
import io.lngossip.flink.jdbc.JdbcOptions;
import io.lngossip.flink.kafka.GossipHeaders;
import io.lngossip.flink.kafka.GossipObservationSchema;
import io.lngossip.schema.HistorySchema;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input through the whole job with signature checks on (Kafka, MiniCluster, PostgreSQL): two real hourly archives,
 * then known bad messages made from real ones, each of one kind (SEMANTICS §3): cut short, unknown type, another
 * chain, dated two hours after its receipt, a length prefix running past the end, a key that is not a point, and
 * tampered signed messages (a node_announcement, a channel_announcement, and channel_updates of the archive's
 * announced channel, one with its fee changed and one with its signature changed). The quarantine holds exactly those
 * bytes under exactly those reasons, and every good message is stored.
 */
class QuarantineITCase {

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension();

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final String TOPIC = "ln.gossip.raw";
    static final long NOW_MS = 1_764_000_000_000L; // 2025-11-24, after every sample
    static final byte[] TESTNET = Hex.decode("43497fd7f826957108f4a30fd9cec3aeba79972084e90ead01ea330900000000");

    /** The bytes injected under each reason, as the quarantine must hold them. */
    static final Map<String, Set<String>> injected = new TreeMap<>();
    static final Set<String> good = new HashSet<>();
    static byte[] forgedOrphan;

    @BeforeAll
    static void publishAndRun() throws Exception {
        KAFKA.kafka().createTopics(Map.of(TOPIC, 1));
        List<byte[]> real = new ArrayList<>();
        for (String file : List.of(SharedData.HOUR_17, SharedData.HOUR_10)) {
            try (GossipFileReader reader = GossipFiles.open(SharedData.file(file))) {
                for (FileItem item = reader.next(); item != null; item = reader.next()) {
                    if (item instanceof FileItem.Message m) {
                        real.add(m.bytes());
                    }
                }
            }
        }
        ChannelAnnouncement announcement = null;
        byte[] announcementRaw = null;
        for (byte[] raw : real) {
            if (GossipCodec.decode(raw) instanceof ChannelAnnouncement a) {
                announcement = a;
                announcementRaw = raw;
            }
        }
        assertThat(announcement).as("the 17h archive announces one channel").isNotNull();
        long announced = announcement.shortChannelId().value();
        byte[] ownUpdate = null;
        byte[] orphan = null;
        byte[] node = null;
        for (byte[] raw : real) {
            GossipMessage m = GossipCodec.decode(raw);
            if (m instanceof ChannelUpdate u && raw.length == 138 && u.hasHtlcMaximumMsat()) {
                if (u.shortChannelId().value() == announced) {
                    ownUpdate = ownUpdate == null ? raw : ownUpdate;
                } else {
                    orphan = orphan == null ? raw : orphan;
                }
            } else if (m instanceof NodeAnnouncement && node == null) {
                node = raw;
            }
        }
        assertThat(ownUpdate).as("an update of the announced channel").isNotNull();
        real.forEach(raw -> good.add(GossipId.of(raw).hex()));

        // channel_update: type 2, signature 64, chain 32, scid 8, timestamp 4 (at 106), flags 2, cltv 2,
        // htlc_min 8, fee_base 4 (at 120); node_announcement: signature 64, flen 2 (at 66), features, timestamp,
        // node_id 33, rgb 3, alias 32
        int nodeFlen = ((node[66] & 0xff) << 8) | (node[67] & 0xff);
        int nodeIdAt = 68 + nodeFlen + 4;
        int announcementChainAt = 2 + 256 + 2 + (((announcementRaw[258] & 0xff) << 8) | (announcementRaw[259] & 0xff));
        long future = NOW_MS / 1000 + 7200;

        inject("truncated", slice(orphan, 100), slice(orphan, 137), slice(node, 40));
        inject("unknown type", with(orphan, 0, new byte[] {0x01, 0x03}), with(node, 0, new byte[] {0x00, 0x10}));
        inject("wrong chain", with(orphan, 66, TESTNET), with(announcementRaw, announcementChainAt, TESTNET));
        inject("future timestamp", with(orphan, 106, u32(future)), with(node, 68 + nodeFlen, u32(future)));
        inject("bad length", with(node, 66, new byte[] {(byte) 0xff, (byte) 0xff}));
        inject("bad node id", with(node, nodeIdAt, new byte[] {0x05}));
        inject("bad signature",
                flip(node, node.length - 1),                         // the last address or alias byte
                flip(announcementRaw, announcementRaw.length - 1),   // bitcoin_key_2's last byte
                flip(ownUpdate, 120 + 3),                            // fee_base_msat of the announced channel
                flip(ownUpdate, 2 + 10));                            // its signature
        // an update of a channel nobody announced has no known signer: stored unchecked (docs/RELIABILITY.md)
        forgedOrphan = flip(orphan, 120 + 3);

        Properties p = KAFKA.kafka().clientProperties();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] raw : real) { // archives: no receipt time
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(TOPIC, null, NOW_MS, null, raw);
                r.headers().add(GossipHeaders.COLLECTOR, "archive".getBytes(StandardCharsets.UTF_8));
                r.headers().add(GossipHeaders.ARCHIVE, "samples".getBytes(StandardCharsets.UTF_8));
                producer.send(r);
            }
            List<byte[]> bad = new ArrayList<>();
            injected.values().forEach(set -> set.forEach(hex -> bad.add(Hex.decode(hex))));
            bad.add(forgedOrphan);
            for (byte[] raw : bad) { // live, received now
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(TOPIC, null, NOW_MS, null, raw);
                r.headers().add(GossipHeaders.COLLECTOR, "forger".getBytes(StandardCharsets.UTF_8));
                producer.send(r);
            }
            producer.flush();
        }

        HistorySchema.migrate(POSTGRES.dataSource());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(500);
        KafkaSource<GossipObservation> gossip = KafkaSource.<GossipObservation>builder()
                .setBootstrapServers(KAFKA.bootstrapServers()).setTopics(TOPIC).setGroupId("quarantine-it")
                .setStartingOffsets(OffsetsInitializer.earliest()).setBounded(OffsetsInitializer.latest())
                .setDeserializer(new GossipObservationSchema()).build();
        GraphStateOptions options = GraphStateOptions.defaults().withWatermarkEveryMessage(true)
                .withValidation(ValidationOptions.defaults().withSignatureChecks(true));
        GraphStatePipeline.build(env.fromSource(gossip, WatermarkStrategy.noWatermarks(), "gossip"), null,
                GraphStateSinks.jdbc(JdbcOptions.defaults().withUrl(POSTGRES.jdbcUrl()).withBatch(500, 200)),
                options, () -> NOW_MS);
        env.execute("quarantine-it");
    }

    private static void inject(String reason, byte[]... messages) {
        for (byte[] m : messages) {
            injected.computeIfAbsent(reason, r -> new TreeSet<>()).add(Hex.encode(m));
        }
    }

    private static byte[] slice(byte[] raw, int length) {
        return java.util.Arrays.copyOf(raw, length);
    }

    private static byte[] with(byte[] raw, int at, byte[] replacement) {
        byte[] copy = raw.clone();
        System.arraycopy(replacement, 0, copy, at, replacement.length);
        return copy;
    }

    private static byte[] flip(byte[] raw, int at) {
        byte[] copy = raw.clone();
        copy[at] ^= 0x01;
        return copy;
    }

    private static byte[] u32(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static List<String[]> rows(String sql) throws Exception {
        List<String[]> out = new ArrayList<>();
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                String[] row = new String[n];
                for (int i = 0; i < n; i++) {
                    row[i] = rs.getString(i + 1);
                }
                out.add(row);
            }
        }
        return out;
    }

    @Test
    void shouldQuarantineExactlyWhatWasInjectedUnderItsReason() throws Exception {
        Map<String, Set<String>> stored = new TreeMap<>();
        for (String[] r : rows("SELECT reason, encode(raw, 'hex'), collector FROM quarantine")) {
            assertThat(r[2]).isEqualTo("forger");
            stored.computeIfAbsent(r[0], k -> new TreeSet<>()).add(r[1]);
        }
        assertThat(stored).isEqualTo(injected);
        Map<String, Integer> counts = new TreeMap<>();
        for (String[] r : rows("SELECT reason, count(*) FROM quarantine GROUP BY reason")) {
            counts.put(r[0], Integer.parseInt(r[1]));
        }
        assertThat(counts).containsExactlyEntriesOf(new TreeMap<>(Map.of("bad length", 1, "bad node id", 1,
                "bad signature", 4, "future timestamp", 2, "truncated", 3, "unknown type", 2, "wrong chain", 2)));
    }

    @Test
    void shouldStoreEveryGoodMessageAndNoQuarantinedOne() throws Exception {
        Set<String> messages = new HashSet<>();
        for (String[] r : rows("SELECT encode(gossip_id, 'hex') FROM messages")) {
            messages.add(r[0]);
        }
        Set<String> want = new HashSet<>(good);
        want.add(GossipId.of(forgedOrphan).hex());
        assertThat(messages).isEqualTo(want);
    }
}
