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
 * operators as a plain record (the decoded message is cheap to rebuild from {@code raw} where needed). Ids travel as
 * bytes: Flink serializes the record at every keyBy, and a 64-character hex string cost a string decode on each
 * side of each one (JFR, 2026-12-03); the keys that are hex ({@link #gossipIdHex}, the slots step's node keys) are
 * computed where they are needed, so the keyed state is keyed as before.
 *
 * @param gossipId the message's id (32 bytes)
 * @param scid the channel of an announcement or update; 0 for a node_announcement
 * @param direction of an update; 0 otherwise
 * @param nodeId of a node_announcement (33 bytes); empty otherwise
 * @param timestamp of an update or node_announcement; for a channel_announcement its receipt second, else
 *     {@link Long#MIN_VALUE} (timeless)
 */
public record AcceptedGossip(byte[] raw, byte[] gossipId, int type, long scid, int direction, byte[] nodeId,
        long timestamp, Long receivedAtMillis, String collector, String source) {

    public AcceptedGossip {
        Objects.requireNonNull(raw, "raw cannot be null");
        Objects.requireNonNull(gossipId, "gossipId cannot be null");
        Objects.requireNonNull(nodeId, "nodeId cannot be null");
        Objects.requireNonNull(collector, "collector cannot be null");
        Objects.requireNonNull(source, "source cannot be null");
    }

    public static AcceptedGossip of(GossipObservation o, GossipId id, GossipMessage m) {
        long scid = 0;
        int direction = 0;
        byte[] node = NO_NODE;
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
            node = n.nodeId().toArray();
            timestamp = n.timestamp();
        }
        return new AcceptedGossip(o.message(), id.toArray(), m.type(), scid, direction, node, timestamp,
                o.receivedAtMillis(), o.collector(), o.source());
    }

    private static final byte[] NO_NODE = new byte[0];

    /** The dedup step's key: the id in hex, as its state has always been keyed. */
    public String gossipIdHex() {
        return Hex.encode(gossipId);
    }

    /** The node id in hex; empty for channel messages. */
    public String nodeIdHex() {
        return Hex.encode(nodeId);
    }

    public Long receivedAtSeconds() {
        return receivedAtMillis == null ? null : Math.floorDiv(receivedAtMillis, 1000L);
    }
}
