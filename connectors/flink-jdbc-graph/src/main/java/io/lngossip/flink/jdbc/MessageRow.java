package io.lngossip.flink.jdbc;

import io.lngossip.codec.ChannelAnnouncement;
import io.lngossip.codec.ChannelUpdate;
import io.lngossip.codec.GossipId;
import io.lngossip.codec.GossipMessage;
import io.lngossip.codec.NodeAnnouncement;
import java.util.Objects;

/**
 * A row of {@code messages}: one distinct message with the fields queries filter on.
 *
 * @param firstSeen earliest known receipt time in unix seconds, or null
 */
public record MessageRow(byte[] gossipId, int type, Long scid, Integer direction, byte[] nodeId, byte[] nodeId1,
        byte[] nodeId2, Long timestamp, Long firstSeen, byte[] raw) {

    public MessageRow {
        Objects.requireNonNull(gossipId, "gossipId cannot be null");
        Objects.requireNonNull(raw, "raw cannot be null");
    }

    /** The row of a decoded message. */
    public static MessageRow of(GossipId id, GossipMessage message, byte[] raw, Long firstSeen) {
        Long scid = null;
        Integer direction = null;
        byte[] nodeId = null;
        byte[] nodeId1 = null;
        byte[] nodeId2 = null;
        Long timestamp = null;
        if (message instanceof ChannelAnnouncement a) {
            scid = a.shortChannelId().value();
            nodeId1 = a.nodeId1().toArray();
            nodeId2 = a.nodeId2().toArray();
        } else if (message instanceof ChannelUpdate u) {
            scid = u.shortChannelId().value();
            direction = u.direction();
            timestamp = u.timestamp();
        } else {
            NodeAnnouncement n = (NodeAnnouncement) message;
            nodeId = n.nodeId().toArray();
            timestamp = n.timestamp();
        }
        return new MessageRow(id.toArray(), message.type(), scid, direction, nodeId, nodeId1, nodeId2, timestamp,
                firstSeen, raw);
    }
}
