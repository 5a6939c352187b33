package io.lngossip.jobs.graphstate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.codec.GossipObservation;
import io.lngossip.codec.SharedData;
import io.lngossip.codec.io.FileItem;
import io.lngossip.codec.io.GossipFileReader;
import io.lngossip.codec.io.GossipFiles;
import io.lngossip.embedded.junit.PostgresExtension;
import io.lngossip.flink.jdbc.JdbcOptions;
import io.lngossip.model.GraphHistory;
import io.lngossip.model.MaxAge;
import io.lngossip.model.ReconstructionPlanner;
import io.lngossip.model.StoredMessage;
import io.lngossip.query.dao.CheckpointRebuilder;
import io.lngossip.query.dao.HistoryDao;
import io.lngossip.schema.HistorySchema;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Old data backfilled after the live job wrote its checkpoints: the backfill run writes deltas and invalidates, the
 * rebuilder rewrites the checkpoints, and every answer equals a full replay of everything. Running the same backfill
 * again changes no table.
 */
class GraphStateBackfillITCase {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final long NOW_MS = 1_764_000_000_000L;
    static final List<String> CONTENT_TABLES = List.of("messages", "observations", "channels",
            "half_channel_updates", "node_updates", "channel_closes", "quarantine");

    static List<GossipObservation> read(GraphHistory expected, String... files) throws Exception {
        List<GossipObservation> out = new ArrayList<>();
        for (String file : files) {
            try (GossipFileReader reader = GossipFiles.open(SharedData.file(file))) {
                for (FileItem item = reader.next(); item != null; item = reader.next()) {
                    if (item instanceof FileItem.Message m) {
                        out.add(new GossipObservation(m.bytes(), m.receiptTime(), "archive", "file:" + file));
                        expected.add(StoredMessage.of(m.bytes(), m.receiptTime() == null ? null
                                : m.receiptTime() / 1000));
                    }
                }
            }
        }
        return out;
    }

    static void run(List<GossipObservation> input, GraphStateOptions options) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        GraphStatePipeline.build(env.fromData(input, TypeInformation.of(GossipObservation.class)), null,
                GraphStateSinks.jdbc(JdbcOptions.defaults().withUrl(POSTGRES.jdbcUrl())), options, () -> NOW_MS);
        env.execute(options.backfill() ? "backfill" : "live");
    }

    /** A digest of every content table, to compare the database before and after. */
    static Map<String, String> digests() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String table : CONTENT_TABLES) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                try (ResultSet rs = s.executeQuery("SELECT t::text FROM " + table + " t ORDER BY 1")) {
                    while (rs.next()) {
                        sha.update(rs.getString(1).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
                out.put(table, HexFormat.of().formatHex(sha.digest()));
            }
        }
        return out;
    }

    @Test
    void shouldGiveTheAnswersOfAFullReplayAfterABackfillAndChangeNothingTheSecondTime() throws Exception {
        HistorySchema.migrate(POSTGRES.dataSource());
        GraphHistory expected = new GraphHistory();
        GraphStateOptions live = GraphStateOptions.defaults().withWatermarkEveryMessage(true);
        run(read(expected, SharedData.HOUR_10, SharedData.DAILY), live);
        HistoryDao dao = new HistoryDao(POSTGRES.dataSource());
        // (the live run may itself have left some stale: its two parallel inputs do not advance event time in step)
        List<ReconstructionPlanner.CheckpointInfo> before = dao.checkpoints();
        assertThat(before).isNotEmpty();

        // the backfill: older archives, after the live job's checkpoints
        List<GossipObservation> old = read(expected, SharedData.HOUR_17, SharedData.GOSSIP_STORE);
        run(old, live.withBackfill(true));
        assertThat(dao.checkpoints()).as("the backfill wrote no checkpoint").hasSameSizeAs(before)
                .anyMatch(c -> !c.complete());

        assertThat(new CheckpointRebuilder(POSTGRES.dataSource()).rebuild()).isPositive();
        for (ReconstructionPlanner.CheckpointInfo c : dao.checkpoints()) {
            assertThat(c.complete()).isTrue();
            assertThat(dao.checkpoint(c.instant())).as("checkpoint %d", c.instant())
                    .isEqualTo(expected.checkpoint(c.instant()));
        }
        DatabaseReplay db = new DatabaseReplay(POSTGRES.dataSource());
        for (long t : new long[] {1_629_100_000L, 1_755_590_000L, 1_755_615_600L, 1_755_622_800L, 1_755_626_400L,
            1_763_398_800L, 1_763_402_400L}) {
            for (MaxAge maxAge : List.of(MaxAge.DEFAULT, MaxAge.UNBOUNDED)) {
                assertThat(db.snapshot(t, maxAge).snapshot()).as("T=%d %s", t, maxAge)
                        .isEqualTo(expected.snapshot(t, maxAge));
            }
        }

        // the same backfill again: every content table unchanged, and after a rebuild the same checkpoints
        Map<String, String> once = digests();
        run(old, live.withBackfill(true));
        assertThat(digests()).isEqualTo(once);
        new CheckpointRebuilder(POSTGRES.dataSource()).rebuild();
        for (ReconstructionPlanner.CheckpointInfo c : dao.checkpoints()) {
            assertThat(dao.checkpoint(c.instant())).isEqualTo(expected.checkpoint(c.instant()));
        }
    }
}
