package io.lngossip.jobs.graphstate;

import io.lngossip.codec.GossipId;
import io.lngossip.codec.NodeId;
import io.lngossip.flink.jdbc.HistoryStatements;
import io.lngossip.model.ChannelRef;
import io.lngossip.model.Checkpoint;
import io.lngossip.model.CheckpointCodec;
import io.lngossip.model.Delta;
import io.lngossip.model.MaxAge;
import io.lngossip.model.NodeRef;
import io.lngossip.model.Reconstruction;
import io.lngossip.model.ReconstructionPlanner;
import io.lngossip.model.Snapshot;
import io.lngossip.model.UpdateRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Answers Snapshot(T) from what the job wrote, the way the query service will: plan with the usable checkpoints,
 * load the chosen one, join the announcements, closes and the slot deltas in (C, T].
 */
final class DatabaseReplay {
    private final DataSource db;

    DatabaseReplay(DataSource db) {
        this.db = db;
    }

    record Answer(Snapshot snapshot, Long checkpoint) {}

    Answer snapshot(long at, MaxAge maxAge) throws SQLException {
        try (Connection c = db.getConnection()) {
            List<ReconstructionPlanner.CheckpointInfo> usable = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery(HistoryStatements.USABLE_CHECKPOINTS_SQL)) {
                while (rs.next()) {
                    usable.add(new ReconstructionPlanner.CheckpointInfo(rs.getLong(1), true));
                }
            }
            ReconstructionPlanner.Plan plan = ReconstructionPlanner.plan(at, usable, List.of(
                    new ReconstructionPlanner.DeltaSegment(ReconstructionPlanner.BEGINNING, Long.MAX_VALUE)));
            Checkpoint checkpoint = null;
            if (plan.checkpoint() != null) {
                try (PreparedStatement ps = c.prepareStatement("SELECT body FROM checkpoints WHERE instant = ?")) {
                    ps.setLong(1, plan.checkpoint());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        checkpoint = CheckpointCodec.decode(rs.getBytes(1));
                    }
                }
            }
            List<Delta> deltas = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT scid, gossip_id, node_id_1, node_id_2 FROM channels")) {
                while (rs.next()) {
                    deltas.add(new Delta.ChannelAnnounced(new ChannelRef(rs.getLong(1),
                            GossipId.fromBytes(rs.getBytes(2)), NodeId.of(rs.getBytes(3)), NodeId.of(rs.getBytes(4)))));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT scid, closed_at FROM channel_closes"
                    + " WHERE closed_at <= ?")) {
                ps.setLong(1, at);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        deltas.add(new Delta.ChannelClosed(rs.getLong(1), rs.getLong(2)));
                    }
                }
            }
            long from = plan.deltasFromExclusive();
            try (PreparedStatement ps = c.prepareStatement("SELECT scid, direction, timestamp, gossip_id"
                    + " FROM half_channel_updates WHERE timestamp > ? AND timestamp <= ?")) {
                ps.setLong(1, from);
                ps.setLong(2, at);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        deltas.add(new Delta.HalfChannelUpdated(new UpdateRef(rs.getLong(1), rs.getShort(2),
                                rs.getLong(3), GossipId.fromBytes(rs.getBytes(4)))));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT node_id, timestamp, gossip_id FROM node_updates"
                    + " WHERE timestamp > ? AND timestamp <= ?")) {
                ps.setLong(1, from);
                ps.setLong(2, at);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        deltas.add(new Delta.NodeAnnounced(new NodeRef(NodeId.of(rs.getBytes(1)), rs.getLong(2),
                                GossipId.fromBytes(rs.getBytes(3)))));
                    }
                }
            }
            return new Answer(Reconstruction.snapshot(checkpoint, deltas, at, maxAge), plan.checkpoint());
        }
    }
}
