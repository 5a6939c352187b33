package io.lngossip.bench.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a user could do instead, in plain SQL on the same data in the same database (schema {@code baseline}), each
 * producing SEMANTICS §4's answer in its canonical order, so its GSP bytes can be compared with ours:
 * <ul>
 *   <li>(a) {@link #NAIVE}: the query one writes over the full history, {@code DISTINCT ON (scid, direction) ...
 *       ORDER BY timestamp DESC} with the staleness filter, straight on {@code messages};</li>
 *   <li>(b) {@link #SCD_BTREE}: ln-history's design, SCD-2 tables with {@code valid_from}/{@code valid_to} (the
 *       canonical message of each slot, valid until the next one), a btree on the pair, CLUSTERed on it;</li>
 *   <li>(b') {@link #SCD_GIST}: the same tables queried through a GiST index on {@code int8range(valid_from,
 *       valid_to)};</li>
 *   <li>(c) {@link #FLOOR}: the answer precomputed for the instant, one row per message in order, only streamed.</li>
 * </ul>
 * By scid, by node and diff have their own plain-SQL baselines ({@link #BY_SCID}, {@link #BY_NODE},
 * {@link #DIFF_GIST}). The SCD-2 tables store the bytes inline (ln-history keeps its raw gossip beside the validity),
 * the strongest form of that design.
 */
final class Baselines {
    private static final Logger LOG = LoggerFactory.getLogger(Baselines.class);

    static final long END_OF_TIME = Long.MAX_VALUE;

    /** Builds the SCD-2 tables (once per loaded history: kept with it). */
    static final List<String> BUILD = List.of(
            "CREATE SCHEMA baseline",
            "CREATE TABLE baseline.channel_updates AS SELECT h.scid, h.direction, h.timestamp AS valid_from,"
                + " coalesce(lead(h.timestamp) OVER (PARTITION BY h.scid, h.direction ORDER BY h.timestamp), "
                + END_OF_TIME + ") AS valid_to, m.raw FROM half_channel_updates h JOIN messages m"
                + " ON m.gossip_id = h.gossip_id",
            "CREATE INDEX channel_updates_validity ON baseline.channel_updates (valid_from, valid_to)",
            "CLUSTER baseline.channel_updates USING channel_updates_validity",
            "CREATE INDEX channel_updates_validity_gist ON baseline.channel_updates"
                + " USING gist (int8range(valid_from, valid_to))",
            "CREATE TABLE baseline.node_announcements AS SELECT n.node_id, n.timestamp AS valid_from,"
                + " coalesce(lead(n.timestamp) OVER (PARTITION BY n.node_id ORDER BY n.timestamp), " + END_OF_TIME
                + ") AS valid_to, m.raw FROM node_updates n JOIN messages m ON m.gossip_id = n.gossip_id",
            "CREATE INDEX node_announcements_validity ON baseline.node_announcements (valid_from, valid_to)",
            "CLUSTER baseline.node_announcements USING node_announcements_validity",
            "CREATE INDEX node_announcements_validity_gist ON baseline.node_announcements"
                + " USING gist (int8range(valid_from, valid_to))",
            "CREATE TABLE baseline.channels AS SELECT c.scid, c.node_id_1, c.node_id_2, m.raw, x.closed_at"
                + " FROM channels c JOIN messages m ON m.gossip_id = c.gossip_id LEFT JOIN channel_closes x"
                + " ON x.scid = c.scid",
            "ALTER TABLE baseline.channels ADD PRIMARY KEY (scid)",
            "CREATE TABLE baseline.floor (instant bigint NOT NULL, ord integer NOT NULL, raw bytea NOT NULL,"
                + " PRIMARY KEY (instant, ord))",
            "ANALYZE baseline.channel_updates",
            "ANALYZE baseline.node_announcements",
            "ANALYZE baseline.channels");

    /** The snapshot's canonical order over rows (part, scid, dir, node, raw): channels by scid, then nodes. */
    private static final String ORDER = " ORDER BY part, scid, dir, node";

    private static String tail(String k) {
        return "s" + k + " AS (SELECT 0 AS part, scid, -1 AS dir, NULL::bytea AS node, raw FROM c" + k
                + " UNION ALL SELECT 0, u.scid, u.direction, NULL, u.raw FROM u" + k + " u JOIN c" + k
                + " c ON c.scid = u.scid UNION ALL SELECT 1, 0, 0, node_id, raw FROM n" + k + ")";
    }

    /** SCD-2 snapshot CTEs u, c, n, s with suffix {@code k} at {@code :tk}; validity by btree or GiST. */
    private static String scd(String k, boolean gist) {
        String t = ":t" + k;
        String valid = gist ? "int8range(valid_from, valid_to) @> " + t + "::bigint"
                : "valid_from <= " + t + " AND valid_to > " + t;
        return "u" + k + " AS (SELECT scid, direction, raw FROM baseline.channel_updates WHERE " + valid
                + " AND valid_from >= " + t + " - :max_age),"
                + " c" + k + " AS (SELECT c.scid, c.node_id_1, c.node_id_2, c.raw FROM baseline.channels c"
                + " WHERE c.scid IN (SELECT scid FROM u" + k + ") AND (c.closed_at IS NULL OR c.closed_at > " + t
                + ")),"
                + " n" + k + " AS (SELECT a.node_id, a.raw FROM baseline.node_announcements a WHERE "
                + valid.replace("valid_", "a.valid_") + " AND a.node_id IN (SELECT node_id_1 FROM c" + k
                + " UNION SELECT node_id_2 FROM c" + k + ")), " + tail(k);
    }

    static final NamedSql NAIVE = NamedSql.of("WITH u AS (SELECT scid, direction, raw FROM (SELECT DISTINCT ON"
            + " (scid, direction) scid, direction, timestamp, raw FROM messages WHERE type = 258 AND timestamp <= :t"
            + " ORDER BY scid, direction, timestamp DESC, gossip_id) l WHERE timestamp >= :t - :max_age),"
            + " c AS (SELECT DISTINCT ON (m.scid) m.scid, m.node_id_1, m.node_id_2, m.raw FROM messages m"
            + " WHERE m.type = 256 AND m.scid IN (SELECT scid FROM u) AND NOT EXISTS (SELECT 1 FROM channel_closes x"
            + " WHERE x.scid = m.scid AND x.closed_at <= :t) ORDER BY m.scid, m.gossip_id),"
            + " n AS (SELECT DISTINCT ON (m.node_id) m.node_id, m.raw FROM messages m WHERE m.type = 257"
            + " AND m.timestamp <= :t AND m.node_id IN (SELECT node_id_1 FROM c UNION SELECT node_id_2 FROM c)"
            + " ORDER BY m.node_id, m.timestamp DESC, m.gossip_id), " + tail("")
            + " SELECT raw FROM s" + ORDER);

    static final NamedSql SCD_BTREE = NamedSql.of("WITH " + scd("", false) + " SELECT raw FROM s" + ORDER);

    static final NamedSql SCD_GIST = NamedSql.of("WITH " + scd("", true) + " SELECT raw FROM s" + ORDER);

    static final NamedSql FLOOR = NamedSql.of("SELECT raw FROM baseline.floor WHERE instant = :t ORDER BY ord");

    /** Precomputes the floor's answer at {@code :t} (from the GiST baseline; checked against ours like the rest). */
    static final NamedSql FLOOR_FILL = NamedSql.of("INSERT INTO baseline.floor (instant, ord, raw) WITH "
            + scd("", true) + " SELECT :t, row_number() OVER (" + ORDER + "), raw FROM s");

    /** Diff(T1, T2): the messages of the snapshot at T2 not in the one at T1, in snapshot order (GiST). */
    static final NamedSql DIFF_GIST = NamedSql.of("WITH " + scd("1", true) + ", " + scd("2", true)
            + " SELECT raw FROM s2 WHERE NOT EXISTS (SELECT 1 FROM s1 WHERE s1.part = s2.part AND s1.scid = s2.scid"
            + " AND s1.dir = s2.dir AND s1.raw = s2.raw)" + ORDER);

    /** By scid in history order: announcements by gossip_id, then updates by (timestamp, direction, gossip_id). */
    static final NamedSql BY_SCID = NamedSql.of("SELECT raw FROM messages WHERE scid = :scid"
            + " ORDER BY type <> 256, timestamp, direction, gossip_id");

    /** By node in history order (SEMANTICS §4): the node's announcements, its channels' announcements and updates. */
    static final NamedSql BY_NODE = NamedSql.of("SELECT raw FROM messages WHERE node_id = :node OR node_id_1 = :node"
            + " OR node_id_2 = :node OR (type = 258 AND scid IN (SELECT scid FROM messages WHERE type = 256"
            + " AND (node_id_1 = :node OR node_id_2 = :node)))"
            + " ORDER BY type <> 256, CASE WHEN type = 256 THEN scid END, timestamp, type, coalesce(scid, 0),"
            + " coalesce(direction, 0), coalesce(node_id, '\\x'::bytea), gossip_id");

    private Baselines() {}

    /** Builds the SCD-2 tables unless the loaded history has them; returns the seconds taken (0 when kept). */
    static double build(DataSource db) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1 FROM pg_namespace WHERE nspname = 'baseline'")) {
            if (rs.next()) {
                return 0;
            }
        }
        long t = System.nanoTime();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            for (String sql : BUILD) {
                s.execute(sql);
            }
            c.commit();
        }
        double took = BulkLoader.seconds(t);
        LOG.info("baseline tables built in {} s", Math.round(took));
        return took;
    }

    /** Precomputes the floor's answers at {@code instants} (replacing any earlier ones). */
    static void fillFloor(DataSource db, long[] instants, long maxAge) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE baseline.floor");
            for (long t : instants) {
                try (PreparedStatement ps = FLOOR_FILL.prepare(c, Map.of("t", t, "max_age", maxAge))) {
                    ps.executeUpdate();
                }
            }
            s.execute("CLUSTER baseline.floor USING floor_pkey");
            s.execute("ANALYZE baseline.floor");
        }
    }

    /** Runs {@code sql} and writes each row's {@code raw} as a GSP frame to {@code answer}, rows fetched in batches. */
    static void stream(Connection c, NamedSql sql, Map<String, Object> values, Answer answer) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement ps = sql.prepare(c, values)) {
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                answer.header();
                while (rs.next()) {
                    answer.frame(rs.getBytes(1));
                }
            }
        } finally {
            c.commit();
        }
    }
}
