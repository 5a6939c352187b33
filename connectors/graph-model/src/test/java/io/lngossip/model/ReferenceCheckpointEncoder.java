package io.lngossip.model;

import io.lngossip.codec.NodeId;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * docs/FORMAT.md's checkpoint encoding written the plain way (sorted sets, a stream per record), to hold the
 * codec's optimised encoder to the same bytes.
 */
final class ReferenceCheckpointEncoder {

    private ReferenceCheckpointEncoder() {}

    static byte[] encode(Checkpoint checkpoint) {
        TreeSet<NodeId> nodeIds = new TreeSet<>();
        List<ChannelRef> channels = new ArrayList<>();
        List<UpdateRef> halves = new ArrayList<>();
        List<NodeRef> nodes = new ArrayList<>();
        List<Delta.ChannelClosed> closes = new ArrayList<>();
        for (Delta d : checkpoint.stateView().asDeltas()) {
            if (d instanceof Delta.ChannelAnnounced a) {
                channels.add(a.ref());
                nodeIds.add(a.ref().nodeId1());
                nodeIds.add(a.ref().nodeId2());
            } else if (d instanceof Delta.HalfChannelUpdated u) {
                halves.add(u.ref());
            } else if (d instanceof Delta.NodeAnnounced n) {
                nodes.add(n.ref());
                nodeIds.add(n.ref().nodeId());
            } else {
                closes.add((Delta.ChannelClosed) d);
            }
        }
        TreeMap<NodeId, Integer> index = new TreeMap<>();
        for (NodeId id : nodeIds) {
            index.put(id, index.size());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'L', 'N', 'G', 'C', 1});

        ByteArrayOutputStream header = new ByteArrayOutputStream();
        long instant = checkpoint.instant();
        for (int i = 7; i >= 0; i--) {
            header.write((int) (instant >>> (8 * i)));
        }
        header.write(1); // references are 32-byte gossip ids
        record(out, 1, header);

        ByteArrayOutputStream b = new ByteArrayOutputStream();
        varint(b, nodeIds.size());
        nodeIds.forEach(id -> b.writeBytes(id.toArray()));
        record(out, 2, b);

        b.reset();
        varint(b, channels.size());
        long previous = 0;
        for (ChannelRef c : channels) {
            varint(b, c.scid() - previous);
            b.writeBytes(c.id().toArray());
            varint(b, index.get(c.nodeId1()));
            varint(b, index.get(c.nodeId2()));
            previous = c.scid();
        }
        record(out, 3, b);

        b.reset();
        varint(b, halves.size());
        previous = 0;
        for (UpdateRef u : halves) {
            varint(b, u.scid() - previous);
            b.write(u.direction());
            varint(b, u.timestamp());
            b.writeBytes(u.id().toArray());
            previous = u.scid();
        }
        record(out, 4, b);

        b.reset();
        varint(b, nodes.size());
        for (NodeRef n : nodes) {
            varint(b, index.get(n.nodeId()));
            varint(b, n.timestamp());
            b.writeBytes(n.id().toArray());
        }
        record(out, 5, b);

        b.reset();
        varint(b, closes.size());
        previous = 0;
        for (Delta.ChannelClosed c : closes) {
            varint(b, c.scid() - previous);
            varint(b, c.closedAt());
            previous = c.scid();
        }
        record(out, 6, b);
        return out.toByteArray();
    }

    private static void record(ByteArrayOutputStream out, int type, ByteArrayOutputStream body) {
        out.write(type);
        varint(out, body.size());
        out.writeBytes(body.toByteArray());
    }

    /** Unsigned LEB128. */
    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
