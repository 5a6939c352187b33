package io.lngossip.bench.query;

import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.lngossip.bench.generator.GossipGenerator;
import io.lngossip.flink.jdbc.BulkStatement;
import io.lngossip.flink.jdbc.BulkStatements;
import io.lngossip.flink.jdbc.HalfChannelUpdateRow;
import io.lngossip.flink.jdbc.HistoryStatements;
import io.lngossip.flink.jdbc.MessageRow;
import io.lngossip.flink.jdbc.NodeUpdateRow;
import io.lngossip.flink.jdbc.ObservationRow;
import io.lngossip.query.QueryServiceMain;
import io.lngossip.query.dao.HistoryDao;
import io.lngossip.query.http.QueryServiceApp;
import io.lngossip.query.service.QueryService;
import io.lngossip.schema.CheckpointSql;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The plans of every statement the query service (HistoryDao), the rebuilder and the job's sinks (HistoryStatements,
 * CheckpointSql) run, and of the baselines, on the loaded data: auto_explain (ANALYZE, BUFFERS) is switched on for
 * new sessions of the database, each action runs once, and the plans are read back from the server's log. The sinks'
 * writes run in a transaction that is rolled back. Then a JFR profile of our snapshot. Returns markdown.
 */
final class Explain {
    private static final String[] AUTO_EXPLAIN = {
        "session_preload_libraries = 'auto_explain'", "auto_explain.log_min_duration = 0",
        "auto_explain.log_analyze = on", "auto_explain.log_buffers = on", "auto_explain.log_format = 'text'",
        "auto_explain.log_parameter_max_length = 120"};

    private Explain() {}

    static String capture(LoadedHistory h, GossipGenerator g, long at, Path root) throws Exception {
        StringBuilder md = new StringBuilder();
        PlanLog log = new PlanLog(h.logFile());
        try (Connection c = h.db().getConnection(); Statement s = c.createStatement()) {
            for (String setting : AUTO_EXPLAIN) {
                s.execute("ALTER DATABASE " + LoadedHistory.DATABASE + " SET " + setting);
            }
        }
        try {
            String scid = g.hotChannel().toString();
            String node = g.busiestNode().hex();
            try (HikariDataSource pool = QueryServiceMain.dataSource(h.jdbcUrl(), null, null, 2, 600)) {
                Javalin app = QueryServiceApp.create(new QueryService(new HistoryDao(pool))).start(0);
                try {
                    HttpClient http = HttpClient.newHttpClient();
                    String base = "http://127.0.0.1:" + app.port();
                    get(http, base + "/health"); // the pool's first connections
                    md.append("## The query service (HistoryDao), one request each\n\n");
                    for (String path : List.of("/health", "/v1/snapshot?at=" + at,
                            "/v1/snapshot/summary?at=" + at, "/v1/diff?from=" + (at - 3600) + "&to=" + at,
                            "/v1/channels/" + scid + "/gossip", "/v1/nodes/" + node + "/gossip",
                            "/v1/gossip?from=" + (at - 300) + "&to=" + at, "/v1/stats?from=" + (at - 86_400)
                                    + "&to=" + at, "/v1/coverage", "/v1/channels/" + scid + "/timeline",
                            "/v1/nodes/" + node + "/timeline")) {
                        long mark = log.mark();
                        long t0 = System.nanoTime();
                        long bytes = get(http, base + path);
                        double ms = (System.nanoTime() - t0) / 1e6;
                        section(md, "GET " + path, String.format("%,d bytes in %.0f ms (auto_explain's timing"
                                + " included)", bytes, ms), log.since(mark));
                    }
                } finally {
                    app.stop();
                }
            }
            try (HikariDataSource pool = QueryServiceMain.dataSource(h.jdbcUrl(), null, null, 1, 600)) {
                HistoryDao dao = new HistoryDao(pool);
                dao.ping();
                md.append("## CheckpointRebuilder's reads (HistoryDao)\n\n");
                long mark = log.mark();
                dao.checkpoints();
                dao.dueInstants(BulkLoader.CHECKPOINT_INTERVAL_SECONDS);
                section(md, "checkpoints() and dueInstants(3600)", "", log.since(mark));
            }
            md.append("## The job's sinks (HistoryStatements, CheckpointSql), rolled back\n\n");
            sinks(h, log, md);
            md.append("## The baselines\n\n");
            try (Connection c = DriverManager.getConnection(QueryBenchmark.baselineUrl(h.jdbcUrl()))) {
                Map<String, Object> v = Map.of("t", at, "max_age", QueryBenchmark.MAX_AGE);
                for (Map.Entry<String, NamedSql> e : Map.of("naive (a)", Baselines.NAIVE, "SCD-2 btree (b)",
                        Baselines.SCD_BTREE, "SCD-2 GiST (b')", Baselines.SCD_GIST, "floor (c)", Baselines.FLOOR)
                        .entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
                    long mark = log.mark();
                    Baselines.stream(c, e.getValue(), v, new Answer());
                    section(md, e.getKey(), "", log.since(mark));
                }
            }
        } finally {
            try (Connection c = h.db().getConnection(); Statement s = c.createStatement()) {
                for (String setting : AUTO_EXPLAIN) {
                    s.execute("ALTER DATABASE " + LoadedHistory.DATABASE + " RESET " + setting.split(" = ")[0]);
                }
            }
        }
        md.append(profile(h, at, root));
        return md.toString();
    }

    private static void section(StringBuilder md, String title, String note, List<PlanLog.Plan> plans) {
        md.append("### ").append(title).append("\n\n");
        double total = plans.stream().mapToDouble(PlanLog.Plan::totalMs).sum();
        int runs = plans.stream().mapToInt(PlanLog.Plan::runs).sum();
        md.append(note).append(note.isEmpty() ? "" : "; ").append(String.format(
                "%d statement run(s), %.0f ms of statement time in all (auto_explain's durations)%n%n", runs, total));
        for (PlanLog.Plan p : plans) {
            if (p.query().equals("SELECT 1") && !title.equals("GET /health")) {
                continue; // the pool's validation
            }
            md.append("```sql\n").append(p.query()).append("\n```\n\n");
            md.append(String.format("%d run(s), %.1f ms in all; the first:%n%n", p.runs(), p.totalMs()));
            md.append("```\n").append(p.plan().stripTrailing()).append("\n```\n\n");
        }
    }

    private static long get(HttpClient http, String url) throws Exception {
        HttpResponse<InputStream> res = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = res.body()) {
            Answer a = new Answer();
            a.readAll(in);
            if (res.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + res.statusCode());
            }
            return a.bytes();
        }
    }

    /** Every sink statement once, with values that take its conflict path where a row exists; rolled back. */
    private static void sinks(LoadedHistory h, PlanLog log, StringBuilder md) throws Exception {
        try (Connection c = DriverManager.getConnection(h.jdbcUrl())) {
            c.setAutoCommit(false);
            Map<String, Object> row = one(c, "SELECT m.gossip_id, m.scid, m.direction, m.timestamp, m.raw,"
                    + " n.node_id, n.timestamp AS node_ts FROM messages m, node_updates n WHERE m.type = 258"
                    + " LIMIT 1");
            Map<String, Object> cp = one(c, "SELECT instant, seq, body FROM checkpoints ORDER BY instant DESC LIMIT 1");
            Map<String, Object> cov = one(c, "SELECT collector, hour, messages FROM coverage_hours LIMIT 1");
            byte[] small = new byte[32];
            byte[] fresh = new byte[32];
            java.util.Arrays.fill(fresh, (byte) 0x7f);
            long scid = (Long) row.get("scid");
            List<Object[]> statements = new ArrayList<>();
            statements.add(new Object[] {HistoryStatements.CHANNELS_SQL, scid, small, small, small});
            statements.add(new Object[] {HistoryStatements.CAPACITIES_SQL, scid, 1_000_000L});
            statements.add(new Object[] {HistoryStatements.CLOSES_SQL, scid, 1L});
            statements.add(new Object[] {HistoryStatements.CLOSE_HINTS_SQL, scid, "deleted", "bench"});
            statements.add(new Object[] {CheckpointSql.UPSERT, cp.get("instant"), (short) 1,
                (Long) cp.get("seq") + 1, cp.get("body"), 1, 1, 1, 1L});
            statements.add(new Object[] {HistoryStatements.QUARANTINE_SQL, fresh, fresh, "bench", "bench", 1L,
                "bench", "bench", 1L});
            statements.add(new Object[] {HistoryStatements.STATS_COUNTS_SQL, 3600L, 1L, 1L, 1L});
            statements.add(new Object[] {HistoryStatements.STATS_FIGURES_SQL, 3600L, 1L, 1L, 1L, 1L, 1L, 1L});
            statements.add(new Object[] {HistoryStatements.INVALIDATIONS_SQL, Long.MAX_VALUE, 0L, 1L});
            statements.add(new Object[] {HistoryStatements.USABLE_CHECKPOINTS_SQL});
            statements.add(new Object[] {HistoryStatements.COVERAGE_SQL, cov.get("collector"), cov.get("hour"),
                (Long) cov.get("messages") + 1});
            statements.add(new Object[] {HistoryStatements.PROGRESS_SQL, "bench", 1L, 1L, 1L});
            long mark = log.mark();
            for (Object[] st : statements) {
                try (PreparedStatement ps = c.prepareStatement((String) st[0])) {
                    for (int i = 1; i < st.length; i++) {
                        ps.setObject(i, st[i]);
                    }
                    ps.execute();
                }
            }
            c.rollback();
            section(md, "one row each", "", log.since(mark));

            // the high-volume tables' statements, one per batch: here batches of BULK rows that exist, so that
            // every row takes the conflict path (the update where the statement has one)
            mark = log.mark();
            bulk(c, BulkStatements.messages(), rowsOf(c, "SELECT gossip_id, type, scid, direction, node_id,"
                    + " node_id_1, node_id_2, timestamp, raw FROM messages LIMIT " + BULK, r -> new MessageRow(
                    r.getBytes(1), r.getInt(2), (Long) r.getObject(3), (Integer) intOrNull(r, 4), r.getBytes(5),
                    r.getBytes(6), r.getBytes(7), (Long) r.getObject(8), 1L, r.getBytes(9))));
            bulk(c, BulkStatements.observations(), rowsOf(c, "SELECT gossip_id, collector, seen_at_ms, source"
                    + " FROM observations LIMIT " + BULK, r -> new ObservationRow(r.getBytes(1), r.getString(2),
                    (Long) r.getObject(3), r.getString(4))));
            bulk(c, BulkStatements.halfChannelUpdates(), rowsOf(c, "SELECT scid, direction, timestamp"
                    + " FROM half_channel_updates LIMIT " + BULK, r -> new HalfChannelUpdateRow(r.getLong(1),
                    r.getInt(2), r.getLong(3), small)));
            bulk(c, BulkStatements.nodeUpdates(), rowsOf(c, "SELECT node_id, timestamp FROM node_updates LIMIT "
                    + BULK, r -> new NodeUpdateRow(r.getBytes(1), r.getLong(2), small)));
            c.rollback();
            section(md, "the bulk statements, " + BULK + " rows each", "", log.since(mark));
        }
    }

    /** Rows per bulk statement in the plans: a batch of the job's default size fills at catch-up speed. */
    private static final int BULK = 5000;

    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> List<T> rowsOf(Connection c, String sql, RowReader<T> reader) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(reader.read(rs));
            }
        }
        return rows;
    }

    private static Object intOrNull(ResultSet rs, int column) throws SQLException {
        Object v = rs.getObject(column);
        return v == null ? null : ((Number) v).intValue();
    }

    private static <T> void bulk(Connection c, BulkStatement<T> statement, List<T> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(statement.sql())) {
            statement.bind(ps, rows);
            ps.execute();
        }
    }

    private static Map<String, Object> one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("no row for " + sql);
            }
            Map<String, Object> m = new HashMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                m.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
            }
            return m;
        }
    }

    /** Five snapshots of ours under JFR: where the JVM's time goes (the database's own time is not sampled). */
    private static String profile(LoadedHistory h, long at, Path root) throws Exception {
        Path file = root.resolve("snapshot.jfr");
        long wall;
        try (HikariDataSource pool = QueryServiceMain.dataSource(h.jdbcUrl(), null, null, 8, 600);
                Recording rec = new Recording()) {
            Javalin app = QueryServiceApp.create(new QueryService(new HistoryDao(pool))).start(0);
            try {
                HttpClient http = HttpClient.newHttpClient();
                String url = "http://127.0.0.1:" + app.port() + "/v1/snapshot?at=" + at;
                get(http, url);
                rec.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
                rec.start();
                long t0 = System.nanoTime();
                for (int i = 0; i < 5; i++) {
                    get(http, url);
                }
                wall = (System.nanoTime() - t0) / 1_000_000;
                rec.stop();
                rec.dump(file);
            } finally {
                app.stop();
            }
        }
        Map<String, Integer> top = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            top.merge(name(frames.get(0)), 1, Integer::sum);
            for (RecordedFrame f : frames) {
                if (f.getMethod().getType().getName().startsWith("io.lngossip")) {
                    ours.merge(name(f), 1, Integer::sum);
                    break;
                }
            }
        }
        StringBuilder md = new StringBuilder("## JFR profile of our snapshot\n\n");
        md.append(String.format("Five snapshots at %d took %,d ms of wall time; %,d execution samples (10 ms period,"
                + " running Java threads only; the database's own work is in its process and not sampled). Recording:"
                + " `%s` (`jfr summary`, `jfr print --events jdk.ExecutionSample`).%n%n", at, wall, samples, file));
        md.append("| top frame | samples |\n|---|---|\n");
        rank(top).forEach(e -> md.append("| `").append(e.getKey()).append("` | ").append(e.getValue()).append(" |\n"));
        md.append("\n| innermost io.lngossip frame | samples |\n|---|---|\n");
        rank(ours).forEach(e -> md.append("| `").append(e.getKey()).append("` | ").append(e.getValue()).append(" |\n"));
        return md.append('\n').toString();
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static List<Map.Entry<String, Integer>> rank(Map<String, Integer> m) {
        return m.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .limit(20).collect(Collectors.toList());
    }
}
