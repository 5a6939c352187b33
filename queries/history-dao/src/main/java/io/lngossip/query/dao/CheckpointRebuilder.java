package io.lngossip.query.dao;

import io.lngossip.model.Checkpoint;
import io.lngossip.model.CheckpointCodec;
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
        for (long instant : missing) {
            ReconstructionPlanner.Plan plan = ReconstructionPlanner.plan(instant, usable, List.of(
                    new ReconstructionPlanner.DeltaSegment(ReconstructionPlanner.BEGINNING, Long.MAX_VALUE)));
            Checkpoint base = plan.checkpoint() == null ? null : dao.checkpoint(plan.checkpoint());
            GraphState state = Reconstruction.stateAt(base, dao.deltas(plan.deltasFromExclusive(), instant), instant);
            write(new Checkpoint(instant, state), seq++);
            usable.add(new ReconstructionPlanner.CheckpointInfo(instant, true));
            written++;
            progress.written(written, missing.size());
        }
        if (written > 0) {
            LOG.info("{} missing checkpoints written", written);
        }
        return written;
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
