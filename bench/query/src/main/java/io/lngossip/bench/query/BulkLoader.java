package io.lngossip.bench.query;

import io.lngossip.bench.generator.GeneratedEvent;
import io.lngossip.codec.GossipCodec;
import io.lngossip.codec.GossipId;
import io.lngossip.codec.GossipParseException;
import io.lngossip.flink.jdbc.MessageRow;
import io.lngossip.query.dao.CheckpointRebuilder;
import io.lngossip.schema.HistorySchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the job's tables from a generated history much faster than the job's pipeline can: the tables a
 * {@code GossipImport} of the same history written as a GSP file (one collector's sightings, so no receipt times)
 * leaves, row for row, then the checkpoints built by the import's own {@link CheckpointRebuilder}. So whatever another
 * change does to how checkpoints are stored comes with it.
 *
 * <p>How: {@code messages} and {@code observations} by binary COPY from the stream, in arrival order, each sighting
 * the next offset of the import's spool topic ({@code kafka:ln.gossip.raw/0@N} is the import's source); then the
 * reconciled tables in SQL with SEMANTICS §3's rules: the canonical announcement of a scid and the canonical message of
 * each {@code (scid, direction, timestamp)} and {@code (node_id, timestamp)} slot is the smallest gossip_id, written in
 * the arrival order of the winners (the order the job's upserts would leave them on disk); coverage counts per
 * collector and hour of message time; the backfill's single invalidation from the earliest change on. Closes are not
 * loaded: a GSP file carries none. A repeated message of the collector fails the COPY loudly (the generator sends each
 * message once per collector). {@code BulkLoaderITCase} compares every table with a real import.
 */
public final class BulkLoader {
    private static final Logger LOG = LoggerFactory.getLogger(BulkLoader.class);

    /** The import's checkpoint interval (the job's default, six hours: the materialized bodies' instants). */
    public static final long CHECKPOINT_INTERVAL_SECONDS = 6 * 3600;

    /** The source column of the import's observations: its spool topic, partition 0, at the message's offset. */
    static final String SOURCE_PREFIX = "kafka:ln.gossip.raw/0@";

    /** What a load did and how long each phase took. */
    public record Summary(long messages, int checkpoints, double copySeconds, double reconcileSeconds,
            double checkpointSeconds) {}

    private final DataSource db;

    public BulkLoader(DataSource db) {
        this.db = Objects.requireNonNull(db, "db cannot be null");
    }

    /** Loads the sightings of {@code collector} from {@code events} into an empty, migrated or new database. */
    public Summary load(Iterable<GeneratedEvent> events, String collector) throws SQLException {
        Summary tables = loadTables(events, collector);
        long t = System.nanoTime();
        int written = fillCheckpoints();
        return new Summary(tables.messages(), written, tables.copySeconds(), tables.reconcileSeconds(), seconds(t));
    }

    /** The tables without the checkpoints (the summary's checkpoint figures are 0). */
    public Summary loadTables(Iterable<GeneratedEvent> events, String collector) throws SQLException {
        Objects.requireNonNull(events, "events cannot be null");
        Objects.requireNonNull(collector, "collector cannot be null");
        HistorySchema.migrate(db);
        long t0 = System.nanoTime();
        long n = copy(events, collector);
        double copyS = seconds(t0);
        LOG.info("{} messages copied in {} s", n, Math.round(copyS));

        long t1 = System.nanoTime();
        reconcile();
        double reconcileS = seconds(t1);
        LOG.info("reconciled tables written in {} s", Math.round(reconcileS));
        return new Summary(n, 0, copyS, reconcileS, 0);
    }

    /** Every checkpoint the import writes: the rebuilder's {@code rebuild()}, then {@code fillMissing} hourly. */
    public int fillCheckpoints() throws SQLException {
        CheckpointRebuilder rebuilder = new CheckpointRebuilder(db);
        int written = rebuilder.rebuild();
        long[] lastLog = {System.nanoTime()};
        written += rebuilder.fillMissing(CHECKPOINT_INTERVAL_SECONDS, (done, total) -> {
            if (System.nanoTime() - lastLog[0] > 30_000_000_000L || done == total) {
                LOG.info("checkpoints {} of {}", done, total);
                lastLog[0] = System.nanoTime();
            }
        });
        return written;
    }

    /**
     * Only the checkpoints that answers at {@code instants} use: the hourly one at or before each (the one a full
     * fill would give them), written by the rebuilder from stale placeholder rows, so each is built from the previous
     * one as any rebuild does. A later {@link #fillCheckpoints()} adds the rest. For benchmarks that cannot wait for
     * a full fill (about 1,450 checkpoints for 30 days of mainnet history).
     */
    public int checkpointsAt(java.util.Collection<Long> instants) throws SQLException {
        try (Connection c = db.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(
                "INSERT INTO checkpoints (instant, format_version, complete, seq, body, channels, half_channels,"
                        + " nodes, written_at_ms) VALUES (?, 0, false, 0, '', 0, 0, 0, 0) ON CONFLICT DO NOTHING")) {
            for (long t : new java.util.TreeSet<>(instants)) {
                ps.setLong(1, Math.floorDiv(t, CHECKPOINT_INTERVAL_SECONDS) * CHECKPOINT_INTERVAL_SECONDS);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return new CheckpointRebuilder(db).rebuild();
    }

    private long copy(Iterable<GeneratedEvent> events, String collector) throws SQLException {
        try (Connection mc = db.getConnection(); Connection oc = db.getConnection();
                BinaryCopyWriter messages = new BinaryCopyWriter(mc, "COPY messages (gossip_id, type, scid, direction,"
                        + " node_id, node_id_1, node_id_2, timestamp, first_seen, raw) FROM STDIN (FORMAT binary)");
                BinaryCopyWriter observations = new BinaryCopyWriter(oc, "COPY observations (gossip_id, collector,"
                        + " seen_at_ms, source) FROM STDIN (FORMAT binary)")) {
            long offset = 0;
            long lastLog = System.nanoTime();
            for (GeneratedEvent e : events) {
                if (!(e instanceof GeneratedEvent.Sighting s) || !s.collector().equals(collector)) {
                    continue;
                }
                byte[] raw = s.message();
                GossipId id = GossipId.of(raw);
                MessageRow r;
                try {
                    r = MessageRow.of(id, GossipCodec.decode(raw), raw, null);
                } catch (GossipParseException ex) {
                    throw new IllegalStateException("the generator sent a message that does not decode", ex);
                }
                messages.row(10).bytes(r.gossipId()).smallint(r.type()).bigint(r.scid()).smallint(r.direction())
                        .bytes(r.nodeId()).bytes(r.nodeId1()).bytes(r.nodeId2()).bigint(r.timestamp())
                        .bigint(r.firstSeen()).bytes(raw);
                observations.row(4).bytes(r.gossipId()).text(collector).bigint(null).text(SOURCE_PREFIX + offset);
                offset++;
                if (System.nanoTime() - lastLog > 30_000_000_000L) {
                    LOG.info("{} messages copied", offset);
                    lastLog = System.nanoTime();
                }
            }
            messages.finish();
            observations.finish();
            return offset;
        }
    }

    /** The reconciled tables, from {@code messages} and {@code observations} alone. */
    static final String[] RECONCILE = {
        "INSERT INTO channels (scid, gossip_id, node_id_1, node_id_2) SELECT scid, gossip_id, node_id_1, node_id_2"
            + " FROM (SELECT DISTINCT ON (scid) scid, gossip_id, node_id_1, node_id_2, ctid AS at FROM messages"
            + " WHERE type = 256 ORDER BY scid, gossip_id) w ORDER BY at",
        "INSERT INTO half_channel_updates (scid, direction, timestamp, gossip_id) SELECT scid, direction, timestamp,"
            + " gossip_id FROM (SELECT DISTINCT ON (scid, direction, timestamp) scid, direction, timestamp, gossip_id,"
            + " ctid AS at FROM messages WHERE type = 258 ORDER BY scid, direction, timestamp, gossip_id) w ORDER BY at",
        "INSERT INTO node_updates (node_id, timestamp, gossip_id) SELECT node_id, timestamp, gossip_id"
            + " FROM (SELECT DISTINCT ON (node_id, timestamp) node_id, timestamp, gossip_id, ctid AS at FROM messages"
            + " WHERE type = 257 ORDER BY node_id, timestamp, gossip_id) w ORDER BY at",
        // the hour of message time: these observations have no receipt time; announcements then have no time at all
        "INSERT INTO coverage_hours (collector, hour, messages) SELECT o.collector, (m.timestamp / 3600) * 3600,"
            + " count(*) FROM observations o JOIN messages m USING (gossip_id) WHERE m.timestamp IS NOT NULL"
            + " GROUP BY 1, 2",
    };

    private void reconcile() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (String sql : RECONCILE) {
                s.executeUpdate(sql);
            }
            // the backfill's one invalidation, from its earliest change to the end of time
            s.executeUpdate("INSERT INTO checkpoint_invalidations (seq, from_instant, to_instant) SELECT "
                    + System.currentTimeMillis() * 1000 + ", t, 9223372036854775807 FROM (SELECT min(t) AS t FROM"
                    + " (SELECT min(timestamp) AS t FROM half_channel_updates UNION ALL SELECT min(timestamp)"
                    + " FROM node_updates) m) x WHERE t IS NOT NULL");
        }
    }

    static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
