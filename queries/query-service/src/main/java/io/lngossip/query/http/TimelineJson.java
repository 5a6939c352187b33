package io.lngossip.query.http;

import io.lngossip.codec.ChannelUpdate;
import io.lngossip.codec.NodeAddress;
import io.lngossip.codec.NodeAnnouncement;
import io.lngossip.model.MaxAge;
import io.lngossip.model.Snapshot;
import io.lngossip.query.service.ChannelTimeline;
import io.lngossip.query.service.NodeTimeline;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the explorer's endpoints (documented in openapi.json): decoded fields only, field names as BOLT
 * #7 and {@code format=json} use them, scids as {@code BLOCKxTXxOUT}, node ids as lowercase hex.
 */
final class TimelineJson {
    private TimelineJson() {}

    static Map<String, Object> channel(ChannelTimeline t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scid", t.scid().toString());
        m.put("announced", t.announcement() != null);
        m.put("node_id_1", t.announcement() == null ? null : t.announcement().nodeId1().hex());
        m.put("node_id_2", t.announcement() == null ? null : t.announcement().nodeId2().hex());
        m.put("announcement_gossip_id", t.announcementId() == null ? null : t.announcementId().hex());
        m.put("capacity_sat", t.capacitySat());
        m.put("closed_at", t.closedAt());
        List<Map<String, Object>> updates = new ArrayList<>();
        for (ChannelTimeline.Update u : t.updates()) {
            updates.add(update(u));
        }
        m.put("updates", updates);
        return m;
    }

    private static Map<String, Object> update(ChannelTimeline.Update entry) {
        ChannelUpdate u = entry.update();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timestamp", u.timestamp());
        m.put("direction", u.direction());
        m.put("disabled", u.disabled());
        m.put("fee_base_msat", u.feeBaseMsat());
        m.put("fee_proportional_millionths", u.feeProportionalMillionths());
        m.put("cltv_expiry_delta", u.cltvExpiryDelta());
        m.put("htlc_minimum_msat", unsigned(u.htlcMinimumMsat()));
        m.put("htlc_maximum_msat", u.hasHtlcMaximumMsat() ? unsigned(u.htlcMaximumMsat()) : null);
        m.put("gossip_id", entry.id().hex());
        return m;
    }

    static Map<String, Object> node(NodeTimeline t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node_id", t.node().hex());
        m.put("maxAge", maxAge(t.maxAge()));
        List<Map<String, Object>> announcements = new ArrayList<>();
        for (NodeTimeline.Announcement a : t.announcements()) {
            NodeAnnouncement n = a.announcement();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("timestamp", n.timestamp());
            e.put("alias", n.aliasText());
            e.put("rgb_color", n.colorHex().substring(1));
            List<String> addresses = new ArrayList<>();
            for (NodeAddress address : NodeAddress.parseAll(n.addresses())) {
                addresses.add(address.toString());
            }
            e.put("addresses", addresses);
            e.put("gossip_id", a.id().hex());
            announcements.add(e);
        }
        m.put("announcements", announcements);
        List<Map<String, Object>> channels = new ArrayList<>();
        for (NodeTimeline.Channel c : t.channels()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("scid", c.scid().toString());
            e.put("peer", c.peer().hex());
            e.put("side", c.side());
            e.put("first_update", c.firstUpdate());
            e.put("last_update", c.lastUpdate());
            e.put("updates", c.updates());
            e.put("capacity_sat", c.capacitySat());
            e.put("closed_at", c.closedAt());
            channels.add(e);
        }
        m.put("channels", channels);
        List<Map<String, Object>> live = new ArrayList<>();
        for (NodeTimeline.Point p : t.liveChannels()) {
            live.add(Map.of("at", p.at(), "channels", p.channels()));
        }
        m.put("live_channels", live);
        return m;
    }

    /** @param capacities funding amounts known for the snapshot's channels, by scid */
    static Map<String, Object> summary(Snapshot s, String coverage, Map<Long, Long> capacities) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", s.at());
        m.put("maxAge", maxAge(s.maxAge()));
        m.put("coverage", coverage);
        m.put("channels", s.channels().size());
        m.put("half_channels", s.halfChannelCount());
        m.put("nodes", s.nodes().size());
        m.put("node_announcements", s.nodes().stream().filter(n -> n.announcement() != null).count());
        m.put("messages", s.messageCount());
        long capacity = 0;
        int known = 0;
        for (Snapshot.Channel c : s.channels()) {
            Long sat = capacities.get(c.scid());
            if (sat != null) {
                capacity += sat;
                known++;
            }
        }
        m.put("capacity_sat", known == 0 ? null : capacity);
        m.put("channels_with_capacity", known);
        return m;
    }

    private static Object maxAge(MaxAge maxAge) {
        return maxAge.unbounded() ? "unbounded" : maxAge.seconds();
    }

    private static Object unsigned(long value) {
        return value >= 0 ? (Object) value : new BigInteger(Long.toUnsignedString(value));
    }
}
