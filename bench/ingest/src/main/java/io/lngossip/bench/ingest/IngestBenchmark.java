package io.lngossip.bench.ingest;

import io.lngossip.bench.generator.GeneratorOptions;
import io.lngossip.bench.generator.GossipGenerator;
import io.lngossip.bench.generator.GspSink;
import io.lngossip.embedded.EmbeddedPostgresServer;
import io.lngossip.flink.jdbc.JdbcOptions;
import io.lngossip.jobs.backfill.BackfillProgress;
import io.lngossip.jobs.backfill.GossipImport;
import io.lngossip.schema.HistorySchema;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Bulk ingest, measured side by side in one run: a generated mainnet-shaped history imported through the job's own
 * pipeline ({@link GossipImport}: GSP file, private Kafka spool, the streaming job in backfill mode, PostgreSQL, then
 * the checkpoint build), against the floor of a plain PostgreSQL COPY of the same {@code messages} rows into the same
 * schema; and the database's size against the raw bytes of the messages it holds.
 *
 * <p>Usage: {@code IngestBenchmark [days] [scale] [results-dir]} (defaults: 1, mainnet, bench/results).
 */
public final class IngestBenchmark {

    private IngestBenchmark() {}

    public static void main(String[] args) throws Exception {
        int days = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        String scale = args.length > 1 ? args[1] : "mainnet";
        Path results = Path.of(args.length > 2 ? args[2] : "bench/results");
        GeneratorOptions options = (scale.equals("small") ? GeneratorOptions.small() : GeneratorOptions.mainnet())
                .withDays(days);

        Path work = Files.createTempDirectory("lngossip-bench-ingest-");
        Path gsp = work.resolve("history.gsp");
        long t0 = System.nanoTime();
        try (GspSink sink = new GspSink(gsp, "gen-a")) {
            GossipGenerator.create(options).writeTo(sink, run -> { });
        }
        double generateS = seconds(t0);
        System.err.printf("generated %s (%,d bytes) in %.1f s%n", gsp, Files.size(gsp), generateS);

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("benchmark", "ingest");
        r.put("date", Instant.now().toString());
        r.put("machine", machine());
        r.put("scale", scale);
        r.put("days", days);
        r.put("gsp_bytes", Files.size(gsp));
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(work.resolve("pg"), 0)) {
            pg.createDatabase("lngossip");
            pg.createDatabase("floor");

            Phases phases = new Phases();
            long t1 = System.nanoTime();
            GossipImport.Summary s = new GossipImport(JdbcOptions.defaults().withUrl(pg.jdbcUrl("lngossip")))
                    .run(List.of(gsp), "gen-a", phases);
            double importS = seconds(t1);
            r.put("messages", s.read());
            r.put("stored", s.added());
            r.put("import_s", round(importS));
            r.put("import_msg_per_s", Math.round(s.read() / importS));
            r.put("phases_s", phases.durations());

            DataSource db = pg.dataSource("lngossip");
            DataSource floor = pg.dataSource("floor");
            HistorySchema.migrate(floor);
            Path rows = work.resolve("messages.copy");
            try (Connection c = db.getConnection()) {
                try (var out = Files.newOutputStream(rows)) {
                    copyManager(c).copyOut("COPY messages TO STDOUT (FORMAT binary)", out);
                }
            }
            long t2 = System.nanoTime();
            long copied;
            try (Connection c = floor.getConnection(); InputStream in = Files.newInputStream(rows)) {
                copied = copyManager(c).copyIn("COPY messages FROM STDIN (FORMAT binary)", in);
            }
            double copyS = seconds(t2);
            r.put("copy_rows", copied);
            r.put("copy_s", round(copyS));
            r.put("copy_rows_per_s", Math.round(copied / copyS));
            r.put("ratio_import_to_copy", round((s.read() / importS) / (copied / copyS)));

            long raw = single(db, "SELECT sum(length(raw)) FROM messages");
            long total = single(db, "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n"
                    + " ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'");
            long messagesTable = single(db, "SELECT pg_total_relation_size('messages')");
            r.put("raw_bytes", raw);
            r.put("database_bytes", total);
            r.put("messages_table_bytes", messagesTable);
            r.put("storage_ratio", round((double) total / raw));
            r.put("storage_ratio_without_checkpoints", round((double) (total
                    - single(db, "SELECT pg_total_relation_size('checkpoints')")) / raw));
        } finally {
            deleteTree(work);
        }
        Report.write(results, "ingest", r);
    }

    /** Times each phase of the import, from the progress it reports. */
    static final class Phases implements BackfillProgress {
        private final Map<String, Double> durations = new LinkedHashMap<>();
        private String phase;
        private long started;

        @Override
        public void start(String p, long total, Unit unit) {
            phase = p;
            started = System.nanoTime();
        }

        @Override
        public void update(long done, long messages) {}

        @Override
        public void finish() {
            if (phase != null) {
                durations.put(phase, round(seconds(started)));
                phase = null;
            }
        }

        Map<String, Double> durations() {
            return durations;
        }
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        m.put("java", System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("load_average_at_start", round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        m.put("postgresql", "17 (zonky embedded binaries)");
        m.put("flink", "2.2.1 MiniCluster, parallelism 1");
        return m;
    }

    private static CopyManager copyManager(Connection c) throws SQLException {
        return c.unwrap(PGConnection.class).getCopyAPI();
    }

    private static long single(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.toList());
            all.sort(java.util.Comparator.reverseOrder());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }

    static String fmt(Object v) {
        return v instanceof Number n && !(v instanceof Double) ? String.format(Locale.ROOT, "%,d", n.longValue())
                : String.valueOf(v);
    }
}
