package io.lngossip.model;

import io.lngossip.codec.NodeId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
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
    private final TreeMap<Long, Slot> channels;
    /**
     * Every node id the state names, as a channel's endpoint or as an announced node, in ascending order: the
     * checkpoint's dictionary, kept as the state changes instead of gathered and sorted for every checkpoint.
     */
    private final TreeMap<NodeId, Node> nodes;
    /**
     * The same slots and dictionary entries by hash, for the lookup of every delta joined: a descent of the trees
     * costs a cache miss or two a level (boxed keys, 33-byte ids), about 16 levels at mainnet scale, and was most of
     * a join (JFR of a catch-up). The trees stay for the orders the encoder and the snapshot need.
     */
    private final HashMap<Long, Slot> slotIndex;
    private final HashMap<NodeId, Node> nodeIndex;
    /** Nodes with an announcement. */
    private int announcedNodes;
    /** The next {@link Node#serial}. */
    private int serials;

    /** What is known of one scid. */
    static final class Slot {
        ChannelRef announcement;
        /** The dictionary entries of the announcement's two node ids (null without an announcement). */
        Node end1;
        Node end2;
        final UpdateRef[] halves = new UpdateRef[2];
        long closedAt = Long.MAX_VALUE;

        /** A copy whose endpoints are {@code bySerial}'s entries (a copied state's). */
        Slot copy(Node[] bySerial) {
            Slot s = new Slot();
            s.announcement = announcement;
            s.end1 = end1 == null ? null : bySerial[end1.serial];
            s.end2 = end2 == null ? null : bySerial[end2.serial];
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

    /**
     * One node id of the dictionary: its latest announcement, if any, and how many channel announcements name it.
     * The {@link #serial} numbers entries within one state (and its copies) so that a pass over the state can keep
     * per-node values in an array instead of a hash map.
     */
    static final class Node {
        final NodeId id;
        final int serial;
        NodeRef announcement;
        int channels;

        Node(NodeId id, int serial) {
            this.id = id;
            this.serial = serial;
        }

        /** Whether nothing names this id any more: no channel announcement and no announcement of its own. */
        boolean unnamed() {
            return channels == 0 && announcement == null;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Node other && id.equals(other.id) && Objects.equals(announcement, other.announcement);
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, announcement);
        }
    }

    public GraphState() {
        this(new TreeMap<>(Long::compareUnsigned), new TreeMap<>(), 0, 0);
    }

    private GraphState(TreeMap<Long, Slot> channels, TreeMap<NodeId, Node> nodes, int announcedNodes, int serials) {
        this.channels = channels;
        this.nodes = nodes;
        this.slotIndex = new HashMap<>(channels);
        this.nodeIndex = new HashMap<>(nodes);
        this.announcedNodes = announcedNodes;
        this.serials = serials;
    }

    /** A deep copy (refs are immutable and shared). */
    public GraphState copy() {
        // the sorted-map constructors build their trees in linear time, without comparing keys
        Node[] bySerial = new Node[serials];
        TreeMap<NodeId, Node> n = new TreeMap<>(nodes);
        n.replaceAll((id, v) -> {
            Node c = new Node(id, v.serial);
            c.announcement = v.announcement;
            c.channels = v.channels;
            bySerial[v.serial] = c;
            return c;
        });
        TreeMap<Long, Slot> ch = new TreeMap<>(channels);
        ch.replaceAll((scid, v) -> v.copy(bySerial));
        return new GraphState(ch, n, announcedNodes, serials);
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
            Node node = nodeIndex.get(n.ref().nodeId());
            if (!n.ref().beats(node == null ? null : node.announcement)) {
                return false;
            }
            if (write) {
                announce(node != null ? node : entry(n.ref().nodeId()), n.ref());
            }
            return true;
        }
        long scid = delta instanceof Delta.HalfChannelUpdated u ? u.ref().scid()
                : delta instanceof Delta.ChannelAnnounced a ? a.ref().scid() : ((Delta.ChannelClosed) delta).scid();
        Slot s = write ? slot(scid) : slotIndex.getOrDefault(scid, EMPTY);
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
                announce(s, a.ref(), entry(a.ref().nodeId1()), entry(a.ref().nodeId2()));
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

    /**
     * Joins a channel announcement whose endpoints' entries the caller holds ({@link CheckpointCodec#decode}, from
     * its dictionary; they must be this state's entries of the ref's node ids).
     */
    void apply(ChannelRef ref, Node e1, Node e2) {
        Slot s = slot(ref.scid());
        if (ref.beats(s.announcement)) {
            announce(s, ref, e1, e2);
        }
    }

    /** Joins a node announcement whose entry the caller holds (this state's entry of the ref's node id). */
    void apply(Node node, NodeRef ref) {
        if (ref.beats(node.announcement)) {
            announce(node, ref);
        }
    }

    /** Sets a node's announcement. */
    private void announce(Node node, NodeRef ref) {
        if (node.announcement == null) {
            announcedNodes++;
        }
        node.announcement = ref;
    }

    /** Sets a slot's announcement, whose endpoints are the entries {@code e1} and {@code e2}. */
    private void announce(Slot s, ChannelRef ref, Node e1, Node e2) {
        // the new endpoints counted before the old ones are released, so an entry both name stays
        e1.channels++;
        e2.channels++;
        if (s.announcement != null) {
            release(s.end1);
            release(s.end2);
        }
        s.announcement = ref;
        s.end1 = e1;
        s.end2 = e2;
    }

    private void release(Node node) {
        node.channels--;
        if (node.unnamed()) {
            nodes.remove(node.id);
            nodeIndex.remove(node.id);
        }
    }

    /** The dictionary entry of {@code id}, added (named by nothing yet) if absent. */
    Node entry(NodeId id) {
        Node node = nodeIndex.get(id);
        if (node == null) {
            node = new Node(id, serials++);
            nodes.put(id, node);
            nodeIndex.put(id, node);
        }
        return node;
    }

    /** Removes the entries that nothing names (a decoder's dictionary may hold more than its records use). */
    void pruneDictionary() {
        nodes.values().removeIf(Node::unnamed);
        nodeIndex.values().removeIf(Node::unnamed);
    }

    /** The dictionary, by ascending node id. */
    Collection<Node> dictionary() {
        return nodes.values();
    }

    /** Above every {@link Node#serial} of this state. */
    int serialLimit() {
        return serials;
    }

    /** Every scid with anything known, ascending (unsigned). */
    Set<Map.Entry<Long, Slot>> slots() {
        return channels.entrySet();
    }

    /** Read-only stand-in for a scid nothing is known of. */
    private static final Slot EMPTY = new Slot();

    private Slot slot(long scid) {
        Slot s = slotIndex.get(scid);
        if (s == null) {
            s = new Slot();
            slotIndex.put(scid, s);
            channels.put(scid, s);
        }
        return s;
    }

    /** The snapshot at {@code at}; this state must be the state at {@code at}. */
    public Snapshot snapshot(long at, MaxAge maxAge) {
        Objects.requireNonNull(maxAge, "maxAge cannot be null");
        List<Snapshot.Channel> out = new ArrayList<>();
        // the endpoints marked by serial, then read off the dictionary in its order: no hashing, no sorting
        boolean[] endpoint = new boolean[serials];
        int endpoints = 0;
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
            if (!endpoint[s.end1.serial]) {
                endpoint[s.end1.serial] = true;
                endpoints++;
            }
            if (!endpoint[s.end2.serial]) {
                endpoint[s.end2.serial] = true;
                endpoints++;
            }
        }
        List<Snapshot.Node> nodeList = new ArrayList<>(endpoints);
        for (Node n : nodes.values()) {
            if (endpoint[n.serial]) {
                NodeRef ann = n.announcement;
                nodeList.add(new Snapshot.Node(n.id, ann != null && ann.timestamp() <= at ? ann : null));
            }
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
        for (Node n : nodes.values()) {
            if (n.announcement != null) {
                out.add(new Delta.NodeAnnounced(n.announcement));
            }
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
        return announcedNodes;
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
