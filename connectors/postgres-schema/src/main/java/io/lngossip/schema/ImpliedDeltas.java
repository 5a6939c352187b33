package io.lngossip.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The delta rows the stored messages imply, counted by their natural keys: every announced scid in {@code channels},
 * every (scid, direction, timestamp) of an update in {@code half_channel_updates}, every (node_id, timestamp) of a
 * node_announcement in {@code node_updates}. The job writes them after the messages (its slots step comes after
 * dedup), each table through a sink of its own, so a reader that waits for the messages alone can see a snapshot the
 * deltas have not reached yet: whoever waits for the job (the demo's readiness, the ingest benchmark's clock) waits
 * until {@link #stored} holds {@link #expected}.
 */
public final class ImpliedDeltas {

    private ImpliedDeltas() {}

    /** Each delta table with the count of its rows the stored messages imply. */
    private static final String[][] IMPLIED = {
        {"channels", "SELECT count(DISTINCT scid) FROM messages WHERE type = 256"},
        {"half_channel_updates", "SELECT count(*) FROM (SELECT DISTINCT scid, direction, timestamp FROM messages"
            + " WHERE type = 258) s"},
        {"node_updates", "SELECT count(*) FROM (SELECT DISTINCT node_id, timestamp FROM messages WHERE type = 257) s"},
    };

    /** How many rows each delta table should hold for the messages stored now. */
    public static Map<String, Long> expected(DataSource db) throws SQLException {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String[] t : IMPLIED) {
            m.put(t[0], count(db, t[1]));
        }
        return m;
    }

    /** How many rows each delta table holds. */
    public static Map<String, Long> stored(DataSource db) throws SQLException {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String[] t : IMPLIED) {
            m.put(t[0], count(db, "SELECT count(*) FROM " + t[0]));
        }
        return m;
    }

    /** Whether every delta table holds at least what the messages stored now imply. */
    public static boolean complete(DataSource db) throws SQLException {
        Map<String, Long> expected = expected(db);
        Map<String, Long> stored = stored(db);
        for (String[] t : IMPLIED) {
            if (stored.get(t[0]) < expected.get(t[0])) {
                return false;
            }
        }
        return true;
    }

    private static long count(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
