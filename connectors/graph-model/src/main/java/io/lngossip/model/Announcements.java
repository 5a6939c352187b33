package io.lngossip.model;

import io.lngossip.codec.NodeId;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A state's channel announcements made ready for {@link Reconstruction}: the canonical announcement of each scid (the
 * smallest gossip_id, SEMANTICS §3) by ascending unsigned scid, with their endpoints numbered in a sorted dictionary of
 * node ids, so that a snapshot marks its channels' nodes in an array rather than a hash set and needs no sort. Built
 * once for many snapshots: the query service keeps one for each version of the {@code channels} table it read.
 * Immutable.
 */
public final class Announcements {
    private final ChannelRef[] channels;
    private final int[] end1;
    private final int[] end2;
    private final NodeId[] nodes;

    private Announcements(ChannelRef[] channels, int[] end1, int[] end2, NodeId[] nodes) {
        this.channels = channels;
        this.end1 = end1;
        this.end2 = end2;
        this.nodes = nodes;
    }

    /** The canonical announcement of each scid among {@code refs} (any order, any number per scid). */
    public static Announcements of(Collection<ChannelRef> refs) {
        Objects.requireNonNull(refs, "refs cannot be null");
        ChannelRef[] sorted = refs.toArray(new ChannelRef[0]);
        // per scid the canonical one first, so the first of each scid is kept (a sorted input costs one pass)
        Arrays.sort(sorted, (a, b) -> {
            int c = Long.compareUnsigned(a.scid(), b.scid());
            return c != 0 ? c : a.id().compareTo(b.id());
        });
        int n = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (n == 0 || sorted[i].scid() != sorted[n - 1].scid()) {
                sorted[n++] = sorted[i];
            }
        }
        ChannelRef[] channels = Arrays.copyOf(sorted, n);
        Map<NodeId, Integer> numbers = new HashMap<>();
        for (ChannelRef c : channels) {
            numbers.put(c.nodeId1(), 0);
            numbers.put(c.nodeId2(), 0);
        }
        NodeId[] nodes = numbers.keySet().toArray(new NodeId[0]);
        Arrays.sort(nodes);
        for (int k = 0; k < nodes.length; k++) {
            numbers.put(nodes[k], k);
        }
        int[] end1 = new int[n];
        int[] end2 = new int[n];
        for (int i = 0; i < n; i++) {
            end1[i] = numbers.get(channels[i].nodeId1());
            end2[i] = numbers.get(channels[i].nodeId2());
        }
        return new Announcements(channels, end1, end2, nodes);
    }

    /** How many channels (one announcement each). */
    public int size() {
        return channels.length;
    }

    /** The {@code i}-th announcement by ascending unsigned scid. */
    public ChannelRef get(int i) {
        return channels[i];
    }

    /** The dictionary number of the {@code i}-th announcement's node_id_1. */
    int end1(int i) {
        return end1[i];
    }

    /** The dictionary number of the {@code i}-th announcement's node_id_2. */
    int end2(int i) {
        return end2[i];
    }

    /** How many distinct endpoints the announcements name. */
    public int nodeCount() {
        return nodes.length;
    }

    /** The endpoint numbered {@code k}: the dictionary is by ascending node id. */
    public NodeId node(int k) {
        return nodes[k];
    }
}
