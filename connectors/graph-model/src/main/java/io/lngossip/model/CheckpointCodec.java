package io.lngossip.model;

import io.lngossip.codec.GossipId;
import io.lngossip.codec.NodeId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The binary encoding of a {@link Checkpoint}, version 1, as docs/FORMAT.md describes: a magic and a version byte,
 * then typed, length-prefixed records, so a reader skips the record types it does not know. References only: 32-byte
 * gossip ids, node ids through a dictionary, scids delta-encoded in ascending order.
 */
public final class CheckpointCodec {
    static final byte[] MAGIC = {'L', 'N', 'G', 'C'};
    public static final int VERSION = 1;

    static final int HEADER = 1;
    static final int NODE_IDS = 2;
    static final int CHANNELS = 3;
    static final int HALF_CHANNELS = 4;
    static final int NODE_ANNOUNCEMENTS = 5;
    static final int CLOSES = 6;

    /** Reference kind of version 1: the 32-byte gossip_id. */
    static final int REF_GOSSIP_ID = 1;

    private CheckpointCodec() {}

    /** Thrown for bytes that are not a checkpoint this reader understands. */
    public static final class CheckpointFormatException extends RuntimeException {
        public CheckpointFormatException(String message) {
            super(message);
        }
    }

    public static byte[] encode(Checkpoint checkpoint) {
        Objects.requireNonNull(checkpoint, "checkpoint cannot be null");
        GraphState state = checkpoint.stateView();

        // the state keeps its dictionary sorted; its entries' positions, by serial, are the indexes (an array, not a
        // hash map: this runs for every checkpoint the job writes, megabytes at mainnet scale); one pass numbers the
        // entries and writes the two records keyed by node
        int[] index = new int[state.serialLimit()];
        Writer nodeIds = new Writer(NodeId.LENGTH * state.dictionary().size());
        Writer nodes = new Writer(40 * state.nodeCount());
        int i = 0;
        long nodeCount = 0;
        for (GraphState.Node n : state.dictionary()) {
            index[n.serial] = i;
            nodeIds.nodeId(n.id);
            if (n.announcement != null) {
                nodes.varint(i).varint(n.announcement.timestamp()).gossipId(n.announcement.id());
                nodeCount++;
            }
            i++;
        }
        int scids = state.scidCount();
        Writer channels = new Writer(44 * scids);
        Writer halves = new Writer(2 * 44 * scids);
        Writer closes = new Writer(64);
        long channelCount = 0;
        long halfCount = 0;
        long closeCount = 0;
        long previousChannel = 0;
        long previousHalf = 0;
        long previousClose = 0;
        // one pass over the scids writes the three records keyed by them
        for (Map.Entry<Long, GraphState.Slot> e : state.slots()) {
            long scid = e.getKey();
            GraphState.Slot s = e.getValue();
            if (s.announcement != null) {
                channels.varint(scid - previousChannel).gossipId(s.announcement.id())
                        .varint(index[s.end1.serial]).varint(index[s.end2.serial]);
                previousChannel = scid;
                channelCount++;
            }
            for (UpdateRef u : s.halves) {
                if (u != null) {
                    halves.varint(scid - previousHalf).u8(u.direction()).varint(u.timestamp()).gossipId(u.id());
                    previousHalf = scid;
                    halfCount++;
                }
            }
            if (s.closedAt != Long.MAX_VALUE) {
                closes.varint(scid - previousClose).varint(s.closedAt);
                previousClose = scid;
                closeCount++;
            }
        }

        Writer out = new Writer(64 + nodeIds.size + channels.size + halves.size + nodes.size + closes.size);
        out.bytes(MAGIC).u8(VERSION);
        Writer w = new Writer(16);
        w.i64(checkpoint.instant()).u8(REF_GOSSIP_ID);
        out.record(HEADER, w);
        out.record(NODE_IDS, i, nodeIds);
        out.record(CHANNELS, channelCount, channels);
        out.record(HALF_CHANNELS, halfCount, halves);
        out.record(NODE_ANNOUNCEMENTS, nodeCount, nodes);
        out.record(CLOSES, closeCount, closes);
        return out.toByteArray();
    }

    /**
     * Decodes a checkpoint.
     *
     * @throws CheckpointFormatException if the magic or version is wrong, or a known record is malformed
     */
    public static Checkpoint decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes cannot be null");
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < 5 || bytes[0] != 'L' || bytes[1] != 'N' || bytes[2] != 'G' || bytes[3] != 'C') {
            throw new CheckpointFormatException("not a checkpoint: bad magic");
        }
        in.position(4);
        int version = in.get() & 0xff;
        if (version != VERSION) {
            throw new CheckpointFormatException("unsupported checkpoint version " + version + " (this reader knows "
                    + VERSION + ")");
        }
        Long instant = null;
        List<GraphState.Node> dictionary = new ArrayList<>();
        GraphState state = new GraphState();
        try {
            while (in.hasRemaining()) {
                int type = in.get() & 0xff;
                long length = readVarint(in);
                if (length > in.remaining()) {
                    throw new CheckpointFormatException("record " + type + " runs past the end");
                }
                ByteBuffer body = in.slice(in.position(), (int) length);
                in.position(in.position() + (int) length);
                switch (type) {
                    case HEADER -> {
                        instant = body.getLong();
                        int refKind = body.get() & 0xff;
                        if (refKind != REF_GOSSIP_ID) {
                            throw new CheckpointFormatException("unknown reference kind " + refKind);
                        }
                    }
                    case NODE_IDS -> {
                        long n = readVarint(body);
                        for (long i = 0; i < n; i++) {
                            byte[] id = new byte[NodeId.LENGTH];
                            body.get(id);
                            dictionary.add(state.entry(NodeId.of(id)));
                        }
                    }
                    case CHANNELS -> {
                        long n = readVarint(body);
                        long scid = 0;
                        for (long i = 0; i < n; i++) {
                            scid += readVarint(body);
                            GossipId id = readId(body);
                            GraphState.Node n1 = dictionary.get((int) readVarint(body));
                            GraphState.Node n2 = dictionary.get((int) readVarint(body));
                            state.apply(new ChannelRef(scid, id, n1.id, n2.id), n1, n2);
                        }
                    }
                    case HALF_CHANNELS -> {
                        long n = readVarint(body);
                        long scid = 0;
                        for (long i = 0; i < n; i++) {
                            scid += readVarint(body);
                            int direction = body.get() & 0xff;
                            long ts = readVarint(body);
                            state.apply(new Delta.HalfChannelUpdated(new UpdateRef(scid, direction, ts,
                                    readId(body))));
                        }
                    }
                    case NODE_ANNOUNCEMENTS -> {
                        long n = readVarint(body);
                        for (long i = 0; i < n; i++) {
                            GraphState.Node node = dictionary.get((int) readVarint(body));
                            long ts = readVarint(body);
                            state.apply(node, new NodeRef(node.id, ts, readId(body)));
                        }
                    }
                    case CLOSES -> {
                        long n = readVarint(body);
                        long scid = 0;
                        for (long i = 0; i < n; i++) {
                            scid += readVarint(body);
                            state.apply(new Delta.ChannelClosed(scid, readVarint(body)));
                        }
                    }
                    default -> {
                        // a newer writer's record: skipped, as the reader rules say
                    }
                }
            }
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new CheckpointFormatException("malformed checkpoint: " + e);
        }
        if (instant == null) {
            throw new CheckpointFormatException("checkpoint without header record");
        }
        state.pruneDictionary();
        return new Checkpoint(instant, state);
    }

    private static GossipId readId(ByteBuffer in) {
        byte[] id = new byte[GossipId.LENGTH];
        in.get(id);
        return GossipId.fromBytes(id);
    }

    static long readVarint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new CheckpointFormatException("varint longer than 10 bytes");
    }

    /**
     * Unsigned LEB128 and big-endian fixed-width writers into an unsynchronized, growable byte buffer
     * (ByteArrayOutputStream synchronizes every byte written, and the encoder writes a checkpoint a few bytes at a time).
     */
    private static final class Writer {
        private byte[] buf;
        private int size;

        Writer(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        Writer varint(long v) {
            ensure(10);
            while ((v & ~0x7fL) != 0) {
                buf[size++] = (byte) ((v & 0x7f) | 0x80);
                v >>>= 7;
            }
            buf[size++] = (byte) v;
            return this;
        }

        Writer u8(int v) {
            ensure(1);
            buf[size++] = (byte) v;
            return this;
        }

        Writer i64(long v) {
            ensure(8);
            for (int i = 7; i >= 0; i--) {
                buf[size++] = (byte) (v >>> (8 * i));
            }
            return this;
        }

        Writer bytes(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
            return this;
        }

        Writer gossipId(GossipId id) {
            ensure(GossipId.LENGTH);
            id.copyTo(buf, size);
            size += GossipId.LENGTH;
            return this;
        }

        Writer nodeId(NodeId id) {
            ensure(NodeId.LENGTH);
            id.copyTo(buf, size);
            size += NodeId.LENGTH;
            return this;
        }

        /** A record: its type, the varint length of {@code body}, then the body. */
        Writer record(int type, Writer body) {
            u8(type).varint(body.size);
            return append(body);
        }

        /** A record of {@code count} entries: its type, its length, the varint count, then the entries. */
        Writer record(int type, long count, Writer entries) {
            u8(type).varint(varintLength(count) + entries.size).varint(count);
            return append(entries);
        }

        private Writer append(Writer body) {
            ensure(body.size);
            System.arraycopy(body.buf, 0, buf, size, body.size);
            size += body.size;
            return this;
        }

        static int varintLength(long v) {
            int n = 1;
            while ((v & ~0x7fL) != 0) {
                v >>>= 7;
                n++;
            }
            return n;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, size);
        }
    }
}
