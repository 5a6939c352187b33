package io.lngossip.jobs.graphstate;

import io.lngossip.model.Checkpoint;
import io.lngossip.model.MaxAge;
import io.lngossip.model.Reconstruction;
import io.lngossip.model.ReconstructionPlanner;
import io.lngossip.model.Snapshot;
import io.lngossip.query.dao.HistoryDao;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * Answers Snapshot(T) from what the job wrote, through the query service's own read path (HistoryDao, graph-model's
 * planner and reconstruction), so the job's tests check what users will be served.
 */
final class DatabaseReplay {
    private final HistoryDao dao;

    DatabaseReplay(DataSource db) {
        this.dao = new HistoryDao(db);
    }

    record Answer(Snapshot snapshot, Long checkpoint) {}

    Answer snapshot(long at, MaxAge maxAge) throws SQLException {
        ReconstructionPlanner.Plan plan = ReconstructionPlanner.plan(at, dao.usableCheckpointAtOrBefore(at), List.of(
                new ReconstructionPlanner.DeltaSegment(ReconstructionPlanner.BEGINNING, Long.MAX_VALUE)));
        Checkpoint checkpoint = plan.checkpoint() == null ? null : dao.checkpoint(plan.checkpoint());
        return new Answer(Reconstruction.snapshot(checkpoint, dao.deltas(plan.deltasFromExclusive(), at), at, maxAge),
                plan.checkpoint());
    }
}
