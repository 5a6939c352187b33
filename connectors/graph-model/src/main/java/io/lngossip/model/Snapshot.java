package io.lngossip.model;

import io.lngossip.codec.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Snapshot(T, maxAge): the network a well-behaved node would have known at T (SEMANTICS §4), by reference, in
 * canonical order: channels by ascending scid (unsigned), each with its live updates (direction 0, then 1); then the
 * nodes by ascending node_id. Two correct implementations produce equal snapshots, and so byte-identical answers.
 *
 * @param channels the channels in the snapshot, by ascending scid
 * @param nodes every endpoint of those channels, by ascending node_id, with its latest announcement or null
 */
public record Snapshot(long at, MaxAge maxAge, List<Channel> channels, List<Node> nodes) {

    public Snapshot {
        Objects.requireNonNull(maxAge, "maxAge cannot be null");
        channels = List.copyOf(channels);
        nodes = List.copyOf(nodes);
    }

    /** A channel of the snapshot: its announcement and its live halves (null when not live). */
    public record Channel(ChannelRef announcement, UpdateRef direction0, UpdateRef direction1) {
        public Channel {
            Objects.requireNonNull(announcement, "announcement cannot be null");
            if (direction0 == null && direction1 == null) {
                throw new IllegalArgumentException("a channel in a snapshot has at least one live half");
            }
        }

        public long scid() {
            return announcement.scid();
        }

        public UpdateRef half(int direction) {
            return direction == 0 ? direction0 : direction1;
        }
    }

    /** A node of the snapshot: an endpoint, with its latest node_announcement at T if it has one. */
    public record Node(NodeId nodeId, NodeRef announcement) {
        public Node {
            Objects.requireNonNull(nodeId, "nodeId cannot be null");
        }
    }

    /** The messages of the answer, in canonical order. */
    public List<MessageRef> messages() {
        List<MessageRef> out = new ArrayList<>(messageCount());
        for (Channel c : channels) {
            out.add(c.announcement());
            if (c.direction0() != null) {
                out.add(c.direction0());
            }
            if (c.direction1() != null) {
                out.add(c.direction1());
            }
        }
        for (Node n : nodes) {
            if (n.announcement() != null) {
                out.add(n.announcement());
            }
        }
        return out;
    }

    public int messageCount() {
        int n = 0;
        for (Channel c : channels) {
            n += 1 + (c.direction0() != null ? 1 : 0) + (c.direction1() != null ? 1 : 0);
        }
        for (Node node : nodes) {
            n += node.announcement() != null ? 1 : 0;
        }
        return n;
    }

    public int halfChannelCount() {
        int n = 0;
        for (Channel c : channels) {
            n += (c.direction0() != null ? 1 : 0) + (c.direction1() != null ? 1 : 0);
        }
        return n;
    }
}
