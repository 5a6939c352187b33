package io.lngossip.bench.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.bench.generator.GeneratorOptions;
import io.lngossip.bench.generator.GossipGenerator;
import io.lngossip.bench.generator.GspSink;
import io.lngossip.embedded.junit.PostgresExtension;
import io.lngossip.flink.jdbc.JdbcOptions;
import io.lngossip.jobs.backfill.BackfillProgress;
import io.lngossip.jobs.backfill.GossipImport;
import io.lngossip.query.dao.HistoryDao;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The bulk loader leaves, table by table, what the real import of the same history leaves. */
class BulkLoaderITCase {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    /** A digest per table; wall-clock columns (sequence numbers, write times, quarantine time) left out. */
    static List<String> contents(DataSource db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (String t : List.of("messages", "observations", "channels", "half_channel_updates", "node_updates",
                    "channel_closes", "channel_capacities", "close_hints", "coverage_hours", "network_stats_hourly",
                    "ingest_progress",
                    "(SELECT observation_key, raw, source, collector, seen_at_ms, reason, detail FROM quarantine)",
                    "(SELECT from_instant, to_instant FROM checkpoint_invalidations)",
                    "(SELECT instant, format_version, complete, channels, half_channels, nodes FROM checkpoints)")) {
                try (ResultSet rs = s.executeQuery("SELECT count(*), md5(string_agg(t::text, '|' ORDER BY t::text))"
                        + " FROM " + t + " t")) {
                    rs.next();
                    out.add(t + ": " + rs.getLong(1) + " rows, " + rs.getString(2));
                }
            }
        }
        return out;
    }

    static long count(DataSource db, String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void shouldLeaveTheTablesAndCheckpointsTheImportLeaves(@TempDir Path dir) throws Exception {
        GeneratorOptions options = GeneratorOptions.small();
        Path gsp = dir.resolve("small.gsp");
        try (GspSink sink = new GspSink(gsp, GeneratorOptions.COLLECTOR_A)) {
            GossipGenerator.create(options).writeTo(sink, run -> { });
        }
        POSTGRES.server().createDatabase("imported");
        GossipImport.Summary imported = new GossipImport(JdbcOptions.defaults()
                .withUrl(POSTGRES.server().jdbcUrl("imported"))).run(List.of(gsp), GeneratorOptions.COLLECTOR_A,
                BackfillProgress.NONE);
        DataSource importedDb = POSTGRES.server().dataSource("imported");

        POSTGRES.server().createDatabase("loaded");
        DataSource loadedDb = POSTGRES.server().dataSource("loaded");
        BulkLoader.Summary loaded = new BulkLoader(loadedDb).load(GossipGenerator.create(options),
                GeneratorOptions.COLLECTOR_A);

        assertThat(loaded.messages()).isEqualTo(imported.read()).isPositive();
        assertThat(loaded.checkpoints()).isEqualTo(imported.checkpointsWritten()).isPositive();
        assertThat(count(loadedDb, "SELECT count(*) FROM half_channel_updates")).isPositive();
        assertThat(count(loadedDb, "SELECT count(*) FROM coverage_hours")).isPositive();
        assertThat(contents(loadedDb)).isEqualTo(contents(importedDb));
        HistoryDao importedDao = new HistoryDao(importedDb);
        HistoryDao dao = new HistoryDao(loadedDb);
        assertThat(dao.checkpoints()).isEqualTo(importedDao.checkpoints());
        for (var c : importedDao.checkpoints()) {
            assertThat(dao.checkpoint(c.instant())).as("checkpoint %d", c.instant())
                    .isEqualTo(importedDao.checkpoint(c.instant()));
        }
    }
}
