package io.lngossip.bench.query;

import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.lngossip.bench.generator.GeneratorOptions;
import io.lngossip.bench.generator.GossipGenerator;
import io.lngossip.query.QueryServiceMain;
import io.lngossip.query.dao.HistoryDao;
import io.lngossip.query.http.QueryServiceApp;
import io.lngossip.query.service.QueryService;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.sql.DataSource;

/**
 * The query benchmark: a bulk-loaded mainnet-scale history (kept between runs, see {@link LoadedHistory}), our query
 * service's HTTP app on port 0 against the plain-SQL {@link Baselines} on the same data, same instants, round robin.
 * Every answer's length and CRC-32C is compared with ours; a difference stops the run. Then storage, the plans of
 * every statement (auto_explain) and a JFR profile of our snapshot.
 *
 * <p>Usage: {@code QueryBenchmark [days] [seed] [scale] [results-dir]} (defaults: 30, 1, mainnet, bench/results).
 * Contender properties: {@code qbench.instants} (40 snapshot instants), {@code qbench.naiveInstants} (10 of them also
 * for the naive query, 18 s each at 30 days), {@code qbench.repetitions} (20 for by-scid and by-node),
 * {@code qbench.diffInstants} (10 per diff window), {@code qbench.dir} (/tmp/qbench), {@code qbench.withoutReadAhead}
 * (false; true: also the service with no window read ahead, {@code ours_without_read_ahead}, at every snapshot),
 * {@code qbench.jdkClient} (false; true: also our snapshots read by the JDK {@code HttpClient},
 * {@code ours_jdk_httpclient}, on a service of their own), {@code qbench.floorOnly} (false; true: our snapshots
 * against the floor alone, no SCD-2 or naive query, whose reads evict the OS cache when the database is larger than
 * it: for a warm comparison with the floor).
 *
 * <p>Our answers are read by a plain blocking {@code URLConnection}, as curl reads: before 2026-12-03 (session 10)
 * the benchmark read them with the JDK {@code HttpClient}, which on its own takes some 50..100 ms longer than a
 * URLConnection or curl to read a 42 MB body from the same server ({@link ClientCost}), a cost of the client that
 * every snapshot figure carried.
 */
public final class QueryBenchmark {
    static final long MAX_AGE = 14 * 86_400L;

    /** One system's way of answering, writing the GSP body into the answer. */
    @FunctionalInterface
    interface Way {
        void answer(Map<String, Object> values, Answer into) throws Exception;
    }

    record Contender(String name, Way way) {}

    private final LoadedHistory history;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final Map<String, Connection> connections = new LinkedHashMap<>();

    /** The service without the window read ahead ({@code qbench.withoutReadAhead}), or null. */
    private final String serialBase;

    /** The service whose answers the JDK HttpClient reads ({@code qbench.jdkClient}), or null. */
    private final String jdkBase;

    private QueryBenchmark(LoadedHistory history, int port, int serialPort, int jdkPort) {
        this.history = history;
        this.base = "http://127.0.0.1:" + port;
        this.serialBase = serialPort < 0 ? null : "http://127.0.0.1:" + serialPort;
        this.jdkBase = jdkPort < 0 ? null : "http://127.0.0.1:" + jdkPort;
    }

    public static void main(String[] args) throws Exception {
        int days = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        String scale = args.length > 2 ? args[2] : "mainnet";
        Path results = Path.of(args.length > 3 ? args[3] : "bench/results");
        int k = Integer.getInteger("qbench.instants", 40);
        int naiveK = Integer.getInteger("qbench.naiveInstants", 10);
        int reps = Integer.getInteger("qbench.repetitions", 20);
        int diffK = Integer.getInteger("qbench.diffInstants", 10);
        Path root = Path.of(java.lang.System.getProperty("qbench.dir", "/tmp/qbench"));
        GeneratorOptions options = (scale.equals("small") ? GeneratorOptions.small() : GeneratorOptions.mainnet())
                .withDays(days).withSeed(seed);

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("benchmark", "query");
        r.put("date", Instant.now().toString());
        r.put("machine", machine());
        r.put("scale", scale);
        r.put("days", days);
        r.put("seed", seed);
        StringBuilder explain = new StringBuilder();
        try (LoadedHistory h = LoadedHistory.open(root, scale, options)) {
            r.put("database_reused", h.reused());
            r.put("load", h.load());
            java.lang.System.err.println(h.reused() ? "reusing the database loaded before in " + h.dir()
                    : "loaded a new database in " + h.dir());
            GossipGenerator g = GossipGenerator.create(options);
            long start = options.start().getEpochSecond();
            long end = options.end().getEpochSecond();
            SplittableRandom random = new SplittableRandom(seed);
            long[] warm = instants(random, 3, start, end);
            long[] measured = instants(random, k, start, end);
            long[] all = concat(warm, measured);
            long[][] diffs = {instants(random, diffK + 1, start + 3600, end),
                instants(random, diffK + 1, start + 86_400, end)};
            boolean allCheckpoints = !"instants".equals(java.lang.System.getProperty("qbench.checkpoints", "all"));
            List<Long> asked = new ArrayList<>();
            for (long t : all) {
                asked.add(t);
            }
            for (int w = 0; w < 2; w++) {
                for (long t : diffs[w]) {
                    asked.add(t);
                    asked.add(t - (w == 0 ? 3600 : 86_400));
                }
            }
            // the baselines' tables are built while the checkpoints are (both only read the loaded tables)
            java.util.concurrent.CompletableFuture<Double> baselines = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> {
                        try {
                            return Baselines.build(h.db());
                        } catch (SQLException e) {
                            throw new java.util.concurrent.CompletionException(e);
                        }
                    });
            long tc = java.lang.System.nanoTime();
            int written = h.checkpoints(allCheckpoints ? null : asked);
            r.put("checkpoints_mode", allCheckpoints ? "all (as an import writes them)"
                    : "only the hourly ones the measured answers use");
            r.put("checkpoints_written_by_this_run", written);
            r.put("checkpoints_s", Math.round(BulkLoader.seconds(tc)));
            long tb = java.lang.System.nanoTime();
            int bodies = h.bodies();
            r.put("bodies_written_by_this_run", bodies);
            r.put("bodies_s", Math.round(BulkLoader.seconds(tb)));
            r.put("baseline_build_s", Math.round(baselines.join()));
            long tf = java.lang.System.nanoTime();
            Baselines.fillFloor(h.db(), all, MAX_AGE);
            r.put("floor_fill_s", Math.round(BulkLoader.seconds(tf)));
            // the checkpoints and bodies this run wrote after the load's VACUUM ANALYZE, vacuumed as autovacuum would
            // have long done in a live database (the baselines and the floor are rewritten by CLUSTER): else the
            // first run after a load sets their pages' hint bits as it reads. Only those tables: a VACUUM of the
            // whole database reads all of it through the OS cache, which holds less than the database, and leaves
            // the tables each contender reads colder than a later run finds them
            if (written > 0 || bodies > 0) {
                long tv = java.lang.System.nanoTime();
                LoadedHistory.execute(h.db(), "VACUUM ANALYZE checkpoints, snapshot_bodies, snapshot_body_chunks");
                r.put("vacuum_after_fill_s", Math.round(BulkLoader.seconds(tv)));
            }
            r.put("settings", LoadedHistory.SETTINGS);

            try (HikariDataSource pool = QueryServiceMain.dataSource(h.jdbcUrl(), null, null, 8, 600)) {
                Javalin app = QueryServiceApp.create(new QueryService(new HistoryDao(pool))).start(0);
                // the same service with no window read ahead, on its own app (its own kept body and channel table)
                Javalin serial = !Boolean.getBoolean("qbench.withoutReadAhead") ? null : QueryServiceApp.create(
                        new QueryService(new HistoryDao(pool), QueryService.WINDOW_SCAN_FROM, 0)).start(0);
                r.put("snapshot_without_read_ahead_measured", serial != null);
                // the same service again, its answers read by the JDK HttpClient instead of a URLConnection
                Javalin jdk = !Boolean.getBoolean("qbench.jdkClient") ? null : QueryServiceApp.create(
                        new QueryService(new HistoryDao(pool))).start(0);
                r.put("client", "URLConnection");
                r.put("snapshot_read_by_jdk_client_measured", jdk != null);
                try {
                    QueryBenchmark b = new QueryBenchmark(h, app.port(), serial == null ? -1 : serial.port(),
                            jdk == null ? -1 : jdk.port());
                    try {
                        b.run(r, g, warm, measured, naiveK, reps, diffs);
                        r.put("storage", b.storage());
                    } finally {
                        b.closeConnections();
                    }
                } finally {
                    app.stop();
                    if (serial != null) {
                        serial.stop();
                    }
                    if (jdk != null) {
                        jdk.stop();
                    }
                }
            }
            explain.append(Explain.capture(h, g, measured[0], root));
        }
        Report.write(results, r, explain.toString());
    }

    private void run(Map<String, Object> r, GossipGenerator g, long[] warm, long[] measured, int naiveK, int reps,
            long[][] diffs) throws Exception {
        Contender ours = new Contender("ours", (v, a) -> get("/v1/snapshot?at=" + v.get("t"), a));
        Contender serial = serialBase == null ? null : new Contender("ours_without_read_ahead",
                (v, a) -> get(serialBase, "/v1/snapshot?at=" + v.get("t"), a));
        Contender naive = new Contender("naive", sql("naive", Baselines.NAIVE));
        Contender btree = new Contender("scd2_btree", sql("scd2_btree", Baselines.SCD_BTREE));
        Contender gist = new Contender("scd2_gist", sql("scd2_gist", Baselines.SCD_GIST));
        Contender floor = new Contender("floor", sql("floor", Baselines.FLOOR));

        List<Contender> ourWays = new ArrayList<>(List.of(ours));
        if (serial != null) {
            ourWays.add(serial);
        }
        if (jdkBase != null) {
            ourWays.add(new Contender("ours_jdk_httpclient", (v, a) -> getWithJdkClient(jdkBase,
                    "/v1/snapshot?at=" + v.get("t"), a)));
        }
        boolean floorOnly = Boolean.getBoolean("qbench.floorOnly");
        r.put("snapshot_floor_only", floorOnly);
        List<Contender> baselines = floorOnly ? List.of(floor) : List.of(btree, gist, floor);
        List<Contender> snapshots = new ArrayList<>(ourWays);
        snapshots.addAll(baselines);
        // warm-up: every system once or more on instants not measured, checked like the rest
        for (long t : warm) {
            compare("snapshot warm-up", snapshots, snapshotValues(t), null);
        }
        if (!floorOnly) {
            compare("snapshot warm-up", List.of(ours, naive), snapshotValues(warm[0]), null);
        }

        List<Contender> figured = new ArrayList<>(snapshots);
        if (!floorOnly) {
            figured.add(1, naive);
        }
        Map<String, Figures> snapshot = figures(figured.toArray(Contender[]::new));
        for (int i = 0; i < measured.length; i++) {
            // our ways next to each other, each first in turn: the first reads the instant's pages into the cache for
            // the others
            List<Contender> round = new ArrayList<>(rotate(ourWays, i));
            round.addAll(baselines);
            if (i < naiveK && !floorOnly) {
                round.add(naive);
            }
            compare("snapshot", rotate(round, i), snapshotValues(measured[i]), snapshot);
            java.lang.System.err.printf("snapshot %d/%d at %d: %s%n", i + 1, measured.length, measured[i],
                    summary(snapshot));
        }
        r.put("snapshot", table(snapshot));

        long scid = g.hotChannel().value();
        String scidText = g.hotChannel().toString();
        Contender oursScid = new Contender("ours", (v, a) -> get("/v1/channels/" + scidText + "/gossip", a));
        Contender sqlScid = new Contender("sql", sql("by_scid", Baselines.BY_SCID));
        r.put("by_scid", repeated("by-scid " + scidText, oursScid, sqlScid, Map.of("scid", scid), reps));
        r.put("by_scid_channel", scidText);
        r.put("by_scid_messages", count("SELECT count(*) FROM messages WHERE scid = " + scid));

        byte[] node = g.busiestNode().toArray();
        String nodeText = g.busiestNode().hex();
        Contender oursNode = new Contender("ours", (v, a) -> get("/v1/nodes/" + nodeText + "/gossip", a));
        Contender sqlNode = new Contender("sql", sql("by_node", Baselines.BY_NODE));
        r.put("by_node", repeated("by-node " + nodeText, oursNode, sqlNode, Map.of("node", node), reps));
        r.put("by_node_id", nodeText);

        for (int w = 0; w < 2; w++) {
            long window = w == 0 ? 3600 : 86_400;
            long[] ts = diffs[w];
            Contender oursDiff = new Contender("ours", (v, a) -> get("/v1/diff?from=" + v.get("t1") + "&to=" + v.get("t2"),
                    a));
            Contender sqlDiff = new Contender("scd2_gist", sql("diff", Baselines.DIFF_GIST));
            List<Contender> ways = List.of(oursDiff, sqlDiff);
            Map<String, Figures> f = figures(ways.toArray(Contender[]::new));
            for (int i = 0; i < ts.length; i++) {
                Map<String, Object> v = Map.of("t1", ts[i] - window, "t2", ts[i], "max_age", MAX_AGE);
                compare("diff " + window + " s", rotate(ways, i), v, i == 0 ? null : f);
            }
            r.put("diff_" + (window == 3600 ? "1h" : "1d"), table(f));
        }
    }

    private static Map<String, Object> snapshotValues(long t) {
        return Map.of("t", t, "max_age", MAX_AGE);
    }

    /** By-scid and by-node: the same request {@code reps} times (after one checked warm-up each), interleaved. */
    private Map<String, Object> repeated(String what, Contender ours, Contender sql, Map<String, Object> values, int reps)
            throws Exception {
        compare(what + " warm-up", List.of(ours, sql), values, null);
        Map<String, Figures> f = figures(ours, sql);
        for (int i = 0; i < reps; i++) {
            compare(what, rotate(List.of(ours, sql), i), values, f);
        }
        return table(f);
    }

    /** Runs each system on the same question; all answers must equal the first's (ours) byte for byte. */
    private void compare(String what, List<Contender> systems, Map<String, Object> values, Map<String, Figures> into)
            throws Exception {
        Map<String, String> prints = new LinkedHashMap<>();
        for (Contender s : systems) {
            Answer a = new Answer();
            long t0 = java.lang.System.nanoTime();
            s.way().answer(values, a);
            double ms = (java.lang.System.nanoTime() - t0) / 1e6;
            prints.put(s.name(), a.fingerprint());
            if (into != null) {
                into.get(s.name()).add(ms, a.bytes());
            }
        }
        String expected = prints.get("ours");
        for (Map.Entry<String, String> e : prints.entrySet()) {
            if (!e.getValue().equals(expected)) {
                throw new IllegalStateException(what + " " + values + ": " + e.getKey() + " answered " + e.getValue()
                        + " (bytes:crc32c), ours " + expected + ": the answers differ");
            }
        }
    }

    private static List<Contender> rotate(List<Contender> systems, int by) {
        List<Contender> out = new ArrayList<>();
        for (int i = 0; i < systems.size(); i++) {
            out.add(systems.get((i + by) % systems.size()));
        }
        return out;
    }

    private static Map<String, Figures> figures(Contender... systems) {
        Map<String, Figures> m = new LinkedHashMap<>();
        for (Contender s : systems) {
            m.put(s.name(), new Figures());
        }
        return m;
    }

    private static Map<String, Object> table(Map<String, Figures> f) {
        Map<String, Object> out = new LinkedHashMap<>();
        Figures floor = f.get("floor");
        f.forEach((name, x) -> {
            Map<String, Object> m = x.toMap();
            if (floor != null) {
                m.put("p50_ratio_to_floor", Figures.round(x.percentile(50) / floor.percentile(50) * 100) / 100);
            }
            out.put(name, m);
        });
        return out;
    }

    private static String summary(Map<String, Figures> f) {
        StringBuilder s = new StringBuilder();
        f.forEach((name, x) -> {
            if (x.count() > 0) {
                s.append(name).append(" p50 ").append(Math.round(x.percentile(50))).append(" ms; ");
            }
        });
        return s.toString();
    }

    private void get(String path, Answer into) throws IOException {
        get(base, path, into);
    }

    private void get(String base, String path, Answer into) throws IOException {
        read(base + path, into);
    }

    /** A GET read by a plain URLConnection, as curl reads it. */
    private static void read(String url, Answer into) throws IOException {
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) URI.create(url).toURL().openConnection();
        try (InputStream in = c.getResponseCode() == 200 ? c.getInputStream() : c.getErrorStream()) {
            if (c.getResponseCode() != 200) {
                throw new IllegalStateException("GET " + url + " answered " + c.getResponseCode() + ": "
                        + new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
            into.readAll(in);
        }
    }

    /** A GET read by the JDK HttpClient (our reads before 2026-12-03, session 10). */
    private void getWithJdkClient(String base, String path, Answer into) throws IOException, InterruptedException {
        HttpResponse<InputStream> res = http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = res.body()) {
            if (res.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + res.statusCode() + ": "
                        + new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
            into.readAll(in);
        }
    }

    /** A baseline on its own connection (kept open, as a pool would), planned afresh for each call's values. */
    private Way sql(String name, NamedSql query) {
        return (v, a) -> Baselines.stream(connection(name), query, v, a);
    }

    private Connection connection(String name) throws SQLException {
        Connection c = connections.get(name);
        if (c == null) {
            c = DriverManager.getConnection(baselineUrl(history.jdbcUrl()));
            connections.put(name, c);
        }
        return c;
    }

    /**
     * Every call planned for its constants (custom plans only), and rows in the binary format as our service's
     * pooled, prepared statements get them: {@code prepareThreshold=0} (the simple protocol) would send every
     * {@code bytea} as hex text, twice the bytes and a decode, which slowed every baseline, the floor included.
     */
    static String baselineUrl(String jdbcUrl) {
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?")
                + "prepareThreshold=1&options=-c%20plan_cache_mode%3Dforce_custom_plan";
    }

    private void closeConnections() throws SQLException {
        for (Connection c : connections.values()) {
            c.close();
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = history.db().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Map<String, Object> storage() throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        DataSource db = history.db();
        long raw = count("SELECT sum(length(raw)) FROM messages");
        long messages = count("SELECT count(*) FROM messages");
        Map<String, Object> tables = new LinkedHashMap<>();
        long total = 0;
        long checkpoints = 0;
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT n.nspname || '.' || c.relname, pg_total_relation_size(c.oid), pg_relation_size(c.oid)"
                        + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname IN ('public', 'baseline') AND c.relkind = 'r'"
                        + " ORDER BY pg_total_relation_size(c.oid) DESC")) {
            while (rs.next()) {
                String name = rs.getString(1);
                tables.put(name, Map.of("total_bytes", rs.getLong(2), "heap_bytes", rs.getLong(3)));
                if (name.startsWith("public.")) {
                    total += rs.getLong(2);
                    if (name.equals("public.checkpoints")) {
                        checkpoints = rs.getLong(2);
                    }
                }
            }
        }
        m.put("messages", messages);
        m.put("raw_bytes", raw);
        m.put("raw_bytes_per_message", Math.round((double) raw / messages));
        m.put("ours_bytes", total);
        m.put("ours_bytes_per_message", Math.round((double) total / messages));
        m.put("ratio_to_raw", Figures.round((double) total / raw * 100) / 100);
        m.put("ratio_to_raw_without_checkpoints", Figures.round((double) (total - checkpoints) / raw * 100) / 100);
        long stored = count("SELECT count(*) FROM checkpoints");
        int due = new HistoryDao(db).dueInstants(BulkLoader.CHECKPOINT_INTERVAL_SECONDS).size();
        m.put("checkpoints", stored);
        m.put("checkpoints_due", due);
        // where only some checkpoints were written: the same average size for every due one
        m.put("ratio_to_raw_with_every_due_checkpoint", Figures.round((total - checkpoints
                + (double) checkpoints / Math.max(1, stored) * due) / raw * 100) / 100);
        m.put("tables", tables);
        return m;
    }

    private static long[] instants(SplittableRandom random, int n, long from, long to) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = random.nextLong(from, to);
        }
        return out;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = new long[a.length + b.length];
        java.lang.System.arraycopy(a, 0, out, 0, a.length);
        java.lang.System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        m.put("java", java.lang.System.getProperty("java.version"));
        m.put("os", java.lang.System.getProperty("os.name") + " " + java.lang.System.getProperty("os.arch"));
        m.put("load_average_at_start", Figures.round(ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage()));
        m.put("postgresql", "17 (zonky embedded binaries)");
        return m;
    }

    static void writeString(Path p, String s) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, s);
    }
}
