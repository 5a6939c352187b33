package io.lngossip.model;

import io.lngossip.codec.ChannelAnnouncement;
import io.lngossip.codec.ChannelUpdate;
import io.lngossip.codec.GossipId;
import io.lngossip.codec.NodeAnnouncement;
import io.lngossip.codec.NodeId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * SEMANTICS §4 Snapshot written out literally over a plain list of messages, sharing no code with the model's
 * replay, joins or ordering: the independent oracle of the property tests. Returns the gossip ids in answer order.
 */
final class NaiveReference {
    private NaiveReference() {}

    static List<GossipId> snapshot(Collection<StoredMessage> input, Map<Long, Long> closes, long t, MaxAge maxAge) {
        Map<GossipId, StoredMessage> distinct = new LinkedHashMap<>();
        for (StoredMessage m : input) {
            distinct.put(m.id(), m);
        }
        // canonical announcement per scid: smallest gossip_id
        Map<Long, StoredMessage> announcement = new HashMap<>();
        for (StoredMessage m : distinct.values()) {
            if (m.message() instanceof ChannelAnnouncement a) {
                announcement.merge(a.shortChannelId().value(), m, (x, y) -> x.id().compareTo(y.id()) <= 0 ? x : y);
            }
        }
        List<Long> scids = new ArrayList<>(announcement.keySet());
        scids.sort(Long::compareUnsigned);
        List<GossipId> out = new ArrayList<>();
        TreeSet<NodeId> endpoints = new TreeSet<>();
        for (long scid : scids) {
            Long closedAt = closes.get(scid);
            if (closedAt != null && closedAt <= t) {
                continue;
            }
            GossipId[] live = new GossipId[2];
            for (int d = 0; d < 2; d++) {
                long latest = Long.MIN_VALUE;
                for (StoredMessage m : distinct.values()) {
                    if (m.message() instanceof ChannelUpdate u && u.shortChannelId().value() == scid
                            && u.direction() == d && u.timestamp() <= t) {
                        latest = Math.max(latest, u.timestamp());
                    }
                }
                if (latest == Long.MIN_VALUE) {
                    continue;
                }
                boolean isLive = maxAge.unbounded() || latest >= t - maxAge.seconds();
                if (!isLive) {
                    continue;
                }
                GossipId smallest = null;
                for (StoredMessage m : distinct.values()) {
                    if (m.message() instanceof ChannelUpdate u && u.shortChannelId().value() == scid
                            && u.direction() == d && u.timestamp() == latest
                            && (smallest == null || m.id().compareTo(smallest) < 0)) {
                        smallest = m.id();
                    }
                }
                live[d] = smallest;
            }
            if (live[0] == null && live[1] == null) {
                continue;
            }
            StoredMessage ann = announcement.get(scid);
            out.add(ann.id());
            for (GossipId id : live) {
                if (id != null) {
                    out.add(id);
                }
            }
            ChannelAnnouncement a = (ChannelAnnouncement) ann.message();
            endpoints.add(a.nodeId1());
            endpoints.add(a.nodeId2());
        }
        for (NodeId node : endpoints) {
            StoredMessage best = null;
            for (StoredMessage m : distinct.values()) {
                if (m.message() instanceof NodeAnnouncement n && n.nodeId().equals(node) && n.timestamp() <= t) {
                    if (best == null) {
                        best = m;
                    } else {
                        long bt = ((NodeAnnouncement) best.message()).timestamp();
                        if (n.timestamp() > bt || (n.timestamp() == bt && m.id().compareTo(best.id()) < 0)) {
                            best = m;
                        }
                    }
                }
            }
            if (best != null) {
                out.add(best.id());
            }
        }
        return out;
    }
}
