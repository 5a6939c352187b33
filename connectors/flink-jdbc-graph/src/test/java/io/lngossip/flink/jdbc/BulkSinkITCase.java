package io.lngossip.flink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lngossip.embedded.junit.PostgresExtension;
import io.lngossip.schema.HistorySchema;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BulkSinkITCase {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @BeforeEach
    void freshTables() throws Exception {
        HistorySchema.migrate(POSTGRES.dataSource());
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE messages, observations, half_channel_updates, node_updates");
        }
    }

    /** A clock the test moves; due callbacks run in the test's thread, as Flink runs them in the task's. */
    static final class ManualTime implements ProcessingTimeService {
        private long now;
        private final PriorityQueue<Map.Entry<Long, ProcessingTimeCallback>> due =
                new PriorityQueue<>(Map.Entry.comparingByKey());

        @Override
        public long getCurrentProcessingTime() {
            return now;
        }

        @Override
        public ScheduledFuture<?> registerTimer(long timestamp, ProcessingTimeCallback target) {
            due.add(Map.entry(timestamp, target));
            return null;
        }

        int pending() {
            return due.size();
        }

        void advance(long ms) throws Exception {
            now += ms;
            while (!due.isEmpty() && due.peek().getKey() <= now) {
                due.poll().getValue().onProcessingTime(now);
            }
        }
    }

    private static JdbcOptions options(int batchSize, long intervalMs) {
        return JdbcOptions.defaults().withUrl(POSTGRES.jdbcUrl()).withBatch(batchSize, intervalMs);
    }

    private static <T> BulkSink.Writer<T> writer(BulkStatement<T> statement, JdbcOptions options, ManualTime time) {
        return new BulkSink.Writer<>(options, statement, time);
    }

    /** Writes the rows through a writer in batches of {@code batchSize} keys, then flushes and closes it. */
    private static <T> void apply(BulkStatement<T> statement, List<T> rows, int batchSize) throws Exception {
        BulkSink.Writer<T> w = writer(statement, options(batchSize, 0), new ManualTime());
        for (T row : rows) {
            w.write(row, null);
        }
        w.flush(false);
        w.close();
    }

    private static List<String> rows(String sql) throws Exception {
        return TableRows.rows(POSTGRES.dataSource(), sql);
    }

    private static byte[] id(int firstByte) {
        return TableRows.id(firstByte);
    }

    @Test
    void shouldKeepTheSmallestIdPerSlotWhateverTheOrderAndRepetition() throws Exception {
        List<HalfChannelUpdateRow> candidates = new ArrayList<>();
        for (int first : new int[] {0x90, 0x10, 0xf0, 0x10, 0x7f}) {
            candidates.add(new HalfChannelUpdateRow(7, 1, 1000, id(first)));
        }
        candidates.add(new HalfChannelUpdateRow(7, 0, 1000, id(0xaa)));
        Collections.shuffle(candidates, new Random(3));
        apply(BulkStatements.halfChannelUpdates(), candidates, 100);
        apply(BulkStatements.halfChannelUpdates(), candidates.subList(0, 3), 100);
        assertThat(rows("SELECT scid, direction, timestamp, substr(encode(gossip_id, 'hex'), 1, 2)"
                + " FROM half_channel_updates ORDER BY 1, 2, 3"))
                .containsExactly("7|0|1000|aa", "7|1|1000|10");
    }

    @Test
    void shouldCompareIdsAsUnsignedBytesAsPostgresDoes() throws Exception {
        // 0x7f < 0x80 for PostgreSQL's bytea; a signed comparison would keep 0x80 (-128)
        apply(BulkStatements.nodeUpdates(), List.of(new NodeUpdateRow(id(2), 10, id(0x7f)),
                new NodeUpdateRow(id(2), 10, id(0x80)), new NodeUpdateRow(id(2), 11, id(0x44))), 100);
        apply(BulkStatements.nodeUpdates(), List.of(new NodeUpdateRow(id(2), 10, id(0x81))), 100);
        assertThat(rows("SELECT timestamp, substr(encode(gossip_id, 'hex'), 1, 2) FROM node_updates ORDER BY 1"))
                .containsExactly("10|7f", "11|44");
    }

    @Test
    void shouldStoreMessagesOnceAndRememberTheEarliestReceipt() throws Exception {
        MessageRow noTime = new MessageRow(id(1), 258, 5L, 1, null, null, null, 100L, null, new byte[] {1, 2});
        MessageRow later = new MessageRow(id(1), 258, 5L, 1, null, null, null, 100L, 500L, new byte[] {1, 2});
        MessageRow earlier = new MessageRow(id(1), 258, 5L, 1, null, null, null, 100L, 300L, new byte[] {1, 2});
        MessageRow node = new MessageRow(id(2), 257, null, null, id(9), null, null, 70L, null, new byte[] {3});
        MessageRow channel = new MessageRow(id(3), 256, 5L, null, null, id(7), id(8), null, 40L, new byte[] {4});
        apply(BulkStatements.messages(), List.of(noTime, later, node, earlier, later, noTime, channel), 100);
        apply(BulkStatements.messages(), List.of(later, noTime), 100);
        assertThat(rows("SELECT type, scid, direction, substr(encode(node_id, 'hex'), 1, 2),"
                + " substr(encode(node_id_1, 'hex'), 1, 2), substr(encode(node_id_2, 'hex'), 1, 2), timestamp,"
                + " first_seen, encode(raw, 'hex') FROM messages ORDER BY type"))
                .containsExactly("256|5|null|null|07|08|null|40|04", "257|null|null|09|null|null|70|null|03",
                        "258|5|1|null|null|null|100|300|0102");
    }

    @Test
    void shouldKeepEveryDistinctObservationOnce() throws Exception {
        ObservationRow a = new ObservationRow(id(1), "node-a", 1000L, "kafka:t/0@1");
        ObservationRow aReplayed = new ObservationRow(id(1), "node-a", 1000L, "kafka:t/0@1");
        ObservationRow b = new ObservationRow(id(1), "node-b", 1200L, "kafka:t/0@2");
        ObservationRow archive = new ObservationRow(id(1), "unknown", null, "file:x.gsp@4");
        apply(BulkStatements.observations(), List.of(a, aReplayed, b, archive, archive), 100);
        apply(BulkStatements.observations(), List.of(archive, a), 100);
        assertThat(rows("SELECT collector, seen_at_ms, source FROM observations ORDER BY 1"))
                .containsExactly("node-a|1000|kafka:t/0@1", "node-b|1200|kafka:t/0@2", "unknown|null|file:x.gsp@4");
    }

    @Test
    void shouldPlaceIdsInTheOrderPostgresSortsBytea() {
        Random random = new Random(5);
        List<byte[]> ids = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            byte[] b = new byte[32];
            random.nextBytes(b);
            ids.add(b);
        }
        ids.add(new byte[32]);
        byte[] max = new byte[32];
        java.util.Arrays.fill(max, (byte) 0xff);
        ids.add(max);
        for (byte[] a : ids) {
            for (byte[] b : ids.subList(0, 50)) {
                int bytea = Integer.signum(java.util.Arrays.compareUnsigned(a, 0, 8, b, 0, 8));
                assertThat(Integer.signum(Long.compare(BulkStatements.leading(a), BulkStatements.leading(b))))
                        .isEqualTo(bytea);
            }
        }
    }

    @Test
    void shouldFailTheStatementWithARepeatedKeyWhichIsWhyTheWriterMergesThem() throws Exception {
        BulkStatement<HalfChannelUpdateRow> st = BulkStatements.halfChannelUpdates();
        try (Connection c = POSTGRES.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(st.sql())) {
            st.bind(ps, List.of(new HalfChannelUpdateRow(1, 0, 100, id(9)),
                    new HalfChannelUpdateRow(1, 0, 100, id(3))));
            assertThatThrownBy(ps::executeUpdate).hasMessageContaining("cannot affect row a second time");
        }
    }

    @Test
    void shouldLeaveTheTablesAsTheCanonicalRowPerKeyWhateverTheBatching() throws Exception {
        Random random = new Random(11);
        List<HalfChannelUpdateRow> updates = new ArrayList<>();
        List<MessageRow> messages = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            updates.add(new HalfChannelUpdateRow(random.nextInt(40), random.nextInt(2), 1000 + random.nextInt(5),
                    id(random.nextInt(256))));
            int m = random.nextInt(256);
            Long seen = random.nextInt(4) == 0 ? null : 5000L + random.nextInt(1000);
            messages.add(new MessageRow(id(m), 257, null, null, id(m), null, null, (long) m, seen, new byte[] {1}));
        }
        // the canonical row per key, computed here from the input: the smallest id, the earliest known receipt
        Map<String, Integer> slots = new TreeMap<>(); // ordered as the sorted strings of the table's rows
        for (HalfChannelUpdateRow r : updates) {
            slots.merge(r.scid() + "|" + r.direction() + "|" + r.timestamp(), r.gossipId()[0] & 0xff, Math::min);
        }
        Map<Integer, Long> firstSeen = new TreeMap<>();
        for (MessageRow r : messages) {
            firstSeen.merge(r.timestamp().intValue(), r.firstSeen() == null ? Long.MAX_VALUE : r.firstSeen(),
                    Math::min);
        }
        List<String> expectedSlots = new ArrayList<>();
        slots.forEach((k, v) -> expectedSlots.add(k + "|" + String.format("%02x", v)));
        List<String> expectedMessages = new ArrayList<>();
        firstSeen.forEach((k, v) -> expectedMessages.add(k + "|" + (v == Long.MAX_VALUE ? "null" : v)));

        for (int batchSize : new int[] {1, 7, 250, 10_000}) {
            freshTables();
            apply(BulkStatements.halfChannelUpdates(), updates, batchSize);
            apply(BulkStatements.messages(), messages, batchSize);
            assertThat(rows("SELECT scid || '|' || direction || '|' || timestamp || '|'"
                    + " || substr(encode(gossip_id, 'hex'), 1, 2) FROM half_channel_updates").stream().sorted()
                    .toList()).as("batches of %d", batchSize)
                    .containsExactlyElementsOf(expectedSlots.stream().sorted().toList());
            assertThat(rows("SELECT timestamp, first_seen FROM messages ORDER BY timestamp"))
                    .as("batches of %d", batchSize).containsExactlyElementsOf(expectedMessages);
        }
    }

    @Test
    void shouldWriteABatchWhenFullWhenItsIntervalEndsAndWhenFlushed() throws Exception {
        ManualTime time = new ManualTime();
        BulkSink.Writer<HalfChannelUpdateRow> w = writer(BulkStatements.halfChannelUpdates(), options(3, 200), time);
        w.write(new HalfChannelUpdateRow(1, 0, 10, id(5)), null);
        w.write(new HalfChannelUpdateRow(1, 0, 10, id(4)), null); // same key: still one row buffered
        w.write(new HalfChannelUpdateRow(2, 0, 10, id(4)), null);
        assertThat(w.buffered()).isEqualTo(2);
        assertThat(rows("SELECT scid FROM half_channel_updates")).isEmpty();
        time.advance(199);
        assertThat(rows("SELECT scid FROM half_channel_updates")).isEmpty();
        time.advance(1);
        assertThat(rows("SELECT scid FROM half_channel_updates ORDER BY 1")).containsExactly("1", "2");
        assertThat(w.buffered()).isZero();

        for (int scid = 3; scid <= 5; scid++) { // the third key fills the batch
            w.write(new HalfChannelUpdateRow(scid, 0, 10, id(4)), null);
        }
        assertThat(rows("SELECT count(*) FROM half_channel_updates")).containsExactly("5");
        assertThat(time.pending()).isEqualTo(1); // the timer of the batch that filled: it finds nothing to write
        time.advance(200);
        assertThat(w.statements()).isEqualTo(2);

        w.write(new HalfChannelUpdateRow(6, 0, 10, id(4)), null);
        w.flush(false);
        assertThat(rows("SELECT count(*) FROM half_channel_updates")).containsExactly("6");
        assertThat(w.statements()).isEqualTo(3);
        assertThat(w.rowsWritten()).isEqualTo(6);
        w.close();
        time.advance(1000); // a timer firing after close writes nothing and does not fail
        assertThat(w.statements()).isEqualTo(3);
    }

    @Test
    void shouldRetryOnANewConnectionWhenTheOldOneBreaks() throws Exception {
        BulkSink.Writer<HalfChannelUpdateRow> w = writer(BulkStatements.halfChannelUpdates(), options(100, 0),
                new ManualTime());
        w.write(new HalfChannelUpdateRow(1, 0, 10, id(5)), null);
        w.flush(false);
        try (Connection admin = POSTGRES.dataSource().getConnection(); Statement s = admin.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE query LIKE 'INSERT INTO half_channel_updates%'");
        }
        w.write(new HalfChannelUpdateRow(2, 0, 10, id(5)), null);
        w.flush(false);
        assertThat(rows("SELECT scid FROM half_channel_updates ORDER BY 1")).containsExactly("1", "2");
        assertThat(w.retries()).isEqualTo(1);
        assertThat(w.statements()).isEqualTo(2);
        w.close();
    }

    @Test
    void shouldFailTheWriteAfterItsRetriesAndKeepTheRows() throws Exception {
        // a database without the table: every attempt connects and fails
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS empty_schema");
        }
        String url = POSTGRES.jdbcUrl() + (POSTGRES.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=empty_schema";
        BulkSink.Writer<HalfChannelUpdateRow> w = writer(BulkStatements.halfChannelUpdates(),
                new JdbcOptions(url, null, null, 100, 0, 1), new ManualTime());
        w.write(new HalfChannelUpdateRow(1, 0, 10, id(5)), null);
        assertThatThrownBy(() -> w.flush(false)).isInstanceOf(IOException.class)
                .hasMessageContaining("writing 1 rows failed after 2 attempts")
                .hasStackTraceContaining("half_channel_updates\" does not exist");
        assertThat(w.buffered()).isEqualTo(1);
        assertThat(w.retries()).isEqualTo(1);
        w.close(); // does not throw with rows still buffered
    }

    @Test
    void shouldFailAtOnceWhenTheDatabaseCannotBeReached() throws Exception {
        JdbcOptions unreachable = new JdbcOptions("jdbc:postgresql://127.0.0.1:1/none", null, null, 100, 0, 5);
        BulkSink.Writer<HalfChannelUpdateRow> w = writer(BulkStatements.halfChannelUpdates(), unreachable,
                new ManualTime());
        w.write(new HalfChannelUpdateRow(1, 0, 10, id(5)), null);
        assertThatThrownBy(() -> w.flush(false)).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot connect to write 1 rows");
        assertThat(w.retries()).isZero();
        assertThat(w.buffered()).isEqualTo(1);
        w.close();
    }

    @Test
    void shouldWriteThroughAFlinkJobAtLeastOnceWithKeysSharedBetweenWriters() throws Exception {
        List<HalfChannelUpdateRow> input = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            input.add(new HalfChannelUpdateRow(i % 50, i % 2, 1000 + (i % 7), id((i * 31) % 256)));
        }
        // every row twice, as a replay after a restart would deliver it; unkeyed, so both writers see every slot
        input.addAll(new ArrayList<>(input));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromData(input).rebalance().sinkTo(new HistorySinks(options(64, 200)).bulk(
                BulkStatements.halfChannelUpdates()));
        env.execute("bulk sink test");

        Map<String, Integer> expected = new TreeMap<>();
        for (HalfChannelUpdateRow r : input) {
            expected.merge(r.scid() + "|" + r.direction() + "|" + r.timestamp(), r.gossipId()[0] & 0xff, Math::min);
        }
        List<String> expectedRows = new ArrayList<>();
        expected.forEach((k, v) -> expectedRows.add(k + "|" + String.format("%02x", v)));
        assertThat(rows("SELECT scid || '|' || direction || '|' || timestamp || '|'"
                + " || substr(encode(gossip_id, 'hex'), 1, 2) FROM half_channel_updates").stream().sorted().toList())
                .containsExactlyElementsOf(expectedRows.stream().sorted().toList());
    }

    /** The half_channel_updates upsert as the job ran it before BulkSink: one row per execution. */
    private static final String SINGLE_ROW_UPSERT = "INSERT INTO half_channel_updates (scid, direction, timestamp,"
            + " gossip_id) VALUES (?, ?, ?, ?) ON CONFLICT (scid, direction, timestamp) DO UPDATE"
            + " SET gossip_id = EXCLUDED.gossip_id WHERE EXCLUDED.gossip_id < half_channel_updates.gossip_id";

    private static StreamExecutionEnvironment upgradeJob(boolean bulk, int rows) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        var updates = env.fromSequence(0, rows - 1).uid("source").map(i -> {
            Thread.sleep(1);
            // the job after the upgrade writes smaller ids, which replace those of the rows it writes again
            return new HalfChannelUpdateRow(i, 0, 1000, id(bulk ? 0x11 : 0x22));
        }).uid("rows");
        HistorySinks sinks = new HistorySinks(options(64, 100));
        if (bulk) {
            updates.sinkTo(sinks.bulk(BulkStatements.halfChannelUpdates())).uid("sink-half-channel-updates");
        } else {
            updates.sinkTo(sinks.sink(new org.apache.flink.connector.jdbc.datasource.statements
                    .SimpleJdbcQueryStatement<HalfChannelUpdateRow>(SINGLE_ROW_UPSERT, (ps, r) -> {
                        ps.setLong(1, r.scid());
                        ps.setShort(2, (short) r.direction());
                        ps.setLong(3, r.timestamp());
                        ps.setBytes(4, r.gossipId());
                    }))).uid("sink-half-channel-updates");
        }
        return env;
    }

    @Test
    void shouldRestoreASavepointOfTheJobThatWroteThroughFlinkJdbcSinks(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path savepoints) throws Exception {
        // a job upgraded from the build before BulkSink (flink-connector-jdbc sinks under the same uids, their writer
        // and committer state included) restores its savepoint without --allowNonRestoredState, and loses nothing
        int rows = 6000;
        var before = upgradeJob(false, rows).executeAsync("before");
        while (Integer.parseInt(rows("SELECT count(*) FROM half_channel_updates").get(0)) < 500) {
            Thread.sleep(50);
        }
        String savepoint = before.stopWithSavepoint(false, savepoints.toUri().toString(),
                org.apache.flink.core.execution.SavepointFormatType.CANONICAL).get();
        int written = Integer.parseInt(rows("SELECT count(*) FROM half_channel_updates").get(0));
        assertThat(written).isLessThan(rows);

        StreamExecutionEnvironment after = upgradeJob(true, rows);
        var graph = after.getStreamGraph();
        graph.setSavepointRestoreSettings(org.apache.flink.runtime.jobgraph.SavepointRestoreSettings.forPath(
                savepoint, false));
        after.executeAsync(graph).getJobExecutionResult().get();
        assertThat(rows("SELECT count(*), count(DISTINCT scid), min(scid), max(scid) FROM half_channel_updates"))
                .containsExactly(rows + "|" + rows + "|0|" + (rows - 1));
        // it went on from the savepoint: the rows the savepoint covers were not written again
        int notRewritten = Integer.parseInt(rows("SELECT count(*) FROM half_channel_updates"
                + " WHERE get_byte(gossip_id, 0) = 34").get(0));
        assertThat(notRewritten).isGreaterThan(0).isLessThanOrEqualTo(written);
    }
}
