package io.lngossip.model;

import io.lngossip.codec.ChannelAnnouncement;
import io.lngossip.codec.ChannelUpdate;
import io.lngossip.codec.GossipId;
import io.lngossip.codec.NodeAnnouncement;
import io.lngossip.codec.NodeId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything ingested, held in memory, answering every question of the contract by full replay. It is the definition
 * of a correct answer that checkpoints and deltas are tested against, and serves small histories directly.
 *
 * <p>Replay rules (SEMANTICS §3-§5):
 * <ol>
 *   <li>The same bytes are one message, whatever their source or how often they arrive; its first receipt time is the
 *       earliest any observation carried.</li>
 *   <li>Each message is a {@link Delta}; the state at T is the join of every delta whose instant is at most T
 *       (announcements are timeless: they count at every T once known). See {@link Delta} for the join.</li>
 *   <li>Different bytes for one (scid, direction, timestamp) or (node_id, timestamp) are all kept and all returned by
 *       the history questions; only the smallest gossip_id counts in snapshots. The same holds for several
 *       announcements of one scid, and the canonical one's node ids are the channel's endpoints.</li>
 *   <li>Updates whose announcement is unknown (orphans) are kept: they count as soon as an announcement arrives.</li>
 *   <li>Several closes of one scid: the earliest counts.</li>
 * </ol>
 * Arrival order never matters: adding the same set of messages and closes in any order, any number of times, gives the
 * same answers. Not thread-safe.
 */
public final class GraphHistory {
    private final Map<GossipId, StoredMessage> messages = new HashMap<>();
    private final TreeMap<Long, List<StoredMessage>> byScid = new TreeMap<>(Long::compareUnsigned);
    private final TreeMap<NodeId, List<StoredMessage>> nodeAnnouncements = new TreeMap<>();
    private final TreeMap<NodeId, List<Long>> channelsOfNode = new TreeMap<>();
    private final TreeMap<Long, Long> closes = new TreeMap<>(Long::compareUnsigned);

    /**
     * Adds a message.
     *
     * @return true when its bytes were not known before
     */
    public boolean add(StoredMessage m) {
        Objects.requireNonNull(m, "m cannot be null");
        StoredMessage known = messages.get(m.id());
        if (known != null) {
            if (m.firstSeen() != null && (known.firstSeen() == null || m.firstSeen() < known.firstSeen())) {
                replace(known, new StoredMessage(known.id(), known.raw(), known.message(), m.firstSeen()));
            }
            return false;
        }
        messages.put(m.id(), m);
        if (m.message() instanceof ChannelAnnouncement a) {
            long scid = a.shortChannelId().value();
            byScid.computeIfAbsent(scid, k -> new ArrayList<>()).add(m);
            channelsOfNode.computeIfAbsent(a.nodeId1(), k -> new ArrayList<>()).add(scid);
            channelsOfNode.computeIfAbsent(a.nodeId2(), k -> new ArrayList<>()).add(scid);
        } else if (m.message() instanceof ChannelUpdate u) {
            byScid.computeIfAbsent(u.shortChannelId().value(), k -> new ArrayList<>()).add(m);
        } else {
            NodeAnnouncement n = (NodeAnnouncement) m.message();
            nodeAnnouncements.computeIfAbsent(n.nodeId(), k -> new ArrayList<>()).add(m);
        }
        return true;
    }

    private void replace(StoredMessage old, StoredMessage updated) {
        messages.put(updated.id(), updated);
        List<StoredMessage> list;
        if (old.message() instanceof NodeAnnouncement n) {
            list = nodeAnnouncements.get(n.nodeId());
        } else {
            list = byScid.get(old.message() instanceof ChannelAnnouncement a ? a.shortChannelId().value()
                    : ((ChannelUpdate) old.message()).shortChannelId().value());
        }
        list.replaceAll(x -> x.id().equals(updated.id()) ? updated : x);
    }

    /** Adds a close; the earliest close of a scid counts. */
    public void addClose(long scid, long closedAt) {
        closes.merge(scid, closedAt, Math::min);
    }

    public Optional<StoredMessage> message(GossipId id) {
        return Optional.ofNullable(messages.get(id));
    }

    public int size() {
        return messages.size();
    }

    /** Every delta: one per stored message and one per close. Their join up to T is the state at T. */
    public List<Delta> deltas() {
        List<Delta> out = new ArrayList<>(messages.size() + closes.size());
        for (StoredMessage m : messages.values()) {
            out.add(m.delta());
        }
        closes.forEach((scid, at) -> out.add(new Delta.ChannelClosed(scid, at)));
        return out;
    }

    /** The reconciled state at {@code at}: the join of every delta at or before it. */
    public GraphState stateAt(long at) {
        GraphState state = new GraphState();
        for (Delta d : deltas()) {
            if (d.instant() <= at) {
                state.apply(d);
            }
        }
        return state;
    }

    public Snapshot snapshot(long at, MaxAge maxAge) {
        return stateAt(at).snapshot(at, maxAge);
    }

    public Diff diff(long from, long to, MaxAge maxAge) {
        return Diff.between(snapshot(from, maxAge), snapshot(to, maxAge));
    }

    public Checkpoint checkpoint(long instant) {
        return new Checkpoint(instant, stateAt(instant));
    }

    /** True when a stored announcement or update names the scid. */
    public boolean knowsScid(long scid) {
        return byScid.containsKey(scid);
    }

    /** True when a stored node_announcement or channel_announcement names the node. */
    public boolean knowsNode(NodeId node) {
        return nodeAnnouncements.containsKey(node) || channelsOfNode.containsKey(node);
    }

    /**
     * By scid: every stored message about the channel, all distinct byte strings, announcements first, in history
     * order. {@code from}/{@code to} (inclusive, null for open) bound update timestamps; announcements always come.
     */
    public List<StoredMessage> byScid(long scid, Long from, Long to) {
        List<StoredMessage> out = new ArrayList<>();
        for (StoredMessage m : byScid.getOrDefault(scid, List.of())) {
            if (m.message() instanceof ChannelAnnouncement || within(HistoryOrder.timestamp(m), from, to)) {
                out.add(m);
            }
        }
        out.sort(HistoryOrder.ANNOUNCEMENTS_FIRST);
        return out;
    }

    /**
     * By node: every stored node_announcement of the node, every channel_announcement naming it and every update of
     * those channels; bounds as {@link #byScid}.
     */
    public List<StoredMessage> byNode(NodeId node, Long from, Long to) {
        Objects.requireNonNull(node, "node cannot be null");
        List<StoredMessage> out = new ArrayList<>();
        for (StoredMessage m : nodeAnnouncements.getOrDefault(node, List.of())) {
            if (within(HistoryOrder.timestamp(m), from, to)) {
                out.add(m);
            }
        }
        for (long scid : channelsOfNode.getOrDefault(node, List.of()).stream().distinct().toList()) {
            for (StoredMessage m : byScid.get(scid)) {
                if (m.message() instanceof ChannelAnnouncement a) {
                    if (a.nodeId1().equals(node) || a.nodeId2().equals(node)) {
                        out.add(m);
                    }
                } else if (within(HistoryOrder.timestamp(m), from, to)) {
                    out.add(m);
                }
            }
        }
        out.sort(HistoryOrder.ANNOUNCEMENTS_FIRST);
        return out;
    }

    /**
     * Range: every stored message whose time lies in [from, to], in history order. A channel_announcement's time is
     * its first receipt time, else the earliest timestamp of its channel's updates; with neither it has no time and is
     * left out.
     */
    public List<StoredMessage> range(long from, long to) {
        List<HistoryOrder.Key> keys = new ArrayList<>();
        Map<HistoryOrder.Key, StoredMessage> byKey = new java.util.IdentityHashMap<>();
        for (Map.Entry<Long, List<StoredMessage>> e : byScid.entrySet()) {
            Long earliestUpdate = null;
            for (StoredMessage m : e.getValue()) {
                if (m.message() instanceof ChannelUpdate u) {
                    earliestUpdate = earliestUpdate == null ? u.timestamp() : Math.min(earliestUpdate, u.timestamp());
                }
            }
            for (StoredMessage m : e.getValue()) {
                Long time = m.message() instanceof ChannelAnnouncement
                        ? (m.firstSeen() != null ? m.firstSeen() : earliestUpdate)
                        : Long.valueOf(HistoryOrder.timestamp(m));
                if (time != null && time >= from && time <= to) {
                    HistoryOrder.Key k = HistoryOrder.key(m, time);
                    keys.add(k);
                    byKey.put(k, m);
                }
            }
        }
        for (List<StoredMessage> list : nodeAnnouncements.values()) {
            for (StoredMessage m : list) {
                long time = HistoryOrder.timestamp(m);
                if (time >= from && time <= to) {
                    HistoryOrder.Key k = HistoryOrder.key(m, time);
                    keys.add(k);
                    byKey.put(k, m);
                }
            }
        }
        keys.sort(HistoryOrder.KEY);
        List<StoredMessage> out = new ArrayList<>(keys.size());
        for (HistoryOrder.Key k : keys) {
            out.add(byKey.get(k));
        }
        return out;
    }

    private static boolean within(long time, Long from, Long to) {
        return (from == null || time >= from) && (to == null || time <= to);
    }

    /** All stored messages, in no particular order. */
    public List<StoredMessage> messages() {
        List<StoredMessage> out = new ArrayList<>(messages.values());
        out.sort(Comparator.comparing(StoredMessage::id));
        return out;
    }
}
