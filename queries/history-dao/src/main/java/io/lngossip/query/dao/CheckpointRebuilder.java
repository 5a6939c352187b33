package io.lngossip.query.dao;

import io.lngossip.model.Checkpoint;
import io.lngossip.model.CheckpointCodec;
import io.lngossip.model.Delta;
import io.lngossip.model.MessageRef;
import io.lngossip.model.NodeRef;
import io.lngossip.model.SnapshotBody;
import io.lngossip.model.UpdateRef;
import io.lngossip.model.GraphState;
import io.lngossip.model.Reconstruction;
import io.lngossip.model.ReconstructionPlanner;
import io.lngossip.schema.CheckpointSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the checkpoints that late data made stale, from the database alone: each one is the previous usable
 * checkpoint joined with the deltas up to its instant, written back with a sequence number taken <em>before</em>
 * anything was read, so an invalidation written meanwhile (late data arriving during the rebuild) still wins. Safe
 * to run beside the live job, and as often as wanted.
 */
public final class CheckpointRebuilder {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointRebuilder.class);

    private final DataSource db;
    private final HistoryDao dao;
    private final LongSupplier clockMicros;

    /** @param db a connection that may write (the job's user, not the query service's read-only one) */
    public CheckpointRebuilder(DataSource db) {
        this(db, () -> System.currentTimeMillis() * 1000);
    }

    CheckpointRebuilder(DataSource db, LongSupplier clockMicros) {
        this.db = Objects.requireNonNull(db, "db cannot be null");
        this.dao = new HistoryDao(db);
        this.clockMicros = clockMicros;
    }

    /** Rebuilds every stale checkpoint, oldest first; returns how many were written. */
    public int rebuild() throws SQLException {
        long seq = clockMicros.getAsLong();
        List<ReconstructionPlanner.CheckpointInfo> all = dao.checkpoints();
        List<ReconstructionPlanner.CheckpointInfo> usable = new ArrayList<>();
        all.stream().filter(ReconstructionPlanner.CheckpointInfo::complete).forEach(usable::add);
        int written = 0;
        for (ReconstructionPlanner.CheckpointInfo c : all) {
            if (c.complete()) {
                continue;
            }
            long started = System.nanoTime();
            ReconstructionPlanner.Plan plan = ReconstructionPlanner.plan(c.instant(), usable, List.of(
                    new ReconstructionPlanner.DeltaSegment(ReconstructionPlanner.BEGINNING, Long.MAX_VALUE)));
            Checkpoint base = plan.checkpoint() == null ? null : dao.checkpoint(plan.checkpoint());
            GraphState state = Reconstruction.stateAt(base, dao.deltas(plan.deltasFromExclusive(), c.instant()),
                    c.instant());
            write(new Checkpoint(c.instant(), state), seq++);
            usable.add(new ReconstructionPlanner.CheckpointInfo(c.instant(), true));
            written++;
            LOG.info("checkpoint {} rebuilt from {}: {} in {} ms", c.instant(), plan.checkpoint(), state,
                    (System.nanoTime() - started) / 1_000_000);
        }
        return written;
    }

    /**
     * Writes the checkpoints a database without them needs (after an import into an empty database, say): one at
     * each multiple of {@code intervalSeconds} that follows a change, where none is stored yet. Stale ones are left to
     * {@link #rebuild()}.
     *
     * @return how many were written
     */
    public int fillMissing(long intervalSeconds) throws SQLException {
        return fillMissing(intervalSeconds, (done, total) -> { });
    }

    /** How far {@link #fillMissing(long, Progress)} is: checkpoints written so far of those missing. */
    @FunctionalInterface
    public interface Progress {
        void written(int done, int total);
    }

    /** {@link #fillMissing(long)}, telling {@code progress} after each checkpoint (and once before the first). */
    public int fillMissing(long intervalSeconds, Progress progress) throws SQLException {
        java.util.Objects.requireNonNull(progress, "progress cannot be null");
        if (intervalSeconds <= 0) {
            throw new IllegalArgumentException("interval must be positive");
        }
        long seq = clockMicros.getAsLong();
        java.util.Set<Long> stored = new java.util.HashSet<>();
        dao.checkpoints().forEach(c -> stored.add(c.instant()));
        List<ReconstructionPlanner.CheckpointInfo> usable = new ArrayList<>();
        dao.checkpoints().stream().filter(ReconstructionPlanner.CheckpointInfo::complete).forEach(usable::add);
        List<Long> missing = new ArrayList<>();
        for (long instant : dao.dueInstants(intervalSeconds)) {
            if (!stored.contains(instant)) {
                missing.add(instant);
            }
        }
        int written = 0;
        progress.written(0, missing.size());
        // the state just written is carried to the next instant: only the deltas between the two are read
        GraphState carried = null;
        long carriedAt = Long.MIN_VALUE;
        for (long instant : missing) {
            ReconstructionPlanner.Plan plan = ReconstructionPlanner.plan(instant, usable, List.of(
                    new ReconstructionPlanner.DeltaSegment(ReconstructionPlanner.BEGINNING, Long.MAX_VALUE)));
            GraphState state;
            if (carried != null && (plan.checkpoint() == null || carriedAt >= plan.checkpoint())) {
                state = carried;
                for (Delta d : dao.timedDeltas(carriedAt, instant)) {
                    state.apply(d);
                }
            } else {
                Checkpoint base = plan.checkpoint() == null ? null : dao.checkpoint(plan.checkpoint());
                state = Reconstruction.stateAt(base, dao.deltas(plan.deltasFromExclusive(), instant), instant);
            }
            write(new Checkpoint(instant, state), seq++);
            carried = state;
            carriedAt = instant;
            usable.add(new ReconstructionPlanner.CheckpointInfo(instant, true));
            written++;
            progress.written(written, missing.size());
        }
        if (written > 0) {
            LOG.info("{} missing checkpoints written", written);
        }
        return written;
    }

    /** Materialized bodies every 6 hours of event time: see docs/QUERY.md for the trade of storage against speed. */
    public static final long DEFAULT_BODY_INTERVAL_SECONDS = 6 * 3600;

    /**
     * Writes the materialized bodies that are due and missing (or stale): one at each usable checkpoint whose instant
     * is a multiple of {@code intervalSeconds}, from that checkpoint and the stored bytes it references, up to the live
     * job's ingest watermark (all of them when no live job reports progress). A body whose bytes are not all stored
     * yet is left for a later run.
     *
     * @return how many were written
     */
    public int materialize(long intervalSeconds) throws SQLException {
        if (intervalSeconds <= 0) {
            throw new IllegalArgumentException("interval must be positive");
        }
        long seq = clockMicros.getAsLong();
        Long watermark = dao.ingestWatermark();
        long upTo = watermark == null ? Long.MAX_VALUE : watermark;
        java.util.Set<Long> done = dao.usableBodyInstants();
        int written = 0;
        for (ReconstructionPlanner.CheckpointInfo c : dao.checkpoints()) {
            long instant = c.instant();
            if (!c.complete() || instant % intervalSeconds != 0 || instant > upTo || done.contains(instant)) {
                continue;
            }
            long started = System.nanoTime();
            Checkpoint checkpoint = dao.checkpoint(instant);
            List<UpdateRef> halves = new ArrayList<>();
            List<NodeRef> nodes = new ArrayList<>();
            for (Delta d : checkpoint.state().asDeltas()) {
                if (d instanceof Delta.HalfChannelUpdated u) {
                    halves.add(u.ref());
                } else if (d instanceof Delta.NodeAnnounced n) {
                    nodes.add(n.ref());
                }
            }
            SnapshotBody.Writer body = new SnapshotBody.Writer();
            boolean complete = true;
            List<MessageRef> refs = new ArrayList<>(halves);
            refs.addAll(nodes);
            for (int i = 0; i < refs.size() && complete; i += BATCH) {
                List<MessageRef> batch = refs.subList(i, Math.min(refs.size(), i + BATCH));
                java.util.Map<io.lngossip.codec.GossipId, byte[]> bytes = dao.bytes(batch.stream()
                        .map(MessageRef::id).toList());
                for (MessageRef r : batch) {
                    byte[] raw = bytes.get(r.id());
                    if (raw == null) {
                        LOG.warn("body {} not written yet: message {} is referenced but not stored", instant, r.id());
                        complete = false;
                        break;
                    }
                    if (r instanceof UpdateRef u) {
                        body.half(u, raw);
                    } else {
                        body.node((NodeRef) r, raw);
                    }
                }
            }
            if (!complete) {
                continue;
            }
            writeBody(instant, seq++, body);
            written++;
            LOG.info("body {} materialized: {} half-channels, {} nodes, {} bytes in {} ms", instant, body.halves(),
                    body.nodes(), body.bytes(), (System.nanoTime() - started) / 1_000_000);
        }
        return written;
    }

    private static final int BATCH = 10_000;

    private void writeBody(long instant, long seq, SnapshotBody.Writer body) throws SQLException {
        List<byte[]> chunks = body.finish();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO snapshot_bodies (instant, format_version,"
                        + " seq, chunks, half_channels, nodes, bytes, written_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (instant) DO UPDATE SET format_version = EXCLUDED.format_version,"
                        + " seq = EXCLUDED.seq, chunks = EXCLUDED.chunks, half_channels = EXCLUDED.half_channels,"
                        + " nodes = EXCLUDED.nodes, bytes = EXCLUDED.bytes, written_at_ms = EXCLUDED.written_at_ms"
                        + " WHERE EXCLUDED.seq > snapshot_bodies.seq")) {
                    ps.setLong(1, instant);
                    ps.setShort(2, (short) SnapshotBody.VERSION);
                    ps.setLong(3, seq);
                    ps.setInt(4, chunks.size());
                    ps.setInt(5, body.halves());
                    ps.setInt(6, body.nodes());
                    ps.setLong(7, body.bytes());
                    ps.setLong(8, System.currentTimeMillis());
                    if (ps.executeUpdate() == 0) {
                        c.rollback();
                        return; // a newer body is stored already
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM snapshot_body_chunks WHERE instant = ?")) {
                    ps.setLong(1, instant);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO snapshot_body_chunks (instant, chunk, seq, data) VALUES (?, ?, ?, ?)")) {
                    for (int i = 0; i < chunks.size(); i++) {
                        ps.setLong(1, instant);
                        ps.setInt(2, i);
                        ps.setLong(3, seq);
                        ps.setBytes(4, chunks.get(i));
                        ps.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void write(Checkpoint checkpoint, long seq) throws SQLException {
        GraphState state = checkpoint.state();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(CheckpointSql.UPSERT)) {
            ps.setLong(1, checkpoint.instant());
            ps.setShort(2, (short) CheckpointCodec.VERSION);
            ps.setLong(3, seq);
            ps.setBytes(4, CheckpointCodec.encode(checkpoint));
            ps.setInt(5, state.announcedChannelCount());
            ps.setInt(6, state.halfChannelCount());
            ps.setInt(7, state.nodeCount());
            ps.setLong(8, System.currentTimeMillis());
            ps.executeUpdate();
        }
    }
}
