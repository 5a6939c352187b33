package io.lngossip.model;

import io.lngossip.codec.NodeId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The reconciled state of the network at one instant: per scid its canonical channel_announcement (if known), the
 * latest canonical update of each direction (kept even when no announcement is known: orphans) and its close; per node
 * its latest canonical node_announcement. It is the join of every {@link Delta} at or before that instant; the caller
 * decides which deltas those are. A checkpoint is such a state, stored.
 *
 * <p>Snapshot rules (SEMANTICS §4), applied by {@link #snapshot} to the state at T:
 * <ul>
 *   <li>a half-channel is live iff its latest update has timestamp {@code >= T - maxAge};</li>
 *   <li>a channel is in the snapshot iff its announcement is known, at least one half is live and it has no close at
 *       or before T (the state only holds closes at or before its instant);</li>
 *   <li>a node is in it iff it is an endpoint of such a channel; its latest announcement is emitted if it has one;</li>
 *   <li>channels by ascending scid (unsigned) with their live updates, direction 0 then 1; then nodes by ascending
 *       node_id.</li>
 * </ul>
 * Not thread-safe.
 */
public final class GraphState {
    private final TreeMap<Long, Slot> channels = new TreeMap<>(Long::compareUnsigned);
    private final TreeMap<NodeId, NodeRef> nodes = new TreeMap<>();

    /** What is known of one scid. */
    static final class Slot {
        ChannelRef announcement;
        final UpdateRef[] halves = new UpdateRef[2];
        long closedAt = Long.MAX_VALUE;

        Slot copy() {
            Slot s = new Slot();
            s.announcement = announcement;
            s.halves[0] = halves[0];
            s.halves[1] = halves[1];
            s.closedAt = closedAt;
            return s;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Slot other && Objects.equals(announcement, other.announcement)
                    && Arrays.equals(halves, other.halves) && closedAt == other.closedAt;
        }

        @Override
        public int hashCode() {
            return Objects.hash(announcement, Arrays.hashCode(halves), closedAt);
        }
    }

    public GraphState() {}

    /** A deep copy (refs are immutable and shared). */
    public GraphState copy() {
        GraphState c = new GraphState();
        channels.forEach((k, v) -> c.channels.put(k, v.copy()));
        c.nodes.putAll(nodes);
        return c;
    }

    /**
     * Joins one delta into the state.
     *
     * @return true when the state changed
     */
    public boolean apply(Delta delta) {
        return join(delta, true);
    }

    /** True when {@link #apply} would change the state; the state is left as it is. */
    public boolean changedBy(Delta delta) {
        return join(delta, false);
    }

    private boolean join(Delta delta, boolean write) {
        Objects.requireNonNull(delta, "delta cannot be null");
        if (delta instanceof Delta.NodeAnnounced n) {
            if (!n.ref().beats(nodes.get(n.ref().nodeId()))) {
                return false;
            }
            if (write) {
                nodes.put(n.ref().nodeId(), n.ref());
            }
            return true;
        }
        long scid = delta instanceof Delta.HalfChannelUpdated u ? u.ref().scid()
                : delta instanceof Delta.ChannelAnnounced a ? a.ref().scid() : ((Delta.ChannelClosed) delta).scid();
        Slot s = write ? slot(scid) : channels.getOrDefault(scid, EMPTY);
        if (delta instanceof Delta.HalfChannelUpdated u) {
            int d = u.ref().direction();
            if (!u.ref().beats(s.halves[d])) {
                return false;
            }
            if (write) {
                s.halves[d] = u.ref();
            }
            return true;
        } else if (delta instanceof Delta.ChannelAnnounced a) {
            if (!a.ref().beats(s.announcement)) {
                return false;
            }
            if (write) {
                s.announcement = a.ref();
            }
            return true;
        }
        long closedAt = ((Delta.ChannelClosed) delta).closedAt();
        if (closedAt >= s.closedAt) {
            return false;
        }
        if (write) {
            s.closedAt = closedAt;
        }
        return true;
    }

    /** Read-only stand-in for a scid nothing is known of. */
    private static final Slot EMPTY = new Slot();

    private Slot slot(long scid) {
        return channels.computeIfAbsent(scid, k -> new Slot());
    }

    /** The snapshot at {@code at}; this state must be the state at {@code at}. */
    public Snapshot snapshot(long at, MaxAge maxAge) {
        Objects.requireNonNull(maxAge, "maxAge cannot be null");
        List<Snapshot.Channel> out = new ArrayList<>();
        // a hash set sorted once, not a tree: two endpoints per channel, 120k 33-byte compares at mainnet scale
        Set<NodeId> endpoints = new HashSet<>();
        for (Slot s : channels.values()) {
            if (s.announcement == null || s.closedAt <= at) {
                continue;
            }
            UpdateRef h0 = live(s.halves[0], at, maxAge);
            UpdateRef h1 = live(s.halves[1], at, maxAge);
            if (h0 == null && h1 == null) {
                continue;
            }
            out.add(new Snapshot.Channel(s.announcement, h0, h1));
            endpoints.add(s.announcement.nodeId1());
            endpoints.add(s.announcement.nodeId2());
        }
        NodeId[] sorted = endpoints.toArray(new NodeId[0]);
        Arrays.sort(sorted);
        List<Snapshot.Node> nodeList = new ArrayList<>(sorted.length);
        for (NodeId id : sorted) {
            NodeRef ann = nodes.get(id);
            nodeList.add(new Snapshot.Node(id, ann != null && ann.timestamp() <= at ? ann : null));
        }
        return new Snapshot(at, maxAge, out, nodeList);
    }

    private static UpdateRef live(UpdateRef u, long at, MaxAge maxAge) {
        return u != null && u.timestamp() <= at && maxAge.live(u.timestamp(), at) ? u : null;
    }

    /** Every delta whose join rebuilds this state: its content as deltas, in a stable order. */
    public List<Delta> asDeltas() {
        List<Delta> out = new ArrayList<>();
        for (Map.Entry<Long, Slot> e : channels.entrySet()) {
            Slot s = e.getValue();
            if (s.announcement != null) {
                out.add(new Delta.ChannelAnnounced(s.announcement));
            }
            for (UpdateRef h : s.halves) {
                if (h != null) {
                    out.add(new Delta.HalfChannelUpdated(h));
                }
            }
            if (s.closedAt != Long.MAX_VALUE) {
                out.add(new Delta.ChannelClosed(e.getKey(), s.closedAt));
            }
        }
        for (NodeRef n : nodes.values()) {
            out.add(new Delta.NodeAnnounced(n));
        }
        return Collections.unmodifiableList(out);
    }

    /** Scids with anything known (announced, updated or closed). */
    public int scidCount() {
        return channels.size();
    }

    public int announcedChannelCount() {
        int n = 0;
        for (Slot s : channels.values()) {
            if (s.announcement != null) {
                n++;
            }
        }
        return n;
    }

    public int halfChannelCount() {
        int n = 0;
        for (Slot s : channels.values()) {
            n += (s.halves[0] != null ? 1 : 0) + (s.halves[1] != null ? 1 : 0);
        }
        return n;
    }

    public int nodeCount() {
        return nodes.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GraphState other && channels.equals(other.channels) && nodes.equals(other.nodes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(channels, nodes);
    }

    @Override
    public String toString() {
        return "GraphState[" + scidCount() + " scids, " + halfChannelCount() + " half-channels, " + nodeCount()
                + " nodes]";
    }
}
