package io.lngossip.jobs.graphstate;

import io.lngossip.codec.GossipId;
import io.lngossip.codec.NodeId;
import io.lngossip.flink.jdbc.ChannelRow;
import io.lngossip.flink.jdbc.CloseRow;
import io.lngossip.flink.jdbc.HalfChannelUpdateRow;
import io.lngossip.flink.jdbc.NodeUpdateRow;
import io.lngossip.model.ChannelRef;
import io.lngossip.model.Delta;
import io.lngossip.model.NodeRef;
import io.lngossip.model.UpdateRef;

/**
 * A change of the canonical state found by {@link SlotFunction} (or a close), flattened for the wire, with what the
 * checkpoint step needs: the delta, and {@code nextInstant}, the instant of the same slot's next known change (the
 * next update of the half-channel or node), which bounds the checkpoints a late change can affect.
 *
 * @param kind {@link #ANNOUNCEMENT}, {@link #UPDATE}, {@link #NODE} or {@link #CLOSE}
 * @param timestamp the delta's instant ({@code closed_at} for a close; unused for an announcement)
 * @param feeBaseMsat of an update, for the hourly median fees
 */
public record StateChange(int kind, long scid, int direction, long timestamp, byte[] id, byte[] nodeId1,
        byte[] nodeId2, long nextInstant, long feeBaseMsat, long feePpm) {

    public static final int ANNOUNCEMENT = 0;
    public static final int UPDATE = 1;
    public static final int NODE = 2;
    public static final int CLOSE = 3;

    public static StateChange announcement(long scid, byte[] id, byte[] node1, byte[] node2) {
        return new StateChange(ANNOUNCEMENT, scid, 0, Delta.TIMELESS, id, node1, node2, Long.MAX_VALUE, 0, 0);
    }

    public static StateChange update(long scid, int direction, long timestamp, byte[] id, long nextInstant,
            long feeBase, long feePpm) {
        return new StateChange(UPDATE, scid, direction, timestamp, id, null, null, nextInstant, feeBase, feePpm);
    }

    public static StateChange node(byte[] nodeId, long timestamp, byte[] id, long nextInstant) {
        return new StateChange(NODE, 0, 0, timestamp, id, nodeId, null, nextInstant, 0, 0);
    }

    public static StateChange close(long scid, long closedAt) {
        return new StateChange(CLOSE, scid, 0, closedAt, null, null, null, Long.MAX_VALUE, 0, 0);
    }

    /** The instant from which the change holds. */
    public long instant() {
        return kind == ANNOUNCEMENT ? Delta.TIMELESS : timestamp;
    }

    public Delta delta() {
        switch (kind) {
            case ANNOUNCEMENT:
                return new Delta.ChannelAnnounced(new ChannelRef(scid, GossipId.fromBytes(id), NodeId.of(nodeId1),
                        NodeId.of(nodeId2)));
            case UPDATE:
                return new Delta.HalfChannelUpdated(new UpdateRef(scid, direction, timestamp, GossipId.fromBytes(id)));
            case NODE:
                return new Delta.NodeAnnounced(new NodeRef(NodeId.of(nodeId1), timestamp, GossipId.fromBytes(id)));
            default:
                return new Delta.ChannelClosed(scid, timestamp);
        }
    }

    /** The database row of this change. */
    public Object row() {
        switch (kind) {
            case ANNOUNCEMENT:
                return new ChannelRow(scid, id, nodeId1, nodeId2);
            case UPDATE:
                return new HalfChannelUpdateRow(scid, direction, timestamp, id);
            case NODE:
                return new NodeUpdateRow(nodeId1, timestamp, id);
            default:
                return new CloseRow(scid, timestamp);
        }
    }
}
