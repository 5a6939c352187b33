package io.lngossip.jobs.graphstate;

import io.lngossip.codec.ChannelAnnouncement;
import io.lngossip.codec.ChannelUpdate;
import io.lngossip.codec.GossipId;
import io.lngossip.codec.GossipMessage;
import io.lngossip.codec.GossipObservation;
import io.lngossip.codec.Hex;
import io.lngossip.codec.NodeAnnouncement;
import java.util.Objects;

/**
 * An observation that passed classification, flattened to what the job keys and orders by, so it travels between
 * operators as a plain record (the decoded message is cheap to rebuild from {@code raw} where needed).
 *
 * @param gossipIdHex key of the dedup step
 * @param scid the channel of an announcement or update; 0 for a node_announcement
 * @param direction of an update; 0 otherwise
 * @param nodeIdHex of a node_announcement; empty otherwise
 * @param timestamp of an update or node_announcement; for a channel_announcement its receipt second, else
 *     {@link Long#MIN_VALUE} (timeless)
 */
public record AcceptedGossip(byte[] raw, String gossipIdHex, int type, long scid, int direction, String nodeIdHex,
        long timestamp, Long receivedAtMillis, String collector, String source) {

    public AcceptedGossip {
        Objects.requireNonNull(raw, "raw cannot be null");
        Objects.requireNonNull(gossipIdHex, "gossipIdHex cannot be null");
        Objects.requireNonNull(nodeIdHex, "nodeIdHex cannot be null");
        Objects.requireNonNull(collector, "collector cannot be null");
        Objects.requireNonNull(source, "source cannot be null");
    }

    public static AcceptedGossip of(GossipObservation o, GossipId id, GossipMessage m) {
        long scid = 0;
        int direction = 0;
        String node = "";
        long timestamp;
        if (m instanceof ChannelAnnouncement a) {
            scid = a.shortChannelId().value();
            timestamp = o.receivedAtSeconds() == null ? Long.MIN_VALUE : o.receivedAtSeconds();
        } else if (m instanceof ChannelUpdate u) {
            scid = u.shortChannelId().value();
            direction = u.direction();
            timestamp = u.timestamp();
        } else {
            NodeAnnouncement n = (NodeAnnouncement) m;
            node = n.nodeId().hex();
            timestamp = n.timestamp();
        }
        return new AcceptedGossip(o.message(), id.hex(), m.type(), scid, direction, node, timestamp,
                o.receivedAtMillis(), o.collector(), o.source());
    }

    public GossipId gossipId() {
        return GossipId.fromBytes(Hex.decode(gossipIdHex));
    }

    public Long receivedAtSeconds() {
        return receivedAtMillis == null ? null : Math.floorDiv(receivedAtMillis, 1000L);
    }
}
