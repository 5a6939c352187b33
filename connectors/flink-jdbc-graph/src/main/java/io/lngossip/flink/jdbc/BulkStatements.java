package io.lngossip.flink.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * The job's four high-volume writes (messages, observations and the two delta tables: about three rows per sighting)
 * as {@link BulkStatement}s: the same upserts as {@link HistoryStatements}' single-row ones, keeping the same
 * canonical row per key, but one statement per batch. Every other table gets a few rows a second and keeps its
 * single-row statement.
 */
public final class BulkStatements {

    private BulkStatements() {}

    public static final String MESSAGES_SQL = "INSERT INTO messages"
            + " (gossip_id, type, scid, direction, node_id, node_id_1, node_id_2, timestamp, first_seen, raw)"
            + " SELECT * FROM unnest(?::bytea[], ?::smallint[], ?::bigint[], ?::smallint[], ?::bytea[], ?::bytea[],"
            + " ?::bytea[], ?::bigint[], ?::bigint[], ?::bytea[])"
            + " ON CONFLICT (gossip_id) DO UPDATE SET first_seen = EXCLUDED.first_seen"
            + " WHERE EXCLUDED.first_seen IS NOT NULL"
            + " AND (messages.first_seen IS NULL OR EXCLUDED.first_seen < messages.first_seen)";

    public static final String OBSERVATIONS_SQL = "INSERT INTO observations (gossip_id, collector, seen_at_ms, source)"
            + " SELECT * FROM unnest(?::bytea[], ?::text[], ?::bigint[], ?::text[])"
            + " ON CONFLICT ON CONSTRAINT observations_key DO NOTHING";

    public static final String HALF_CHANNEL_UPDATES_SQL = "INSERT INTO half_channel_updates"
            + " (scid, direction, timestamp, gossip_id)"
            + " SELECT * FROM unnest(?::bigint[], ?::smallint[], ?::bigint[], ?::bytea[])"
            + " ON CONFLICT (scid, direction, timestamp) DO UPDATE SET gossip_id = EXCLUDED.gossip_id"
            + " WHERE EXCLUDED.gossip_id < half_channel_updates.gossip_id";

    public static final String NODE_UPDATES_SQL = "INSERT INTO node_updates (node_id, timestamp, gossip_id)"
            + " SELECT * FROM unnest(?::bytea[], ?::bigint[], ?::bytea[])"
            + " ON CONFLICT (node_id, timestamp) DO UPDATE SET gossip_id = EXCLUDED.gossip_id"
            + " WHERE EXCLUDED.gossip_id < node_updates.gossip_id";

    /** Distinct messages; of two rows of one message the one with the earliest known receipt (a null is unknown). */
    public static BulkStatement<MessageRow> messages() {
        return new BulkStatement<>() {
            private static final long serialVersionUID = 1L;

            @Override
            public String sql() {
                return MESSAGES_SQL;
            }

            @Override
            public Object key(MessageRow row) {
                return new Bytes(row.gossipId());
            }

            @Override
            public long place(MessageRow row) {
                return leading(row.gossipId());
            }

            @Override
            public MessageRow canonical(MessageRow a, MessageRow b) {
                if (b.firstSeen() == null) {
                    return a;
                }
                return a.firstSeen() == null || b.firstSeen() < a.firstSeen() ? b : a;
            }

            @Override
            public void bind(PreparedStatement ps, List<MessageRow> rows) throws SQLException {
                int n = rows.size();
                byte[][] ids = new byte[n][];
                short[] types = new short[n];
                Long[] scids = new Long[n];
                Short[] directions = new Short[n];
                byte[][] nodeIds = new byte[n][];
                byte[][] nodeIds1 = new byte[n][];
                byte[][] nodeIds2 = new byte[n][];
                Long[] timestamps = new Long[n];
                Long[] firstSeen = new Long[n];
                byte[][] raws = new byte[n][];
                for (int i = 0; i < n; i++) {
                    MessageRow r = rows.get(i);
                    ids[i] = r.gossipId();
                    types[i] = (short) r.type();
                    scids[i] = r.scid();
                    directions[i] = r.direction() == null ? null : r.direction().shortValue();
                    nodeIds[i] = r.nodeId();
                    nodeIds1[i] = r.nodeId1();
                    nodeIds2[i] = r.nodeId2();
                    timestamps[i] = r.timestamp();
                    firstSeen[i] = r.firstSeen();
                    raws[i] = r.raw();
                }
                Object[] columns = {ids, types, scids, directions, nodeIds, nodeIds1, nodeIds2, timestamps,
                    firstSeen, raws};
                for (int i = 0; i < columns.length; i++) {
                    ps.setObject(i + 1, columns[i]);
                }
            }
        };
    }

    /**
     * Sightings. The key is the sighting (message, collector, time) and {@code DO NOTHING} keeps the row stored first,
     * so of two candidates the first one, as applying them in order would.
     */
    public static BulkStatement<ObservationRow> observations() {
        return new BulkStatement<>() {
            private static final long serialVersionUID = 1L;

            @Override
            public String sql() {
                return OBSERVATIONS_SQL;
            }

            @Override
            public Object key(ObservationRow row) {
                return new ObservationKey(new Bytes(row.gossipId()), row.collector(), row.seenAtMs());
            }

            @Override
            public long place(ObservationRow row) {
                return leading(row.gossipId());
            }

            @Override
            public ObservationRow canonical(ObservationRow a, ObservationRow b) {
                return a;
            }

            @Override
            public void bind(PreparedStatement ps, List<ObservationRow> rows) throws SQLException {
                int n = rows.size();
                byte[][] ids = new byte[n][];
                String[] collectors = new String[n];
                Long[] seenAt = new Long[n];
                String[] sources = new String[n];
                for (int i = 0; i < n; i++) {
                    ObservationRow r = rows.get(i);
                    ids[i] = r.gossipId();
                    collectors[i] = r.collector();
                    seenAt[i] = r.seenAtMs();
                    sources[i] = r.source();
                }
                ps.setObject(1, ids);
                ps.setObject(2, collectors);
                ps.setObject(3, seenAt);
                ps.setObject(4, sources);
            }
        };
    }

    /** Candidates for the canonical channel_update of a (scid, direction, timestamp) slot: the smallest id. */
    public static BulkStatement<HalfChannelUpdateRow> halfChannelUpdates() {
        return new BulkStatement<>() {
            private static final long serialVersionUID = 1L;

            @Override
            public String sql() {
                return HALF_CHANNEL_UPDATES_SQL;
            }

            @Override
            public Object key(HalfChannelUpdateRow row) {
                return new SlotKey(row.scid(), row.direction(), row.timestamp());
            }

            @Override
            public long place(HalfChannelUpdateRow row) {
                return row.scid();
            }

            @Override
            public HalfChannelUpdateRow canonical(HalfChannelUpdateRow a, HalfChannelUpdateRow b) {
                return smaller(b.gossipId(), a.gossipId()) ? b : a;
            }

            @Override
            public void bind(PreparedStatement ps, List<HalfChannelUpdateRow> rows) throws SQLException {
                int n = rows.size();
                long[] scids = new long[n];
                short[] directions = new short[n];
                long[] timestamps = new long[n];
                byte[][] ids = new byte[n][];
                for (int i = 0; i < n; i++) {
                    HalfChannelUpdateRow r = rows.get(i);
                    scids[i] = r.scid();
                    directions[i] = (short) r.direction();
                    timestamps[i] = r.timestamp();
                    ids[i] = r.gossipId();
                }
                ps.setObject(1, scids);
                ps.setObject(2, directions);
                ps.setObject(3, timestamps);
                ps.setObject(4, ids);
            }
        };
    }

    /** Candidates for the canonical node_announcement of a (node_id, timestamp) slot: the smallest id. */
    public static BulkStatement<NodeUpdateRow> nodeUpdates() {
        return new BulkStatement<>() {
            private static final long serialVersionUID = 1L;

            @Override
            public String sql() {
                return NODE_UPDATES_SQL;
            }

            @Override
            public Object key(NodeUpdateRow row) {
                return new NodeSlotKey(new Bytes(row.nodeId()), row.timestamp());
            }

            @Override
            public long place(NodeUpdateRow row) {
                return leading(row.nodeId());
            }

            @Override
            public NodeUpdateRow canonical(NodeUpdateRow a, NodeUpdateRow b) {
                return smaller(b.gossipId(), a.gossipId()) ? b : a;
            }

            @Override
            public void bind(PreparedStatement ps, List<NodeUpdateRow> rows) throws SQLException {
                int n = rows.size();
                byte[][] nodeIds = new byte[n][];
                long[] timestamps = new long[n];
                byte[][] ids = new byte[n][];
                for (int i = 0; i < n; i++) {
                    NodeUpdateRow r = rows.get(i);
                    nodeIds[i] = r.nodeId();
                    timestamps[i] = r.timestamp();
                    ids[i] = r.gossipId();
                }
                ps.setObject(1, nodeIds);
                ps.setObject(2, timestamps);
                ps.setObject(3, ids);
            }
        };
    }

    /** Whether {@code a} sorts before {@code b} as PostgreSQL compares bytea: unsigned bytes, then length. */
    static boolean smaller(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b) < 0;
    }

    /**
     * The first 8 bytes as PostgreSQL orders bytea (unsigned, big-endian), as a signed long in the same order; ids
     * are 32 or 33 bytes.
     */
    static long leading(byte[] b) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (i < b.length ? b[i] & 0xff : 0);
        }
        return v ^ Long.MIN_VALUE;
    }

    /** A byte array as a key: equal when the bytes are; the hash is computed once. */
    static final class Bytes {
        private final byte[] value;
        private final int hash;

        Bytes(byte[] value) {
            this.value = value;
            this.hash = Arrays.hashCode(value);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && hash == b.hash && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return java.util.HexFormat.of().formatHex(value);
        }
    }

    private record ObservationKey(Bytes gossipId, String collector, Long seenAtMs) {}

    private record SlotKey(long scid, int direction, long timestamp) {}

    private record NodeSlotKey(Bytes nodeId, long timestamp) {}
}
