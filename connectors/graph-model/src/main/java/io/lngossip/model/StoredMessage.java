package io.lngossip.model;

import io.lngossip.codec.ChannelAnnouncement;
import io.lngossip.codec.ChannelUpdate;
import io.lngossip.codec.GossipCodec;
import io.lngossip.codec.GossipId;
import io.lngossip.codec.GossipMessage;
import io.lngossip.codec.GossipParseException;
import io.lngossip.codec.NodeAnnouncement;
import java.util.Objects;

/**
 * A distinct message as stored: its id, bytes, decoded form and first receipt time (unix seconds, null when no input
 * said).
 */
public record StoredMessage(GossipId id, byte[] raw, GossipMessage message, Long firstSeen) {

    public StoredMessage {
        Objects.requireNonNull(id, "id cannot be null");
        Objects.requireNonNull(raw, "raw cannot be null");
        Objects.requireNonNull(message, "message cannot be null");
    }

    /** Decodes {@code raw}. */
    public static StoredMessage of(byte[] raw, Long firstSeen) throws GossipParseException {
        return new StoredMessage(GossipId.of(raw), raw, GossipCodec.decode(raw), firstSeen);
    }

    /** The message's reference. */
    public MessageRef ref() {
        if (message instanceof ChannelAnnouncement a) {
            return new ChannelRef(a.shortChannelId().value(), id, a.nodeId1(), a.nodeId2());
        } else if (message instanceof ChannelUpdate u) {
            return new UpdateRef(u.shortChannelId().value(), u.direction(), u.timestamp(), id);
        }
        NodeAnnouncement n = (NodeAnnouncement) message;
        return new NodeRef(n.nodeId(), n.timestamp(), id);
    }

    /** The delta this message contributes. */
    public Delta delta() {
        MessageRef ref = ref();
        if (ref instanceof ChannelRef a) {
            return new Delta.ChannelAnnounced(a);
        } else if (ref instanceof UpdateRef u) {
            return new Delta.HalfChannelUpdated(u);
        }
        return new Delta.NodeAnnounced((NodeRef) ref);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredMessage other && id.equals(other.id) && Objects.equals(firstSeen, other.firstSeen);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }
}
