package io.lngossip.jobs.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lngossip.codec.io.GspWriter;
import io.lngossip.codec.sample.SyntheticGossip;
import io.lngossip.embedded.junit.PostgresExtension;
import io.lngossip.flink.jdbc.JdbcOptions;
import io.lngossip.query.dao.HistoryDao;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imports through {@link GossipImport}: the progress it reports, and an import interrupted half-way then run again
 * leaving the database exactly as one clean import.
 */
class GossipImportITCase {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    static final Path SHARED = Path.of(System.getProperty("lngossip.shared.data", "../../shared/data"));

    /** Records what an import tells. */
    static final class Recorded implements BackfillProgress {
        final List<String> phases = new ArrayList<>();
        final List<long[]> updates = new ArrayList<>();
        final List<Long> totals = new ArrayList<>();
        volatile String phase;

        @Override
        public synchronized void start(String p, long total, Unit unit) {
            phase = p;
            phases.add(p + ":" + unit);
            totals.add(total);
        }

        @Override
        public synchronized void update(long done, long messages) {
            updates.add(new long[] {phases.size() - 1, done, messages});
        }

        @Override
        public synchronized void finish() {
            phase = null;
        }

        synchronized long[] last(int phaseIndex) {
            long[] last = null;
            for (long[] u : updates) {
                if (u[0] == phaseIndex) {
                    last = u;
                }
            }
            return last;
        }
    }

    private static JdbcOptions jdbc(String database) {
        return JdbcOptions.defaults().withUrl(POSTGRES.server().jdbcUrl(database));
    }

    /** A digest per content table; the quarantine's wall-clock column left out. */
    private static List<String> contents(DataSource db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (String t : List.of("messages", "observations", "channels", "half_channel_updates", "node_updates",
                    "channel_closes", "channel_capacities", "close_hints",
                    "(SELECT observation_key, raw, source, collector, seen_at_ms, reason, detail FROM quarantine)")) {
                try (ResultSet rs = s.executeQuery("SELECT count(*), md5(string_agg(t::text, '|' ORDER BY t::text))"
                        + " FROM " + t + " t")) {
                    rs.next();
                    out.add(t + ": " + rs.getLong(1) + " rows, " + rs.getString(2));
                }
            }
        }
        return out;
    }

    private static long count(DataSource db, String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void shouldReportReadingThenProcessingUpToEveryMessage() throws Exception {
        POSTGRES.server().createDatabase("progress");
        List<Path> files = List.of(SHARED.resolve("gossip_20250819_17.gsp"),
                SHARED.resolve("cln_pyln-testdata_mainnet-2021-08_gossip_store.bin"));
        Recorded progress = new Recorded();
        GossipImport.Summary s = new GossipImport(jdbc("progress")).run(files, "archive", progress);

        // SOURCES.txt: 3,932 messages in the hour file, 92 live ones in the store
        assertThat(s.read()).isEqualTo(3_932 + 92);
        assertThat(s.added()).isEqualTo(3_932 + 92);
        assertThat(progress.phases).containsExactly("reading:BYTES", "processing:MESSAGES",
                "checkpoints:CHECKPOINTS");
        long bytes = Files.size(files.get(0)) + Files.size(files.get(1));
        int checkpoints = new HistoryDao(POSTGRES.server().dataSource("progress")).checkpoints().size();
        assertThat(checkpoints).isPositive().isEqualTo(s.checkpointsWritten());
        assertThat(progress.totals).containsExactly(bytes, 3_932L + 92, (long) checkpoints);
        assertThat(progress.last(0)).containsExactly(0, bytes, 3_932 + 92);
        assertThat(progress.last(1)).containsExactly(1, 3_932 + 92, 3_932 + 92);
        assertThat(progress.last(2)).containsExactly(2, checkpoints, 3_932 + 92);
        long previous = -1;
        for (long[] u : progress.updates) {
            if (u[0] == 0) {
                assertThat(u[1]).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(bytes);
                previous = u[1];
            }
        }
        assertThat(progress.phase).as("every phase finished").isNull();
    }

    @Test
    void shouldLeaveTheSameDatabaseAfterAnInterruptedImportIsRunAgain(@TempDir Path dir) throws Exception {
        // a synthetic history large enough to be caught half-way, beside real files (junk frames quarantined too)
        Path synthetic = dir.resolve("synthetic.gsp");
        try (GspWriter w = GspWriter.open(synthetic)) {
            for (SyntheticGossip.Sighting s : SyntheticGossip.generate(7, 4_000)) {
                w.write(s.message());
            }
        }
        List<Path> files = List.of(SHARED.resolve("lnresearch_gossip-20251118-0854_CORRUPT-after-msg1518.gsp"),
                synthetic, SHARED.resolve("gossip_20250819_10.gsp"));

        POSTGRES.server().createDatabase("clean");
        GossipImport.Summary clean = new GossipImport(jdbc("clean")).run(files, "archive", BackfillProgress.NONE);
        DataSource cleanDb = POSTGRES.server().dataSource("clean");
        assertThat(clean.quarantined()).containsKey("unknown type");

        POSTGRES.server().createDatabase("interrupted");
        DataSource interruptedDb = POSTGRES.server().dataSource("interrupted");
        GossipImport first = new GossipImport(jdbc("interrupted"));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread importer = new Thread(() -> {
            try {
                first.run(files, "archive", BackfillProgress.NONE);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "interrupted-import");
        importer.start();
        long storedWhenInterrupted = 0;
        while (importer.isAlive()) {
            storedWhenInterrupted = count(interruptedDb, "SELECT count(*) FROM messages");
            if (storedWhenInterrupted > 0) {
                importer.interrupt();
                break;
            }
            Thread.sleep(20);
        }
        importer.join();
        assertThat(failure.get()).as("the import was interrupted").isInstanceOf(InterruptedException.class);
        assertThat(storedWhenInterrupted).isPositive().isLessThan(clean.added());
        assertThat(count(interruptedDb, "SELECT count(*) FROM messages")).isLessThan(clean.added());

        GossipImport.Summary again = new GossipImport(jdbc("interrupted")).run(files, "archive",
                BackfillProgress.NONE);
        assertThat(again.read()).isEqualTo(clean.read());
        assertThat(contents(interruptedDb)).isEqualTo(contents(cleanDb));
        HistoryDao cleanDao = new HistoryDao(cleanDb);
        HistoryDao dao = new HistoryDao(interruptedDb);
        assertThat(dao.checkpoints()).isEqualTo(cleanDao.checkpoints());
        for (var c : cleanDao.checkpoints()) {
            assertThat(dao.checkpoint(c.instant())).as("checkpoint %d", c.instant())
                    .isEqualTo(cleanDao.checkpoint(c.instant()));
        }
    }

    @Test
    void shouldStoreAGossipStoresAmountsHintsAndBadCrcRecords(@TempDir Path dir) throws Exception {
        // a copy of the real store with one byte of its first live channel_announcement flipped: a bad crc
        byte[] store = Files.readAllBytes(SHARED.resolve("cln_pyln-testdata_mainnet-2021-08_gossip_store.bin"));
        int at = 1;
        while (true) {
            int flags = ((store[at] & 0xff) << 8) | (store[at + 1] & 0xff);
            int length = ((store[at + 2] & 0xff) << 8) | (store[at + 3] & 0xff);
            int type = ((store[at + 12] & 0xff) << 8) | (store[at + 13] & 0xff);
            if ((flags & 0x8000) == 0 && type == 256) {
                store[at + 12 + 20] ^= 0x01;
                break;
            }
            at += 12 + length;
        }
        Path tampered = dir.resolve("gossip_store");
        Files.write(tampered, store);

        POSTGRES.server().createDatabase("store");
        DataSource db = POSTGRES.server().dataSource("store");
        GossipImport.Summary s = new GossipImport(jdbc("store")).run(List.of(tampered), "mynode",
                BackfillProgress.NONE);

        // SOURCES.txt: 88 channel_announcements, 4 updates, 87 amounts (4101), 1 delete_chan (4103)
        assertThat(s.read()).isEqualTo(92 - 1);
        assertThat(s.quarantined()).containsExactly(java.util.Map.entry("bad crc", 1L));
        assertThat(count(db, "SELECT count(*) FROM quarantine WHERE reason = 'bad crc' AND collector = 'mynode'"
                + " AND source LIKE 'file:gossip_store@%'")).isEqualTo(1);
        // the amount of the tampered announcement belongs to it (the record just before), so it goes with it
        assertThat(count(db, "SELECT count(*) FROM channel_capacities")).isEqualTo(87 - 1);
        assertThat(count(db, "SELECT count(*) FROM close_hints WHERE kind = 'deleted'")).isEqualTo(1);

        // again: nothing changes
        List<String> before = contents(db);
        new GossipImport(jdbc("store")).run(List.of(tampered), "mynode", BackfillProgress.NONE);
        assertThat(contents(db)).isEqualTo(before);
    }

    @Test
    void shouldRefuseAMissingFileBeforeImportingAnything(@TempDir Path dir) throws Exception {
        POSTGRES.server().createDatabase("missing");
        GossipImport imp = new GossipImport(jdbc("missing"));
        assertThatThrownBy(() -> imp.run(List.of(SHARED.resolve("gossip_20250819_10.gsp"), dir.resolve("nope.gsp")),
                "archive", BackfillProgress.NONE)).isInstanceOf(java.nio.file.NoSuchFileException.class)
                .hasMessageContaining("nope.gsp");
        assertThat(count(POSTGRES.server().dataSource("missing"), "SELECT count(*) FROM messages")).isZero();
    }
}
