package io.lngossip.model;

import io.lngossip.codec.ChannelAnnouncement;
import io.lngossip.codec.ChannelUpdate;
import io.lngossip.codec.NodeAnnouncement;
import java.util.Arrays;
import java.util.Comparator;

/**
 * History order (SEMANTICS §4), used by by-scid, by-node and Range: every message by (time, type, scid, direction,
 * node_id, gossip_id), where a node_announcement has scid 0 and direction 0, channel messages have the empty node_id
 * (which sorts first), scids compare unsigned and ids as unsigned bytes. By-scid and by-node put the
 * channel_announcements first, by (scid, gossip_id); Range sorts them by their time like the rest.
 */
public final class HistoryOrder {

    private HistoryOrder() {}

    /** A message's place in history order. {@code time} is its timestamp, or for an announcement its Range time. */
    public record Key(long time, int type, long scid, int direction, byte[] nodeId, byte[] id) {}

    public static final Comparator<Key> KEY = (a, b) -> {
        int c = Long.compare(a.time, b.time);
        if (c == 0) {
            c = Integer.compare(a.type, b.type);
        }
        if (c == 0) {
            c = Long.compareUnsigned(a.scid, b.scid);
        }
        if (c == 0) {
            c = Integer.compare(a.direction, b.direction);
        }
        if (c == 0) {
            c = Arrays.compareUnsigned(a.nodeId, b.nodeId);
        }
        return c != 0 ? c : Arrays.compareUnsigned(a.id, b.id);
    };

    /** The key of a message whose time is {@code time} (its timestamp, or an announcement's Range time). */
    public static Key key(StoredMessage m, long time) {
        byte[] id = m.id().toArray();
        if (m.message() instanceof ChannelAnnouncement a) {
            return new Key(time, a.type(), a.shortChannelId().value(), 0, new byte[0], id);
        } else if (m.message() instanceof ChannelUpdate u) {
            return new Key(time, u.type(), u.shortChannelId().value(), u.direction(), new byte[0], id);
        }
        NodeAnnouncement n = (NodeAnnouncement) m.message();
        return new Key(time, n.type(), 0, 0, n.nodeId().toArray(), id);
    }

    /** Announcements first by (scid, gossip_id), then the rest in history order: by-scid and by-node. */
    public static final Comparator<StoredMessage> ANNOUNCEMENTS_FIRST = (a, b) -> {
        boolean annA = a.message() instanceof ChannelAnnouncement;
        boolean annB = b.message() instanceof ChannelAnnouncement;
        if (annA != annB) {
            return annA ? -1 : 1;
        }
        if (annA) {
            int c = Long.compareUnsigned(((ChannelAnnouncement) a.message()).shortChannelId().value(),
                    ((ChannelAnnouncement) b.message()).shortChannelId().value());
            return c != 0 ? c : a.id().compareTo(b.id());
        }
        return KEY.compare(key(a, timestamp(a)), key(b, timestamp(b)));
    };

    /** The timestamp of an update or node_announcement. */
    static long timestamp(StoredMessage m) {
        if (m.message() instanceof ChannelUpdate u) {
            return u.timestamp();
        } else if (m.message() instanceof NodeAnnouncement n) {
            return n.timestamp();
        }
        throw new IllegalArgumentException("a channel_announcement has no timestamp");
    }
}
