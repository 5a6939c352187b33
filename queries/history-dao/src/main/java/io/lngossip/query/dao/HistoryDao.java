package io.lngossip.query.dao;

import io.lngossip.codec.GossipId;
import io.lngossip.codec.GossipParseException;
import io.lngossip.codec.NodeId;
import io.lngossip.model.Announcements;
import io.lngossip.model.ChannelRef;
import io.lngossip.model.Checkpoint;
import io.lngossip.model.CheckpointCodec;
import io.lngossip.model.Delta;
import io.lngossip.model.NodeRef;
import io.lngossip.model.ReconstructionPlanner;
import io.lngossip.model.StoredMessage;
import io.lngossip.model.UpdateRef;
import io.lngossip.schema.CheckpointSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Every SQL statement of the query service, reading what the job wrote. Inputs are always bound as statement
 * parameters.
 */
public final class HistoryDao {
    /** The newest usable checkpoint at or before an instant (see the job's docs/JOB.md and CheckpointSql). */
    static final String USABLE_CHECKPOINTS = "SELECT c.instant FROM checkpoints c WHERE " + CheckpointSql.USABLE
            + " AND c.instant <= ? ORDER BY c.instant DESC LIMIT 1";

    private final DataSource db;

    public HistoryDao(DataSource db) {
        this.db = Objects.requireNonNull(db, "db cannot be null");
    }

    /** True when the database answers. */
    public boolean ping() {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next();
        } catch (SQLException e) {
            return false;
        }
    }

    /** Every stored checkpoint instant, ascending, with whether it is usable. */
    public List<ReconstructionPlanner.CheckpointInfo> checkpoints() throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT c.instant, ("
                + CheckpointSql.USABLE + ") FROM checkpoints c ORDER BY c.instant"); ResultSet rs = ps.executeQuery()) {
            List<ReconstructionPlanner.CheckpointInfo> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new ReconstructionPlanner.CheckpointInfo(rs.getLong(1), rs.getBoolean(2)));
            }
            return out;
        }
    }

    /**
     * The checkpoint instants the data calls for, every {@code interval} seconds: the first multiple of the interval at
     * or after each change's instant (as the live job places them), ascending.
     */
    public List<Long> dueInstants(long interval) throws SQLException {
        List<Long> out = new ArrayList<>();
        String due = "((t + ? - 1) / ?) * ?";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT DISTINCT " + due
                + " AS instant FROM (SELECT timestamp AS t FROM half_channel_updates UNION SELECT timestamp FROM"
                + " node_updates UNION SELECT closed_at FROM channel_closes) d WHERE t >= 0 ORDER BY instant")) {
            for (int i = 1; i <= 3; i++) {
                ps.setLong(i, interval);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    /** The newest usable checkpoint at or before {@code at}, as the planner's input. */
    public List<ReconstructionPlanner.CheckpointInfo> usableCheckpointAtOrBefore(long at) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(USABLE_CHECKPOINTS)) {
            ps.setLong(1, at);
            try (ResultSet rs = ps.executeQuery()) {
                List<ReconstructionPlanner.CheckpointInfo> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new ReconstructionPlanner.CheckpointInfo(rs.getLong(1), true));
                }
                return out;
            }
        }
    }

    /** The seq of the checkpoint stored at {@code instant}, or null when there is none. */
    public Long checkpointSeq(long instant) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT seq FROM checkpoints WHERE instant = ?")) {
            ps.setLong(1, instant);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** A stored checkpoint with the seq of the row it was read from. */
    public record StoredCheckpoint(long seq, Checkpoint checkpoint) {}

    /** The checkpoint at {@code instant} and its seq, read together. */
    public StoredCheckpoint storedCheckpoint(long instant) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT seq, body FROM checkpoints WHERE instant = ?")) {
            ps.setLong(1, instant);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("checkpoint " + instant + " vanished");
                }
                return new StoredCheckpoint(rs.getLong(1), CheckpointCodec.decode(rs.getBytes(2)));
            }
        }
    }

    public Checkpoint checkpoint(long instant) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT body FROM checkpoints WHERE instant = ?")) {
            ps.setLong(1, instant);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("checkpoint " + instant + " vanished");
                }
                return CheckpointCodec.decode(rs.getBytes(1));
            }
        }
    }

    /**
     * The deltas to join onto a checkpoint at {@code from} for the state at {@code to}: every announcement
     * (timeless), the closes at or before {@code to}, and the slot winners in ({@code from}, {@code to}].
     */
    public List<Delta> deltas(long from, long to) throws SQLException {
        try (Connection c = db.getConnection()) {
            return deltas(c, from, to);
        }
    }

    private static List<Delta> deltas(Connection c, long from, long to) throws SQLException {
        List<Delta> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT scid, gossip_id, node_id_1, node_id_2 FROM channels");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Delta.ChannelAnnounced(new ChannelRef(rs.getLong(1), GossipId.fromBytes(rs.getBytes(2)),
                        NodeId.of(rs.getBytes(3)), NodeId.of(rs.getBytes(4)))));
            }
        }
        closesAtOrBefore(c, to, out);
        updatesAndNodes(c, from, to, out);
        return out;
    }

    private static void closesAtOrBefore(Connection c, long to, List<Delta> out) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT scid, closed_at FROM channel_closes WHERE closed_at <= ?")) {
            ps.setLong(1, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Delta.ChannelClosed(rs.getLong(1), rs.getLong(2)));
                }
            }
        }
    }

    /** Every stored announcement (timeless deltas: the {@code channels} table). */
    public List<Delta> announcementDeltas() throws SQLException {
        List<Delta> out = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT scid, gossip_id, node_id_1, node_id_2 FROM channels");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Delta.ChannelAnnounced(new ChannelRef(rs.getLong(1), GossipId.fromBytes(rs.getBytes(2)),
                        NodeId.of(rs.getBytes(3)), NodeId.of(rs.getBytes(4)))));
            }
        }
        return out;
    }

    /**
     * The timed deltas in ({@code from}, {@code to}]: closes, and the slot winners of half-channel and node updates;
     * no announcements. Joined onto the state at {@code from} they give the state at {@code to}, announcements aside.
     */
    public List<Delta> timedDeltas(long from, long to) throws SQLException {
        List<Delta> out = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT scid, closed_at FROM channel_closes WHERE closed_at > ? AND closed_at <= ?")) {
                ps.setLong(1, from);
                ps.setLong(2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Delta.ChannelClosed(rs.getLong(1), rs.getLong(2)));
                    }
                }
            }
            updatesAndNodes(c, from, to, out);
        }
        return out;
    }

    private static void updatesAndNodes(Connection c, long from, long to, List<Delta> out) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT scid, direction, timestamp, gossip_id"
                + " FROM half_channel_updates WHERE timestamp > ? AND timestamp <= ?")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Delta.HalfChannelUpdated(new UpdateRef(rs.getLong(1), rs.getShort(2),
                            rs.getLong(3), GossipId.fromBytes(rs.getBytes(4)))));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT node_id, timestamp, gossip_id FROM node_updates"
                + " WHERE timestamp > ? AND timestamp <= ?")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Delta.NodeAnnounced(new NodeRef(NodeId.of(rs.getBytes(1)), rs.getLong(2),
                            GossipId.fromBytes(rs.getBytes(3)))));
                }
            }
        }
    }

    /** The event-time watermark of the live job's output (everything at or before it is stored), or null. */
    public Long ingestWatermark() throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT max(event_time_watermark) FROM ingest_progress"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            long w = rs.getLong(1);
            return rs.wasNull() ? null : w;
        }
    }

    /** The instants of the usable materialized bodies. */
    public java.util.Set<Long> usableBodyInstants() throws SQLException {
        java.util.Set<Long> out = new java.util.HashSet<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT b.instant FROM snapshot_bodies b WHERE " + CheckpointSql.BODY_USABLE);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    /** The bytes of the given messages, by id; ids not stored are missing from the map. */
    public Map<GossipId, byte[]> bytes(List<GossipId> ids) throws SQLException {
        if (ids.isEmpty()) {
            return new HashMap<>();
        }
        try (Connection c = db.getConnection()) {
            return bytes(c, ids);
        }
    }

    private static Map<GossipId, byte[]> bytes(Connection c, List<GossipId> ids) throws SQLException {
        Map<GossipId, byte[]> out = new HashMap<>(ids.size() * 2);
        if (ids.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT gossip_id, raw FROM messages WHERE gossip_id = ANY(?)")) {
            byte[][] keys = new byte[ids.size()][];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = ids.get(i).toArray();
            }
            ps.setArray(1, c.createArrayOf("bytea", keys));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(GossipId.fromBytes(rs.getBytes(1)), rs.getBytes(2));
                }
            }
        }
        return out;
    }

    /** A usable materialized body: its instant and the seq its chunks carry. */
    public record BodyInfo(long instant, long seq, int chunks) {}

    /** The newest usable materialized body at or before {@code at}, if any. */
    public java.util.Optional<BodyInfo> usableBodyAtOrBefore(long at) throws SQLException {
        try (Connection c = db.getConnection()) {
            return usableBodyAtOrBefore(c, at);
        }
    }

    private static java.util.Optional<BodyInfo> usableBodyAtOrBefore(Connection c, long at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT b.instant, b.seq,"
                + " b.chunks FROM snapshot_bodies b WHERE " + CheckpointSql.BODY_USABLE + " AND b.format_version = ?"
                + " AND b.instant <= ? ORDER BY b.instant DESC LIMIT 1")) {
            ps.setShort(1, (short) io.lngossip.model.SnapshotBody.VERSION);
            ps.setLong(2, at);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? java.util.Optional.of(new BodyInfo(rs.getLong(1), rs.getLong(2), rs.getInt(3)))
                        : java.util.Optional.empty();
            }
        }
    }

    /** Rows read from the database as they are consumed; close it to give its connection back. */
    public interface Cursor<T> extends java.util.Iterator<T>, AutoCloseable {
        @Override
        void close() throws SQLException;
    }

    /** A read that failed while a {@link Cursor} was being iterated. */
    public static final class CursorException extends RuntimeException {
        CursorException(SQLException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    /** A stored channel_announcement: its scid, gossip_id and bytes. */
    public record Announcement(long scid, GossipId id, byte[] raw) {}

    /**
     * The {@code channels} table read at {@code changes} ({@link Reader#channelChanges}): its announcements made
     * ready for snapshots, and the bytes of each ({@code raw[i]} of {@code announcements.get(i)}; null where the
     * message row was not stored yet when read).
     */
    public record ChannelTable(long changes, Announcements announcements, byte[][] raw) {
        public ChannelTable {
            Objects.requireNonNull(announcements, "announcements cannot be null");
            Objects.requireNonNull(raw, "raw cannot be null");
            if (raw.length != announcements.size()) {
                throw new IllegalArgumentException(raw.length + " byte arrays for " + announcements.size()
                        + " announcements");
            }
        }
    }

    /**
     * Opens a {@link Reader}: the reads of one streamed answer on one pooled connection, so that an answer never holds
     * more than one connection however many cursors it keeps open (two connections per request would let the requests
     * the limiter admits take the whole pool between them and each wait for the other's).
     */
    public Reader reader() throws SQLException {
        return new Reader(db.getConnection());
    }

    /**
     * One connection in one read-only, repeatable-read transaction: its cursors and lookups may interleave (each
     * cursor is a server portal fetched in batches) and all of them see the same committed state. Not thread-safe;
     * close it to give the connection back.
     */
    public static final class Reader implements AutoCloseable {
        private final Connection connection;

        private Reader(Connection connection) throws SQLException {
            this.connection = connection;
            try {
                connection.setAutoCommit(false);
                connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }

        /**
         * Every stored channel_announcement with its bytes, by ascending (scid unsigned, gossip_id): one index-only
         * range scan of {@code messages_announcements_by_scid} for non-negative scids, then one for the rest (u64
         * above 2^63).
         */
        public Cursor<Announcement> announcements() throws SQLException {
            String sql = "SELECT scid, gossip_id, raw FROM messages WHERE type = 256 AND %s ORDER BY scid, gossip_id";
            return new RowCursor<>(connection, List.of(String.format(sql, "scid >= 0"), String.format(sql, "scid < 0")),
                    ps -> { }, rs -> new Announcement(rs.getLong(1), GossipId.fromBytes(rs.getBytes(2)),
                            rs.getBytes(3)));
        }

        /** The chunks of a body in order, those written with {@code seq} (a body rewritten meanwhile yields none). */
        public Cursor<byte[]> bodyChunks(long instant, long seq) throws SQLException {
            return new RowCursor<>(connection, List.of("SELECT data FROM snapshot_body_chunks WHERE instant = ?"
                    + " AND seq = ? ORDER BY chunk"), ps -> {
                        ps.setLong(1, instant);
                        ps.setLong(2, seq);
                    }, rs -> rs.getBytes(1));
        }

        /** As {@link HistoryDao#usableBodyAtOrBefore}, in this reader's transaction. */
        public java.util.Optional<BodyInfo> usableBodyAtOrBefore(long at) throws SQLException {
            return HistoryDao.usableBodyAtOrBefore(connection, at);
        }

        /** As {@link HistoryDao#deltas}, in this reader's transaction. */
        public List<Delta> deltas(long from, long to) throws SQLException {
            return HistoryDao.deltas(connection, from, to);
        }

        /**
         * The closes at or before {@code to} and the slot winners in ({@code from}, {@code to}]: the deltas a
         * snapshot at {@code to} from a body at {@code from} needs besides the announcements ({@link #channelTable}).
         */
        public List<Delta> closesAndSlots(long from, long to) throws SQLException {
            List<Delta> out = new ArrayList<>();
            closesAtOrBefore(connection, to, out);
            updatesAndNodes(connection, from, to, out);
            return out;
        }

        /**
         * How many changes to {@code channels} this reader's snapshot holds (rows of {@code channel_changes}, which
         * only grows): equal counts in two readers mean the same channels table.
         */
        public long channelChanges() throws SQLException {
            try (PreparedStatement ps = connection.prepareStatement("SELECT count(*) FROM channel_changes");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }

        /**
         * The {@code channels} table as this reader sees it, with each canonical announcement's bytes, to be kept
         * while {@link #channelChanges} stays {@code changes} (the caller read it first, in this transaction). Read
         * in unsigned scid order, non-negative scids first, like {@link #announcements}.
         */
        public ChannelTable channelTable(long changes) throws SQLException {
            List<ChannelRef> refs = new ArrayList<>();
            List<byte[]> raws = new ArrayList<>();
            String sql = "SELECT c.scid, c.gossip_id, c.node_id_1, c.node_id_2, m.raw FROM channels c"
                    + " LEFT JOIN messages m ON m.type = 256 AND m.scid = c.scid AND m.gossip_id = c.gossip_id"
                    + " WHERE %s ORDER BY c.scid";
            for (String range : List.of("c.scid >= 0", "c.scid < 0")) {
                try (PreparedStatement ps = connection.prepareStatement(String.format(sql, range))) {
                    ps.setFetchSize(10_000);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            refs.add(new ChannelRef(rs.getLong(1), GossipId.fromBytes(rs.getBytes(2)),
                                    NodeId.of(rs.getBytes(3)), NodeId.of(rs.getBytes(4))));
                            raws.add(rs.getBytes(5));
                        }
                    }
                }
            }
            Announcements announcements = Announcements.of(refs);
            // one row per scid, read in the announcements' order: the i-th row is the i-th announcement
            for (int i = 0; i < refs.size(); i++) {
                if (announcements.size() != refs.size() || announcements.get(i) != refs.get(i)) {
                    throw new IllegalStateException("channels rows not read in unsigned scid order at " + refs.get(i));
                }
            }
            return new ChannelTable(changes, announcements, raws.toArray(new byte[0][]));
        }

        /**
         * The bytes of the messages in {@code wanted} whose timestamp is in ({@code from}, {@code to}] (updates and
         * node announcements), by one range scan of {@code messages_by_time}: for many messages of a short window this
         * reads heap pages in arrival order instead of probing the primary key once per message. Messages of the
         * window not wanted are read and dropped; wanted ones missing from the window are missing from the map.
         */
        public Map<GossipId, byte[]> bytesInWindow(long from, long to, java.util.Set<GossipId> wanted)
                throws SQLException {
            Objects.requireNonNull(wanted, "wanted cannot be null");
            return window(from, to, wanted, wanted.size() * 2);
        }

        /** The bytes of every message whose timestamp is in ({@code from}, {@code to}], by the same range scan. */
        public Map<GossipId, byte[]> bytesInWindow(long from, long to) throws SQLException {
            return window(from, to, null, 16);
        }

        private Map<GossipId, byte[]> window(long from, long to, java.util.Set<GossipId> wanted, int capacity)
                throws SQLException {
            Map<GossipId, byte[]> out = new HashMap<>(capacity);
            try (PreparedStatement ps = connection.prepareStatement("SELECT gossip_id, raw FROM messages"
                    + " WHERE timestamp > ? AND timestamp <= ?")) {
                ps.setFetchSize(10_000);
                ps.setLong(1, from);
                ps.setLong(2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        GossipId id = GossipId.fromBytes(rs.getBytes(1));
                        if (wanted == null || wanted.contains(id)) {
                            out.put(id, rs.getBytes(2));
                        }
                    }
                }
            }
            return out;
        }

        /** As {@link HistoryDao#bytes}, in this reader's transaction. */
        public Map<GossipId, byte[]> bytes(List<GossipId> ids) throws SQLException {
            return HistoryDao.bytes(connection, ids);
        }

        @Override
        public void close() throws SQLException {
            try {
                connection.rollback();
            } finally {
                connection.close();
            }
        }
    }

    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * Runs its statements one after the other on its reader's connection, fetching rows in batches (a server cursor);
     * closing it closes its statement, not the connection.
     */
    private static final class RowCursor<T> implements Cursor<T> {
        /** Rows a round trip: 4,096 announcements are ~2 MB, fewer trips for the 57,000 of a mainnet scan. */
        private static final int FETCH = 4096;
        private final Connection connection;
        private final java.util.Iterator<String> statements;
        private final Binder binder;
        private final RowReader<T> reader;
        private PreparedStatement ps;
        private ResultSet rs;
        private T next;

        RowCursor(Connection connection, List<String> statements, Binder binder, RowReader<T> reader)
                throws SQLException {
            this.connection = connection;
            this.statements = statements.iterator();
            this.binder = binder;
            this.reader = reader;
            try {
                advance();
            } catch (SQLException | RuntimeException e) {
                close();
                throw e;
            }
        }

        private void advance() throws SQLException {
            next = null;
            while (true) {
                if (rs != null && rs.next()) {
                    next = reader.read(rs);
                    return;
                }
                if (rs != null) {
                    rs.close();
                    ps.close();
                    rs = null;
                }
                if (!statements.hasNext()) {
                    return;
                }
                ps = connection.prepareStatement(statements.next());
                ps.setFetchSize(FETCH);
                binder.bind(ps);
                rs = ps.executeQuery();
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public T next() {
            if (next == null) {
                throw new java.util.NoSuchElementException();
            }
            T out = next;
            try {
                advance();
            } catch (SQLException e) {
                throw new CursorException(e);
            }
            return out;
        }

        @Override
        public void close() throws SQLException {
            try {
                if (rs != null) {
                    rs.close();
                }
            } finally {
                if (ps != null) {
                    ps.close();
                }
            }
        }
    }

    /** True when a stored announcement or update names the scid. */
    public boolean knowsScid(long scid) throws SQLException {
        return exists("SELECT 1 FROM messages WHERE scid = ? LIMIT 1", ps -> ps.setLong(1, scid));
    }

    /** True when a stored node_announcement or channel_announcement names the node. */
    public boolean knowsNode(NodeId node) throws SQLException {
        byte[] id = node.toArray();
        return exists("SELECT 1 FROM messages WHERE node_id = ? OR node_id_1 = ? OR node_id_2 = ? LIMIT 1", ps -> {
                    ps.setBytes(1, id);
                    ps.setBytes(2, id);
                    ps.setBytes(3, id);
                });
    }

    /** Every stored message about a scid: its announcements and all its updates (bounds applied by the caller). */
    public List<StoredMessage> messagesOfScid(long scid) throws SQLException {
        return messages("SELECT raw, first_seen FROM messages WHERE scid = ?", ps -> ps.setLong(1, scid));
    }

    /**
     * Every stored node_announcement of the node, every channel_announcement naming it (any of a scid's
     * announcements, canonical or not) and every update of those channels.
     */
    public List<StoredMessage> messagesOfNode(NodeId node) throws SQLException {
        byte[] id = node.toArray();
        return messages("SELECT raw, first_seen FROM messages WHERE node_id = ?"
                + " UNION ALL SELECT raw, first_seen FROM messages WHERE node_id_1 = ? OR node_id_2 = ?"
                + " UNION ALL SELECT u.raw, u.first_seen FROM messages u WHERE u.type = 258 AND u.scid IN"
                + " (SELECT scid FROM messages WHERE node_id_1 = ? OR node_id_2 = ?)", ps -> {
                    for (int i = 1; i <= 5; i++) {
                        ps.setBytes(i, id);
                    }
                });
    }

    /** A message with its time in Range terms (SEMANTICS §4). */
    public record Timed(StoredMessage message, long time) {}

    /**
     * Every stored message whose time lies in [from, to]: updates and node_announcements by timestamp, announcements
     * by first receipt time, else the earliest timestamp of their channel's updates.
     */
    public List<Timed> range(long from, long to) throws SQLException {
        List<Timed> out = new ArrayList<>();
        String sql = "SELECT raw, first_seen, timestamp FROM messages WHERE type <> 256 AND timestamp BETWEEN ? AND ?"
                + " UNION ALL SELECT raw, first_seen, t FROM (SELECT m.raw, m.first_seen, COALESCE(m.first_seen,"
                + " (SELECT min(u.timestamp) FROM messages u WHERE u.scid = m.scid AND u.type = 258)) AS t"
                + " FROM messages m WHERE m.type = 256) a WHERE t BETWEEN ? AND ?";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            ps.setLong(3, from);
            ps.setLong(4, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seen = rs.getLong(2);
                    Long firstSeen = rs.wasNull() ? null : seen;
                    try {
                        out.add(new Timed(StoredMessage.of(rs.getBytes(1), firstSeen), rs.getLong(3)));
                    } catch (GossipParseException e) {
                        throw new SQLException("a stored message does not decode: " + e.getMessage(), e);
                    }
                }
            }
        }
        return out;
    }

    /** Funding amounts known for channels (gossip_store 4101), by scid. */
    public Map<Long, Long> capacities() throws SQLException {
        Map<Long, Long> out = new HashMap<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT scid, capacity_sat FROM channel_capacities");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getLong(1), rs.getLong(2));
            }
        }
        return out;
    }

    /** The earliest known close of each of the given channels (unix seconds by scid); open ones are missing. */
    public Map<Long, Long> closes(java.util.Collection<Long> scids) throws SQLException {
        return longsByScid("SELECT scid, closed_at FROM channel_closes WHERE scid = ANY(?)", scids);
    }

    /** The canonical channel_announcement of each of the given channels that has one (gossip_id by scid). */
    public Map<Long, GossipId> canonicalAnnouncements(java.util.Collection<Long> scids) throws SQLException {
        Map<Long, GossipId> out = new HashMap<>();
        if (scids.isEmpty()) {
            return out;
        }
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT scid, gossip_id FROM channels WHERE scid = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("bigint", scids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), GossipId.fromBytes(rs.getBytes(2)));
                }
            }
        }
        return out;
    }

    /** The funding amounts known for the given channels (satoshis by scid, gossip_store 4101). */
    public Map<Long, Long> capacities(java.util.Collection<Long> scids) throws SQLException {
        return longsByScid("SELECT scid, capacity_sat FROM channel_capacities WHERE scid = ANY(?)", scids);
    }

    private Map<Long, Long> longsByScid(String sql, java.util.Collection<Long> scids) throws SQLException {
        Map<Long, Long> out = new HashMap<>();
        if (scids.isEmpty()) {
            return out;
        }
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("bigint", scids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    /** One row of network_stats_hourly, nullable figures kept null. */
    public record StatsRow(long hour, Long channelAnnouncements, Long nodeAnnouncements, Long channelUpdates,
            Long channels, Long halfChannels, Long nodes, Long capacitySat, Long medianFeeBaseMsat, Long medianFeePpm) {}

    public List<StatsRow> stats(long from, long to) throws SQLException {
        List<StatsRow> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT hour,"
                + " channel_announcements, node_announcements, channel_updates, channels, half_channels, nodes,"
                + " capacity_sat, median_fee_base_msat, median_fee_ppm FROM network_stats_hourly"
                + " WHERE hour BETWEEN ? AND ? ORDER BY hour")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Long[] v = new Long[9];
                    for (int i = 0; i < 9; i++) {
                        long x = rs.getLong(i + 2);
                        v[i] = rs.wasNull() ? null : x;
                    }
                    out.add(new StatsRow(rs.getLong(1), v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]));
                }
            }
        }
        return out;
    }

    /** The hours each collector delivered messages for, ascending per collector. */
    public Map<String, List<Long>> coverageHours() throws SQLException {
        Map<String, List<Long>> out = new java.util.TreeMap<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT collector, hour FROM coverage_hours ORDER BY collector, hour");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getLong(2));
            }
        }
        return out;
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private boolean exists(String sql, Binder binder) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private List<StoredMessage> messages(String sql, Binder binder) throws SQLException {
        List<StoredMessage> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seen = rs.getLong(2);
                    Long firstSeen = rs.wasNull() ? null : seen;
                    try {
                        out.add(StoredMessage.of(rs.getBytes(1), firstSeen));
                    } catch (GossipParseException e) {
                        throw new SQLException("a stored message does not decode: " + e.getMessage(), e);
                    }
                }
            }
        }
        return out;
    }
}
