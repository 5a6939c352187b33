package io.lngossip.query.service;

import io.lngossip.codec.ChannelAnnouncement;
import io.lngossip.codec.ChannelUpdate;
import io.lngossip.codec.GossipId;
import io.lngossip.codec.ShortChannelId;
import io.lngossip.model.StoredMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One channel's policy over time, for the explorer: its canonical announcement (null for an orphan) and the canonical
 * channel_update of each (direction, timestamp) slot in history order. Competing bytes for a slot are left out here
 * (the snapshot would use the smallest gossip_id, and so does this); {@code /v1/channels/{scid}/gossip} has them all.
 *
 * @param capacitySat the funding amount where a source knew it, else null
 * @param closedAt the earliest known close, else null
 */
public record ChannelTimeline(ShortChannelId scid, GossipId announcementId, ChannelAnnouncement announcement,
        Long capacitySat, Long closedAt, List<Update> updates) {

    /** A canonical update and its id. */
    public record Update(GossipId id, ChannelUpdate update) {
        public Update {
            Objects.requireNonNull(id, "id cannot be null");
            Objects.requireNonNull(update, "update cannot be null");
        }
    }

    public ChannelTimeline {
        Objects.requireNonNull(scid, "scid cannot be null");
        updates = List.copyOf(updates);
    }

    /**
     * @param history the channel's messages in history order (announcements first by gossip_id, then updates by
     *     timestamp, direction and gossip_id), as {@code GraphHistory.byScid} gives them
     */
    public static ChannelTimeline of(ShortChannelId scid, List<StoredMessage> history, Long capacitySat,
            Long closedAt) {
        Objects.requireNonNull(scid, "scid cannot be null");
        Objects.requireNonNull(history, "history cannot be null");
        StoredMessage announcement = null;
        List<Update> updates = new ArrayList<>();
        Set<Long> slots = new HashSet<>();
        for (StoredMessage m : history) {
            if (m.message() instanceof ChannelAnnouncement) {
                if (announcement == null || m.id().compareTo(announcement.id()) < 0) {
                    announcement = m;
                }
            } else if (m.message() instanceof ChannelUpdate u) {
                // history order puts a slot's smallest gossip_id first: the first seen is the canonical one
                if (slots.add(u.timestamp() * 2 + u.direction())) {
                    updates.add(new Update(m.id(), u));
                }
            }
        }
        return new ChannelTimeline(scid, announcement == null ? null : announcement.id(),
                announcement == null ? null : (ChannelAnnouncement) announcement.message(), capacitySat, closedAt,
                updates);
    }
}
