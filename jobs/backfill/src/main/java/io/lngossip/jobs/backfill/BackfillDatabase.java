package io.lngossip.jobs.backfill;

import io.lngossip.flink.jdbc.JdbcOptions;
import io.lngossip.schema.HistorySchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.sql.DataSource;

/** The figures a backfill reports, read from the database before and after it runs. */
final class BackfillDatabase {
    private final DataSource db;

    private BackfillDatabase(DataSource db) {
        this.db = db;
    }

    /** Connects with the job's settings and migrates the schema. */
    static BackfillDatabase open(JdbcOptions jdbc) {
        Objects.requireNonNull(jdbc, "jdbc cannot be null");
        javax.sql.DataSource ds = jdbc.dataSource();
        HistorySchema.migrate(ds);
        return new BackfillDatabase(ds);
    }

    DataSource dataSource() {
        return db;
    }

    /** Distinct messages stored. */
    long messages() throws SQLException {
        return single("SELECT count(*) FROM messages");
    }

    /** When a live job last recorded its progress (unix ms), 0 when never. */
    long lastLiveProgressMs() throws SQLException {
        return single("SELECT COALESCE(max(updated_at_ms), 0) FROM ingest_progress");
    }

    /** Quarantined observations by reason. */
    Map<String, Long> quarantineByReason() throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT reason, count(*) FROM quarantine GROUP BY reason")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    /** The reasons counted in {@code after} beyond {@code before}. */
    static Map<String, Long> added(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((reason, n) -> {
            long more = n - before.getOrDefault(reason, 0L);
            if (more > 0) {
                out.put(reason, more);
            }
        });
        return out;
    }

    private long single(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
