package io.lngossip.flink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.embedded.junit.PostgresExtension;
import io.lngossip.schema.HistorySchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.jdbc.datasource.statements.JdbcQueryStatement;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HistoryStatementsITCase {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @BeforeEach
    void freshTables() throws Exception {
        HistorySchema.migrate(POSTGRES.dataSource());
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE messages, observations, channels, channel_capacities, half_channel_updates,"
                    + " node_updates, channel_closes, close_hints, checkpoints, checkpoint_invalidations, quarantine,"
                    + " network_stats_hourly, coverage_hours, ingest_progress");
        }
    }

    private static <T> void apply(JdbcQueryStatement<T> statement, List<T> rows) throws Exception {
        try (Connection c = POSTGRES.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(statement.query())) {
            for (T row : rows) {
                statement.statement(ps, row);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static List<String> rows(String sql) throws Exception {
        return TableRows.rows(POSTGRES.dataSource(), sql);
    }

    private static byte[] id(int firstByte) {
        return TableRows.id(firstByte);
    }

    @Test
    void shouldKeepTheCanonicalAnnouncementWithItsEndpoints() throws Exception {
        byte[] n1 = id(2);
        byte[] n2 = id(3);
        byte[] other = id(4);
        apply(HistoryStatements.channels(), List.of(new ChannelRow(9, id(0x50), n1, n2),
                new ChannelRow(9, id(0x20), n2, other), new ChannelRow(9, id(0x60), other, n1)));
        assertThat(rows("SELECT scid, substr(encode(gossip_id, 'hex'), 1, 2), substr(encode(node_id_1, 'hex'), 1, 2),"
                + " substr(encode(node_id_2, 'hex'), 1, 2) FROM channels")).containsExactly("9|20|03|04");
    }

    @Test
    void shouldKeepTheEarliestClose() throws Exception {
        apply(HistoryStatements.closes(), List.of(new CloseRow(1, 500), new CloseRow(1, 400), new CloseRow(1, 450),
                new CloseRow(2, 90)));
        apply(HistoryStatements.closes(), List.of(new CloseRow(1, 420)));
        assertThat(rows("SELECT scid, closed_at FROM channel_closes ORDER BY 1")).containsExactly("1|400", "2|90");
    }

    @Test
    void shouldReplaceACheckpointOnlyWithALaterWriteAndNeverMoveProgressBack() throws Exception {
        apply(HistoryStatements.checkpoints(), List.of(new CheckpointRow(3600, 1, 10, new byte[] {1}, 1, 2, 3, 10),
                new CheckpointRow(3600, 1, 12, new byte[] {2}, 4, 5, 6, 20),
                new CheckpointRow(3600, 1, 11, new byte[] {3}, 7, 8, 9, 30)));
        assertThat(rows("SELECT instant, encode(body, 'hex'), channels, half_channels, nodes FROM checkpoints"))
                .containsExactly("3600|02|4|5|6");
        apply(HistoryStatements.progress(), List.of(new ProgressRow("j", 100, 5, 1), new ProgressRow("j", 50, 4, 2)));
        assertThat(rows("SELECT event_time_watermark, checkpoint_id FROM ingest_progress")).containsExactly("100|5");
    }

    @Test
    void shouldTellUsableCheckpointsWhateverOrderTheSinksFlushIn() throws Exception {
        // written by the job in seq order: C=3600 (seq 1), C=7200 (seq 2), invalidation [0, 7200) (seq 3),
        // C=7200 rewritten (seq 4); the invalidation lands first, the rewrite before the original
        apply(HistoryStatements.invalidations(), List.of(new InvalidationRow(3, 0, 7200)));
        apply(HistoryStatements.checkpoints(), List.of(new CheckpointRow(7200, 1, 4, new byte[] {4}, 0, 0, 0, 0),
                new CheckpointRow(3600, 1, 1, new byte[] {1}, 0, 0, 0, 0),
                new CheckpointRow(7200, 1, 2, new byte[] {2}, 0, 0, 0, 0)));
        assertThat(rows(HistoryStatements.USABLE_CHECKPOINTS_SQL)).containsExactly("7200");
        assertThat(rows("SELECT encode(body, 'hex') FROM checkpoints WHERE instant = 7200")).containsExactly("04");
    }

    @Test
    void shouldKeepOneQuarantineRowPerObservation() throws Exception {
        QuarantineRow q = QuarantineRow.of(new byte[] {9}, "kafka:t/0@3", "node-a", 1000L, "unknown type", "type 9", 1);
        QuarantineRow sameLater = QuarantineRow.of(new byte[] {9}, "kafka:t/0@3", "node-a", 1000L, "unknown type",
                "type 9", 2);
        QuarantineRow otherSource = QuarantineRow.of(new byte[] {9}, "kafka:t/0@4", "node-a", 1000L, "unknown type",
                "type 9", 3);
        apply(HistoryStatements.quarantine(), List.of(q, sameLater, otherSource));
        assertThat(rows("SELECT source, reason FROM quarantine ORDER BY 1"))
                .containsExactly("kafka:t/0@3|unknown type", "kafka:t/0@4|unknown type");
    }

    @Test
    void shouldWriteThroughAFlinkJdbcSinkAtLeastOnce() throws Exception {
        List<CloseRow> input = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            input.add(new CloseRow(i % 50, 1000 + (i * 7919) % 613));
        }
        // every row twice, as a replay after a restart would deliver it
        input.addAll(new ArrayList<>(input));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        HistorySinks sinks = new HistorySinks(JdbcOptions.defaults().withUrl(POSTGRES.jdbcUrl()).withBatch(64, 200));
        env.fromData(input).sinkTo(sinks.sink(HistoryStatements.closes()));
        env.execute("sink test");

        // expected: the earliest close per scid, computed here directly from the input
        java.util.Map<Long, Long> expected = new java.util.TreeMap<>();
        for (CloseRow r : input) {
            expected.merge(r.scid(), r.closedAt(), Math::min);
        }
        List<String> expectedRows = new ArrayList<>();
        expected.forEach((k, v) -> expectedRows.add(k + "|" + v));
        assertThat(rows("SELECT scid, closed_at FROM channel_closes ORDER BY 1"))
                .containsExactlyElementsOf(expectedRows);
    }

    @Test
    void shouldRewriteOnlyTheInsertOnlyStatementsBatches() {
        assertThat(HistorySinks.insertOnly(HistoryStatements.QUARANTINE_SQL)).isTrue();
        assertThat(HistorySinks.insertOnly(HistoryStatements.INVALIDATIONS_SQL)).isTrue();
        assertThat(HistorySinks.insertOnly(HistoryStatements.CLOSE_HINTS_SQL)).isTrue();
        for (String upsert : List.of(HistoryStatements.CHANNELS_SQL, HistoryStatements.CAPACITIES_SQL,
                HistoryStatements.CLOSES_SQL, HistoryStatements.COVERAGE_SQL, HistoryStatements.STATS_COUNTS_SQL,
                HistoryStatements.CHECKPOINTS_SQL, HistoryStatements.PROGRESS_SQL)) {
            assertThat(HistorySinks.insertOnly(upsert)).as(upsert).isFalse();
        }
        assertThat(HistorySinks.rewritingUrl("jdbc:postgresql://h:1/db")).isEqualTo(
                "jdbc:postgresql://h:1/db?reWriteBatchedInserts=true");
        assertThat(HistorySinks.rewritingUrl("jdbc:postgresql://h:1/db?user=u")).isEqualTo(
                "jdbc:postgresql://h:1/db?user=u&reWriteBatchedInserts=true");
        assertThat(HistorySinks.rewritingUrl("jdbc:postgresql://h:1/db?reWriteBatchedInserts=false")).isEqualTo(
                "jdbc:postgresql://h:1/db?reWriteBatchedInserts=false");
        assertThat(HistorySinks.rewritingUrl("jdbc:postgresql://h:1/db?xreWriteBatchedInserts=false")).isEqualTo(
                "jdbc:postgresql://h:1/db?xreWriteBatchedInserts=false&reWriteBatchedInserts=true");
    }

    @Test
    void shouldSeeTheDriverAssertWhenABatchMeetsABrokenConnection() throws Exception {
        // why FailoverSafeSink turns AssertionError into an IOException: with assertions on (as in every test JVM),
        // pgjdbc answers a batch whose connection broke under it with an Error, which passed the connector's retries
        // and the sink's close and killed the TaskManager
        try (Connection c = java.sql.DriverManager.getConnection(POSTGRES.jdbcUrl());
                Connection admin = POSTGRES.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(HistoryStatements.CLOSES_SQL)) {
            int pid;
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            try (var st = admin.createStatement()) {
                st.execute("SELECT pg_terminate_backend(" + pid + ")");
            }
            HistoryStatements.closes().statement(ps, new CloseRow(7, 100));
            ps.addBatch();
            org.assertj.core.api.Assertions.assertThatThrownBy(ps::executeBatch).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("getAutoCommit() should not throw");
        }
        assertThat(FailoverSafeSink.Writer.brokenConnection(new AssertionError("x"))).isInstanceOf(
                java.io.IOException.class).hasCauseInstanceOf(AssertionError.class);
    }

    @Test
    void shouldGiveTheSinksNetworkTimeoutsUnlessTheUrlSetsThem() {
        assertThat(HistorySinks.sinkUrl("jdbc:postgresql://h:1/db")).isEqualTo(
                "jdbc:postgresql://h:1/db?socketTimeout=120&loginTimeout=30&tcpKeepAlive=true");
        assertThat(HistorySinks.sinkUrl("jdbc:postgresql://h:1/db?user=u&socketTimeout=5")).isEqualTo(
                "jdbc:postgresql://h:1/db?user=u&socketTimeout=5&loginTimeout=30&tcpKeepAlive=true");
        assertThat(HistorySinks.sinkUrl("jdbc:postgresql://h:1/db?tcpKeepAlive=false&loginTimeout=2&socketTimeout=9"))
                .isEqualTo("jdbc:postgresql://h:1/db?tcpKeepAlive=false&loginTimeout=2&socketTimeout=9");
    }

    @Test
    void shouldFailAMultiRowUpsertThatHitsOneKeyTwice() throws Exception {
        // why the upserts keep one statement per row: the rewritten form of a batch with a repeated key is refused
        List<CloseRow> sameScid = List.of(new CloseRow(1, 100), new CloseRow(1, 90));
        try (Connection c = java.sql.DriverManager.getConnection(HistorySinks.rewritingUrl(POSTGRES.jdbcUrl()));
                PreparedStatement ps = c.prepareStatement(HistoryStatements.CLOSES_SQL)) {
            for (CloseRow r : sameScid) {
                HistoryStatements.closes().statement(ps, r);
                ps.addBatch();
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(ps::executeBatch)
                    .hasStackTraceContaining("cannot affect row a second time");
        }
    }

    @Test
    void shouldWriteRewrittenQuarantineBatchesAtLeastOnce() throws Exception {
        List<QuarantineRow> input = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            input.add(QuarantineRow.of(new byte[] {(byte) (i % 200)}, "kafka:t/0@" + i % 11, "c", 1000L + (i % 5),
                    "unknown type", "type " + i % 200, i));
        }
        input.addAll(new ArrayList<>(input));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        HistorySinks sinks = new HistorySinks(JdbcOptions.defaults().withUrl(POSTGRES.jdbcUrl()).withBatch(64, 200));
        env.fromData(input).sinkTo(sinks.sink(HistoryStatements.quarantine()));
        env.execute("rewritten sink test");

        java.util.Set<String> expected = new java.util.TreeSet<>();
        for (QuarantineRow r : input) {
            expected.add(String.format("%02x", r.raw()[0]) + "|" + r.source() + "|" + r.seenAtMs());
        }
        assertThat(rows("SELECT encode(raw, 'hex') || '|' || source || '|' || seen_at_ms FROM quarantine").stream()
                .sorted().toList()).containsExactlyElementsOf(expected);
    }
}
