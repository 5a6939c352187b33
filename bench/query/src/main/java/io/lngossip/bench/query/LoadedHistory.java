package io.lngossip.bench.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lngossip.bench.generator.GeneratorOptions;
import io.lngossip.bench.generator.GossipGenerator;
import io.lngossip.embedded.EmbeddedPostgresServer;
import io.lngossip.query.dao.CheckpointRebuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bulk-loaded history in an embedded PostgreSQL whose data directory is kept between runs: under
 * {@code root/SCALE-DAYSd-seedSEED/}, reused when its {@code loaded.json} says a load of the same history finished,
 * otherwise removed and loaded again. The server gets the same settings for every system measured (the defaults'
 * 128 MB of shared buffers would measure the disk, not the queries) and a log file for auto_explain.
 */
final class LoadedHistory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoadedHistory.class);

    static final String DATABASE = "lngossip";

    /** The server settings, the same for ours and every baseline. */
    static final Map<String, String> SETTINGS = settings();

    private final EmbeddedPostgresServer server;
    private final Path dir;
    private final boolean reused;
    private final Map<String, Object> load;

    private LoadedHistory(EmbeddedPostgresServer server, Path dir, boolean reused, Map<String, Object> load) {
        this.server = server;
        this.dir = dir;
        this.reused = reused;
        this.load = load;
    }

    private static Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("shared_buffers", "2GB");
        s.put("effective_cache_size", "8GB");
        s.put("work_mem", "64MB");
        s.put("maintenance_work_mem", "1GB");
        s.put("max_wal_size", "8GB");
        s.put("logging_collector", "on");
        s.put("log_directory", "log");
        s.put("log_filename", "postgresql.log");
        return s;
    }

    /**
     * The loaded tables (without checkpoints: {@link #checkpoints} adds them): reused when {@code tables.json} says
     * a load of the same history finished, else loaded afresh.
     */
    static LoadedHistory open(Path root, String scale, GeneratorOptions options) throws Exception {
        Objects.requireNonNull(root, "root cannot be null");
        Path dir = root.resolve(scale + "-" + options.days() + "d-seed" + options.seed());
        Path marker = dir.resolve("tables.json");
        ObjectMapper json = new ObjectMapper();
        if (Files.isRegularFile(marker)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> load = json.readValue(marker.toFile(), Map.class);
            LOG.info("reusing the history loaded in {}", dir);
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir.resolve("pg"), 0);
            // a history loaded under an older schema gets the newer migrations (they never rewrite loaded rows)
            io.lngossip.schema.HistorySchema.migrate(server.dataSource(DATABASE));
            if (!Boolean.TRUE.equals(load.get("vacuumed"))) {
                vacuum(server.dataSource(DATABASE), load);
                json.writerWithDefaultPrettyPrinter().writeValue(marker.toFile(), load);
            }
            return new LoadedHistory(server, dir, true, load);
        }
        deleteTree(dir);
        Files.createDirectories(dir);
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir.resolve("pg"), 0);
        try {
            try (Connection c = server.dataSource("postgres").getConnection(); Statement s = c.createStatement()) {
                for (Map.Entry<String, String> e : SETTINGS.entrySet()) {
                    s.execute("ALTER SYSTEM SET " + e.getKey() + " = '" + e.getValue() + "'");
                }
            }
            server.restart(Duration.ZERO);
            server.createDatabase(DATABASE);
            DataSource db = server.dataSource(DATABASE);
            LOG.info("loading {} days of {} history (seed {}) into {}", options.days(), scale, options.seed(), dir);
            BulkLoader.Summary s = new BulkLoader(db).loadTables(GossipGenerator.create(options),
                    GeneratorOptions.COLLECTOR_A);
            Map<String, Object> load = new LinkedHashMap<>();
            load.put("loaded_at", Instant.now().toString());
            load.put("messages", s.messages());
            load.put("copy_s", Math.round(s.copySeconds()));
            load.put("reconcile_s", Math.round(s.reconcileSeconds()));
            vacuum(db, load);
            json.writerWithDefaultPrettyPrinter().writeValue(marker.toFile(), load);
            return new LoadedHistory(server, dir, false, load);
        } catch (Exception e) {
            server.close();
            throw e;
        }
    }

    private static void vacuum(DataSource db, Map<String, Object> load) throws SQLException {
        long t = System.nanoTime();
        execute(db, "VACUUM ANALYZE");
        load.put("vacuum_analyze_s", Math.round(BulkLoader.seconds(t)));
        load.put("vacuumed", true);
    }

    /**
     * Adds the checkpoints: every one an import writes ({@code instants} null), or only those answers at
     * {@code instants} use ({@link BulkLoader#checkpointsAt}). Returns how many were written now.
     */
    int checkpoints(java.util.Collection<Long> instants) throws SQLException {
        BulkLoader loader = new BulkLoader(db());
        if (instants == null) {
            return loader.fillCheckpoints();
        }
        // the checkpoints the materialized bodies before those instants need too (an import writes them all)
        java.util.Set<Long> with = new java.util.TreeSet<>(instants);
        for (long t : instants) {
            with.add(Math.floorDiv(t, CheckpointRebuilder.DEFAULT_BODY_INTERVAL_SECONDS)
                    * CheckpointRebuilder.DEFAULT_BODY_INTERVAL_SECONDS);
        }
        return loader.checkpointsAt(with);
    }

    /**
     * The materialized snapshot bodies an import writes (every 6 hours of event time, at the stored checkpoints):
     * the query service streams updates and node announcements from them. Returns how many were written now.
     */
    int bodies() throws SQLException {
        return new CheckpointRebuilder(db()).materialize(CheckpointRebuilder.DEFAULT_BODY_INTERVAL_SECONDS);
    }

    EmbeddedPostgresServer server() {
        return server;
    }

    DataSource db() {
        return server.dataSource(DATABASE);
    }

    String jdbcUrl() {
        return server.jdbcUrl(DATABASE);
    }

    Path dir() {
        return dir;
    }

    Path logFile() {
        return dir.resolve("pg").resolve("log").resolve("postgresql.log");
    }

    boolean reused() {
        return reused;
    }

    Map<String, Object> load() {
        return load;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.toList());
            all.sort(Comparator.reverseOrder());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }

    static void execute(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
