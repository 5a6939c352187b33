package io.lngossip.query.service;

import io.lngossip.codec.ChannelAnnouncement;
import io.lngossip.codec.ChannelUpdate;
import io.lngossip.codec.GossipId;
import io.lngossip.codec.NodeAnnouncement;
import io.lngossip.codec.NodeId;
import io.lngossip.codec.ShortChannelId;
import io.lngossip.model.MaxAge;
import io.lngossip.model.StoredMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One node over time, for the explorer: its canonical node_announcement per timestamp (alias, color and address
 * changes), the channels whose canonical announcement names it, and how many of those are in Snapshot(T) as T moves.
 *
 * <p>The count is exact, not sampled: a channel is in Snapshot(T) (SEMANTICS §4) iff it is announced, a half is live
 * and no close at or before T is known. A half whose update timestamps are t1 < t2 < ... is live on the union of
 * [ti, min(ti+1, ti + maxAge + 1)), the last interval ending at tn + maxAge + 1 (never when unbounded); a channel is
 * live on the union of its halves' intervals cut at its close. The count changes only at those interval ends, so
 * {@link #liveChannels} lists each instant where it changes, with the count from then on.
 */
public record NodeTimeline(NodeId node, MaxAge maxAge, List<Announcement> announcements, List<Channel> channels,
        List<Point> liveChannels) {

    /** A canonical node_announcement and its id. */
    public record Announcement(GossipId id, NodeAnnouncement announcement) {}

    /**
     * One of the node's channels.
     *
     * @param side 1 or 2: which node id of the announcement the node is (direction side - 1 is its own)
     * @param firstUpdate the earliest update timestamp of either direction, null when there is none
     * @param updates the number of (direction, timestamp) slots with an update
     */
    public record Channel(ShortChannelId scid, NodeId peer, int side, Long firstUpdate, Long lastUpdate, int updates,
            Long capacitySat, Long closedAt) {}

    /** From {@code at} on, {@code channels} of the node's channels are in the snapshot. */
    public record Point(long at, int channels) {}

    public NodeTimeline {
        Objects.requireNonNull(node, "node cannot be null");
        Objects.requireNonNull(maxAge, "maxAge cannot be null");
        announcements = List.copyOf(announcements);
        channels = List.copyOf(channels);
        liveChannels = List.copyOf(liveChannels);
    }

    /**
     * @param history the node's messages in history order ({@code GraphHistory.byNode}): its node_announcements, the
     *     channel_announcements naming it and every update of those channels
     * @param canonical the canonical announcement of each channel (the {@code channels} table); a channel whose
     *     canonical announcement is not among those naming the node is not the node's
     * @param closes the earliest known close by scid
     * @param capacities funding amounts by scid where known
     */
    public static NodeTimeline of(NodeId node, MaxAge maxAge, List<StoredMessage> history,
            Map<Long, GossipId> canonical, Map<Long, Long> closes, Map<Long, Long> capacities) {
        Objects.requireNonNull(node, "node cannot be null");
        Objects.requireNonNull(maxAge, "maxAge cannot be null");
        Objects.requireNonNull(history, "history cannot be null");
        Objects.requireNonNull(canonical, "canonical cannot be null");
        Objects.requireNonNull(closes, "closes cannot be null");
        Objects.requireNonNull(capacities, "capacities cannot be null");
        List<Announcement> announcements = new ArrayList<>();
        Set<Long> announcedAt = new HashSet<>();
        Map<Long, ChannelAnnouncement> mine = new TreeMap<>(Long::compareUnsigned);
        Map<Long, List<TreeSet<Long>>> timestamps = new HashMap<>();
        for (StoredMessage m : history) {
            if (m.message() instanceof NodeAnnouncement n) {
                // history order puts a slot's smallest gossip_id first: the canonical one
                if (n.nodeId().equals(node) && announcedAt.add(n.timestamp())) {
                    announcements.add(new Announcement(m.id(), n));
                }
            } else if (m.message() instanceof ChannelAnnouncement a) {
                long scid = a.shortChannelId().value();
                if (m.id().equals(canonical.get(scid)) && (a.nodeId1().equals(node) || a.nodeId2().equals(node))) {
                    mine.put(scid, a);
                }
            } else {
                ChannelUpdate u = (ChannelUpdate) m.message();
                timestamps.computeIfAbsent(u.shortChannelId().value(), k -> List.of(new TreeSet<>(), new TreeSet<>()))
                        .get(u.direction()).add(u.timestamp());
            }
        }
        List<Channel> channels = new ArrayList<>();
        TreeMap<Long, Integer> changes = new TreeMap<>();
        for (Map.Entry<Long, ChannelAnnouncement> e : mine.entrySet()) {
            long scid = e.getKey();
            ChannelAnnouncement a = e.getValue();
            List<TreeSet<Long>> halves = timestamps.getOrDefault(scid, List.of(new TreeSet<>(), new TreeSet<>()));
            TreeSet<Long> all = new TreeSet<>(halves.get(0));
            all.addAll(halves.get(1));
            Long closedAt = closes.get(scid);
            boolean first = a.nodeId1().equals(node);
            channels.add(new Channel(a.shortChannelId(), first ? a.nodeId2() : a.nodeId1(), first ? 1 : 2,
                    all.isEmpty() ? null : all.first(), all.isEmpty() ? null : all.last(),
                    halves.get(0).size() + halves.get(1).size(), capacities.get(scid), closedAt));
            for (long[] interval : liveIntervals(halves, maxAge, closedAt)) {
                changes.merge(interval[0], 1, Integer::sum);
                if (interval[1] != Long.MAX_VALUE) {
                    changes.merge(interval[1], -1, Integer::sum);
                }
            }
        }
        List<Point> points = new ArrayList<>();
        int count = 0;
        for (Map.Entry<Long, Integer> c : changes.entrySet()) {
            if (c.getValue() != 0) {
                count += c.getValue();
                points.add(new Point(c.getKey(), count));
            }
        }
        return new NodeTimeline(node, maxAge, announcements, channels, points);
    }

    /** The disjoint [start, end) intervals in which a channel with these update timestamps is live; end MAX: open. */
    static List<long[]> liveIntervals(List<TreeSet<Long>> halves, MaxAge maxAge, Long closedAt) {
        List<long[]> raw = new ArrayList<>();
        for (TreeSet<Long> half : halves) {
            Long previous = null;
            for (long t : half) {
                if (previous != null) {
                    raw.add(new long[] {previous, end(previous, t, maxAge)});
                }
                previous = t;
            }
            if (previous != null) {
                raw.add(new long[] {previous, end(previous, Long.MAX_VALUE, maxAge)});
            }
        }
        raw.sort((x, y) -> Long.compare(x[0], y[0]));
        long cut = closedAt == null ? Long.MAX_VALUE : closedAt;
        List<long[]> merged = new ArrayList<>();
        for (long[] i : raw) {
            long start = i[0];
            long end = Math.min(i[1], cut);
            if (start >= end) {
                continue;
            }
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && start <= last[1]) {
                last[1] = Math.max(last[1], end);
            } else {
                merged.add(new long[] {start, end});
            }
        }
        return merged;
    }

    /** Where an update at {@code t} stops making its half live: the next update, or when it grows too old. */
    private static long end(long t, long next, MaxAge maxAge) {
        if (maxAge.unbounded() || t > Long.MAX_VALUE - maxAge.seconds() - 1) {
            return next;
        }
        return Math.min(next, t + maxAge.seconds() + 1);
    }

    /** The node's channel count in Snapshot(at), from {@link #liveChannels}. */
    public int liveChannelsAt(long at) {
        int count = 0;
        for (Point p : liveChannels) {
            if (p.at() > at) {
                break;
            }
            count = p.channels();
        }
        return count;
    }
}
