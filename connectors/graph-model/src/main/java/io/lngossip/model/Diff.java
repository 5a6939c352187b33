package io.lngossip.model;

import io.lngossip.codec.GossipId;
import io.lngossip.codec.NodeId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Diff(T1, T2): what turns Snapshot(T1) into Snapshot(T2) (same maxAge, SEMANTICS §4): every message of the second
 * that is not in the first, in snapshot order, and the removals: channels, half-channels (those of removed channels
 * included) and nodes present at T1 and absent at T2, each sorted ascending. {@link #apply} gives back Snapshot(T2)
 * exactly.
 */
public record Diff(long from, long to, MaxAge maxAge, List<MessageRef> added, List<Long> removedChannels,
        List<HalfChannel> removedHalfChannels, List<NodeId> removedNodes) {

    public Diff {
        Objects.requireNonNull(maxAge, "maxAge cannot be null");
        added = List.copyOf(added);
        removedChannels = List.copyOf(removedChannels);
        removedHalfChannels = List.copyOf(removedHalfChannels);
        removedNodes = List.copyOf(removedNodes);
    }

    /** A half-channel: (scid, direction), ordered by unsigned scid then direction. */
    public record HalfChannel(long scid, int direction) implements Comparable<HalfChannel> {
        @Override
        public int compareTo(HalfChannel o) {
            int c = Long.compareUnsigned(scid, o.scid);
            return c != 0 ? c : Integer.compare(direction, o.direction);
        }
    }

    /** The diff between two snapshots of the same maxAge, {@code s1.at() <= s2.at()}. */
    public static Diff between(Snapshot s1, Snapshot s2) {
        Objects.requireNonNull(s1, "s1 cannot be null");
        Objects.requireNonNull(s2, "s2 cannot be null");
        if (!s1.maxAge().equals(s2.maxAge())) {
            throw new IllegalArgumentException("snapshots of different maxAge: " + s1.maxAge() + ", " + s2.maxAge());
        }
        if (s2.at() < s1.at()) {
            throw new IllegalArgumentException("T1 <= T2 is required: " + s1.at() + " > " + s2.at());
        }
        Set<GossipId> before = new HashSet<>();
        for (MessageRef m : s1.messages()) {
            before.add(m.id());
        }
        List<MessageRef> added = new ArrayList<>();
        for (MessageRef m : s2.messages()) {
            if (!before.contains(m.id())) {
                added.add(m);
            }
        }
        Map<Long, Snapshot.Channel> after = byScid(s2);
        List<Long> removedChannels = new ArrayList<>();
        List<HalfChannel> removedHalves = new ArrayList<>();
        for (Snapshot.Channel c : s1.channels()) {
            Snapshot.Channel now = after.get(c.scid());
            if (now == null) {
                removedChannels.add(c.scid());
            }
            for (int d = 0; d < 2; d++) {
                if (c.half(d) != null && (now == null || now.half(d) == null)) {
                    removedHalves.add(new HalfChannel(c.scid(), d));
                }
            }
        }
        Set<NodeId> nodesAfter = new HashSet<>();
        for (Snapshot.Node n : s2.nodes()) {
            nodesAfter.add(n.nodeId());
        }
        List<NodeId> removedNodes = new ArrayList<>();
        for (Snapshot.Node n : s1.nodes()) {
            if (!nodesAfter.contains(n.nodeId())) {
                removedNodes.add(n.nodeId());
            }
        }
        return new Diff(s1.at(), s2.at(), s1.maxAge(), added, removedChannels, removedHalves, removedNodes);
    }

    private static Map<Long, Snapshot.Channel> byScid(Snapshot s) {
        Map<Long, Snapshot.Channel> out = new java.util.HashMap<>();
        for (Snapshot.Channel c : s.channels()) {
            out.put(c.scid(), c);
        }
        return out;
    }

    /** Applies this diff to Snapshot(from), giving Snapshot(to). */
    public Snapshot apply(Snapshot s1) {
        Objects.requireNonNull(s1, "s1 cannot be null");
        if (s1.at() != from || !s1.maxAge().equals(maxAge)) {
            throw new IllegalArgumentException("this diff applies to Snapshot(" + from + ", " + maxAge + "), not to "
                    + "Snapshot(" + s1.at() + ", " + s1.maxAge() + ")");
        }
        TreeMap<Long, ChannelRef> anns = new TreeMap<>(Long::compareUnsigned);
        TreeMap<HalfChannel, UpdateRef> halves = new TreeMap<>();
        TreeMap<NodeId, NodeRef> nodeAnns = new TreeMap<>();
        for (Snapshot.Channel c : s1.channels()) {
            anns.put(c.scid(), c.announcement());
            for (int d = 0; d < 2; d++) {
                if (c.half(d) != null) {
                    halves.put(new HalfChannel(c.scid(), d), c.half(d));
                }
            }
        }
        for (Snapshot.Node n : s1.nodes()) {
            if (n.announcement() != null) {
                nodeAnns.put(n.nodeId(), n.announcement());
            }
        }
        removedChannels.forEach(anns::remove);
        removedHalfChannels.forEach(halves::remove);
        removedNodes.forEach(nodeAnns::remove);
        for (MessageRef m : added) {
            if (m instanceof ChannelRef a) {
                anns.put(a.scid(), a);
            } else if (m instanceof UpdateRef u) {
                halves.put(new HalfChannel(u.scid(), u.direction()), u);
            } else {
                NodeRef n = (NodeRef) m;
                nodeAnns.put(n.nodeId(), n);
            }
        }
        List<Snapshot.Channel> channels = new ArrayList<>();
        TreeSet<NodeId> endpoints = new TreeSet<>();
        for (ChannelRef a : anns.values()) {
            UpdateRef h0 = halves.get(new HalfChannel(a.scid(), 0));
            UpdateRef h1 = halves.get(new HalfChannel(a.scid(), 1));
            if (h0 == null && h1 == null) {
                throw new IllegalStateException("diff leaves channel " + a.scid() + " without a live half");
            }
            channels.add(new Snapshot.Channel(a, h0, h1));
            endpoints.add(a.nodeId1());
            endpoints.add(a.nodeId2());
        }
        List<Snapshot.Node> nodes = new ArrayList<>();
        for (NodeId id : endpoints) {
            nodes.add(new Snapshot.Node(id, nodeAnns.get(id)));
        }
        return new Snapshot(to, maxAge, channels, nodes);
    }
}
