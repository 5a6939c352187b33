package io.lngossip.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.codec.io.FileItem;
import io.lngossip.codec.io.GossipFileReader;
import io.lngossip.codec.io.GossipFiles;
import io.lngossip.embedded.junit.PostgresExtension;
import io.lngossip.model.Checkpoint;
import io.lngossip.model.GraphHistory;
import io.lngossip.model.MaxAge;
import io.lngossip.model.Reconstruction;
import io.lngossip.model.ReconstructionPlanner;
import io.lngossip.model.StoredMessage;
import io.lngossip.query.dao.HistoryDao;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** `lngossip import` into an empty database, then the same files again. */
class ImportCommandITCase {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    static final List<String> FILES = List.of("lnresearch_gossip-20251117-1726.gsp", "gossip_20250819_17.gsp",
            "cln_pyln-testdata_mainnet-2021-08_gossip_store.bin");

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = Lngossip.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(cli.execute(args)).as(out.toString()).isZero();
        return out.toString();
    }

    private static String tables() throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String t : List.of("messages", "observations", "channels", "half_channel_updates", "node_updates",
                    "quarantine", "channel_capacities", "close_hints")) {
                try (ResultSet rs = s.executeQuery("SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM " + t
                        + " t")) {
                    rs.next();
                    sb.append(t).append('=').append(rs.getString(1)).append(';');
                }
            }
        }
        return sb.toString();
    }

    @Test
    void shouldImportFilesLikeAFullReplayAndChangeNothingTheSecondTime() throws Exception {
        Path dir = Path.of(System.getProperty("lngossip.shared.data", "../../shared/data"));
        GraphHistory expected = new GraphHistory();
        String[] args = new String[FILES.size() + 3];
        args[0] = "import";
        args[1] = "--jdbc-url";
        args[2] = POSTGRES.jdbcUrl();
        for (int i = 0; i < FILES.size(); i++) {
            args[i + 3] = dir.resolve(FILES.get(i)).toString();
            try (GossipFileReader r = GossipFiles.open(dir.resolve(FILES.get(i)))) {
                for (FileItem item = r.next(); item != null; item = r.next()) {
                    if (item instanceof FileItem.Message m) {
                        expected.add(StoredMessage.of(m.bytes(), m.receiptTime() == null ? null
                                : m.receiptTime() / 1000));
                    }
                }
            }
        }
        // SOURCES.txt: 5,523 + 3,932 messages in the GSP files and 92 live ones in the store, all distinct
        String first = run(args);
        assertThat(first).contains("imported 9,547 messages").contains(": 9,547 new, 0 already stored")
                .contains("quarantined: none");

        HistoryDao dao = new HistoryDao(POSTGRES.dataSource());
        // the store's 87 channel amounts (4101), kept with their channels
        assertThat(dao.capacities()).hasSize(87).allSatisfy((scid, sat) -> assertThat(sat).isPositive());
        // the checkpoints the live job would have written, each what a full replay gives at its instant
        assertThat(dao.checkpoints()).isNotEmpty().allMatch(ReconstructionPlanner.CheckpointInfo::complete);
        for (ReconstructionPlanner.CheckpointInfo c : dao.checkpoints()) {
            assertThat(c.instant() % 3600).isZero();
            assertThat(dao.checkpoint(c.instant())).isEqualTo(expected.checkpoint(c.instant()));
        }
        for (long t : new long[] {1_629_100_000L, 1_755_622_800L, 1_755_626_400L, 1_763_400_000L}) {
            ReconstructionPlanner.Plan plan = ReconstructionPlanner.plan(t, dao.usableCheckpointAtOrBefore(t),
                    List.of(new ReconstructionPlanner.DeltaSegment(ReconstructionPlanner.BEGINNING, Long.MAX_VALUE)));
            Checkpoint cp = plan.checkpoint() == null ? null : dao.checkpoint(plan.checkpoint());
            assertThat(Reconstruction.snapshot(cp, dao.deltas(plan.deltasFromExclusive(), t), t, MaxAge.DEFAULT))
                    .as("T=%d", t).isEqualTo(expected.snapshot(t, MaxAge.DEFAULT));
        }

        String before = tables();
        String second = run(args);
        assertThat(second).contains("imported 9,547 messages").contains(": 0 new, 9,547 already stored");
        assertThat(tables()).isEqualTo(before);
        // the import left nothing stale and every due body materialized: the maintenance command finds nothing to do
        assertThat(run("rebuild-checkpoints", "--jdbc-url", POSTGRES.jdbcUrl(), "--jdbc-user", "postgres"))
                .contains("0 stale checkpoints rebuilt, 0 snapshot bodies materialized");
        assertThat(tables()).isEqualTo(before);

        // a live job writing to the database: import refuses, and says what to do instead
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO ingest_progress VALUES ('live', 1, 1, " + System.currentTimeMillis() + ")");
        }
        StringWriter err = new StringWriter();
        CommandLine cli = Lngossip.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute(args)).isEqualTo(1);
        assertThat(err.toString()).contains("a live job is writing to this database").contains("lngossip publish");
        // the second run cannot know it changed nothing: it invalidates and rewrites the same checkpoints
        for (ReconstructionPlanner.CheckpointInfo c : dao.checkpoints()) {
            assertThat(c.complete()).isTrue();
            assertThat(dao.checkpoint(c.instant())).isEqualTo(expected.checkpoint(c.instant()));
        }
    }
}
