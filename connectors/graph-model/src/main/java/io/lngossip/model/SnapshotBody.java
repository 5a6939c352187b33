package io.lngossip.model;

import io.lngossip.codec.GossipId;
import io.lngossip.codec.NodeId;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A materialized body: the message bytes of a state's half-channels and node announcements, in snapshot order, split
 * into chunks (docs/FORMAT.md "Snapshot body"). A usable body is as exact as the checkpoint it was written from, so
 * its records ({@link #load}) may stand for the state's halves and nodes in {@link Reconstruction}; a reader that only
 * wants bytes ({@link #read}) takes a record's bytes only when its key, timestamp and gossip_id equal the reference it
 * needs.
 *
 * <p>Record order: half-channels by ascending (scid unsigned, direction), then node announcements by ascending node_id;
 * records never span chunks.
 */
public final class SnapshotBody {
    public static final int VERSION = 1;
    /** Chunks are cut after this many bytes (1 MiB), so a reader holds one at a time. */
    public static final int CHUNK_BYTES = 1 << 20;

    static final int HALF = 1;
    static final int NODE = 2;

    private SnapshotBody() {}

    /** One record: a half-channel's update (node null) or a node's announcement (scid 0, direction 0). */
    public record Entry(int kind, long scid, int direction, NodeId node, long timestamp, GossipId id, byte[] raw) {
        public boolean isHalf() {
            return kind == HALF;
        }

        /** True when this record holds exactly the message {@code ref} names. */
        public boolean holds(MessageRef ref) {
            if (ref instanceof UpdateRef u) {
                return kind == HALF && u.scid() == scid && u.direction() == direction && u.timestamp() == timestamp
                        && u.id().equals(id);
            }
            return ref instanceof NodeRef n && kind == NODE && n.nodeId().equals(node) && n.timestamp() == timestamp
                    && n.id().equals(id);
        }
    }

    /** Writes records in order into chunks. */
    public static final class Writer {
        private final int chunkBytes;
        private final List<byte[]> chunks = new ArrayList<>();
        private ByteArrayOutputStream current = new ByteArrayOutputStream();
        private int halves;
        private int nodes;
        private long bytes;
        private boolean inNodes;
        private long lastScid;
        private int lastDirection = -1;
        private NodeId lastNode;

        public Writer() {
            this(CHUNK_BYTES);
        }

        Writer(int chunkBytes) {
            if (chunkBytes <= 0) {
                throw new IllegalArgumentException("chunkBytes must be positive");
            }
            this.chunkBytes = chunkBytes;
        }

        public Writer half(UpdateRef ref, byte[] raw) {
            Objects.requireNonNull(ref, "ref cannot be null");
            Objects.requireNonNull(raw, "raw cannot be null");
            if (inNodes || (lastDirection >= 0 && (Long.compareUnsigned(ref.scid(), lastScid) < 0
                    || (ref.scid() == lastScid && ref.direction() <= lastDirection)))) {
                throw new IllegalArgumentException("half-channel " + ref + " out of order");
            }
            lastScid = ref.scid();
            lastDirection = ref.direction();
            current.write(HALF);
            i64(ref.scid());
            current.write(ref.direction());
            varint(ref.timestamp());
            current.writeBytes(ref.id().toArray());
            body(raw);
            halves++;
            return this;
        }

        public Writer node(NodeRef ref, byte[] raw) {
            Objects.requireNonNull(ref, "ref cannot be null");
            Objects.requireNonNull(raw, "raw cannot be null");
            if (lastNode != null && ref.nodeId().compareTo(lastNode) <= 0) {
                throw new IllegalArgumentException("node " + ref.nodeId() + " out of order");
            }
            inNodes = true;
            lastNode = ref.nodeId();
            current.write(NODE);
            current.writeBytes(ref.nodeId().toArray());
            varint(ref.timestamp());
            current.writeBytes(ref.id().toArray());
            body(raw);
            nodes++;
            return this;
        }

        /** The chunks written; the writer is done. */
        public List<byte[]> finish() {
            if (current.size() > 0) {
                bytes += current.size();
                chunks.add(current.toByteArray());
                current = new ByteArrayOutputStream();
            }
            return List.copyOf(chunks);
        }

        public int halves() {
            return halves;
        }

        public int nodes() {
            return nodes;
        }

        /** Bytes of all chunks so far. */
        public long bytes() {
            return bytes + current.size();
        }

        private void body(byte[] raw) {
            varint(raw.length);
            current.writeBytes(raw);
            if (current.size() >= chunkBytes) {
                bytes += current.size();
                chunks.add(current.toByteArray());
                current = new ByteArrayOutputStream();
            }
        }

        private void i64(long v) {
            for (int i = 7; i >= 0; i--) {
                current.write((int) (v >>> (8 * i)));
            }
        }

        private void varint(long v) {
            while ((v & ~0x7fL) != 0) {
                current.write((int) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            current.write((int) v);
        }
    }

    /**
     * A body read whole: every record's reference, in body order, and where its message bytes lie in the chunks, which
     * are kept as read (no per-record copy). Built by {@link #load}, which checks the record order, so a body that
     * loads is a valid state's halves and nodes in snapshot order. Immutable.
     */
    public static final class Loaded {
        private final List<byte[]> chunks;
        private final List<UpdateRef> halves;
        private final List<NodeRef> nodes;
        /** Per record (halves first, then nodes): its chunk, offset and length of its bytes. */
        private final int[] chunk;
        private final int[] offset;
        private final int[] length;

        private Loaded(List<byte[]> chunks, List<UpdateRef> halves, List<NodeRef> nodes, int[] chunk, int[] offset,
                int[] length) {
            this.chunks = chunks;
            this.halves = halves;
            this.nodes = nodes;
            this.chunk = chunk;
            this.offset = offset;
            this.length = length;
        }

        /** How many chunks were read. */
        public int chunks() {
            return chunks.size();
        }

        /** The half-channels' updates, by ascending (scid unsigned, direction). */
        public List<UpdateRef> halves() {
            return halves;
        }

        /** The node announcements, by ascending node_id. */
        public List<NodeRef> nodes() {
            return nodes;
        }

        /** Writes the bytes of the {@code i}th half-channel's update. */
        public void writeHalf(int i, RawSink sink) throws java.io.IOException {
            write(i, sink);
        }

        /** Writes the bytes of the {@code i}th node announcement. */
        public void writeNode(int i, RawSink sink) throws java.io.IOException {
            write(halves.size() + i, sink);
        }

        /** A copy of the {@code i}th half-channel's update bytes. */
        public byte[] halfBytes(int i) {
            return java.util.Arrays.copyOfRange(chunks.get(chunk[i]), offset[i], offset[i] + length[i]);
        }

        private void write(int record, RawSink sink) throws java.io.IOException {
            sink.write(chunks.get(chunk[record]), offset[record], length[record]);
        }
    }

    /** Takes a message's bytes as a slice of a larger array (which it must not keep or change). */
    @FunctionalInterface
    public interface RawSink {
        void write(byte[] buffer, int offset, int length) throws java.io.IOException;
    }

    /**
     * Reads a whole body (every chunk held, as {@link Loaded} keeps them).
     *
     * @throws CheckpointCodec.CheckpointFormatException for a damaged chunk or records out of order
     */
    public static Loaded load(Iterator<byte[]> chunks) {
        Objects.requireNonNull(chunks, "chunks cannot be null");
        List<byte[]> kept = new ArrayList<>();
        List<UpdateRef> halves = new ArrayList<>();
        List<NodeRef> nodes = new ArrayList<>();
        IntList chunk = new IntList();
        IntList offset = new IntList();
        IntList length = new IntList();
        UpdateRef lastHalf = null;
        NodeRef lastNode = null;
        byte[] idBytes = new byte[GossipId.LENGTH];
        while (chunks.hasNext()) {
            byte[] data = chunks.next();
            int index = kept.size();
            kept.add(data);
            ByteBuffer in = ByteBuffer.wrap(data);
            try {
                while (in.hasRemaining()) {
                    int kind = in.get() & 0xff;
                    if (kind == HALF) {
                        long scid = in.getLong();
                        int direction = in.get() & 0xff;
                        long ts = CheckpointCodec.readVarint(in);
                        in.get(idBytes);
                        UpdateRef ref = new UpdateRef(scid, direction, ts, GossipId.fromBytes(idBytes));
                        if (lastNode != null || (lastHalf != null && (Long.compareUnsigned(scid, lastHalf.scid()) < 0
                                || (scid == lastHalf.scid() && direction <= lastHalf.direction())))) {
                            throw new CheckpointCodec.CheckpointFormatException("body record " + ref + " out of order");
                        }
                        lastHalf = ref;
                        halves.add(ref);
                    } else if (kind == NODE) {
                        NodeId node = NodeId.of(data, in.position());
                        in.position(in.position() + NodeId.LENGTH);
                        long ts = CheckpointCodec.readVarint(in);
                        in.get(idBytes);
                        NodeRef ref = new NodeRef(node, ts, GossipId.fromBytes(idBytes));
                        if (lastNode != null && ref.nodeId().compareTo(lastNode.nodeId()) <= 0) {
                            throw new CheckpointCodec.CheckpointFormatException("body record " + ref + " out of order");
                        }
                        lastNode = ref;
                        nodes.add(ref);
                    } else {
                        throw new CheckpointCodec.CheckpointFormatException("unknown body record kind " + kind);
                    }
                    long n = CheckpointCodec.readVarint(in);
                    if (n > in.remaining()) {
                        throw new CheckpointCodec.CheckpointFormatException("body record runs past its chunk");
                    }
                    chunk.add(index);
                    offset.add(in.position());
                    length.add((int) n);
                    in.position(in.position() + (int) n);
                }
            } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
                throw new CheckpointCodec.CheckpointFormatException("malformed body chunk: " + e);
            }
        }
        // records are read halves first, then nodes, so the position arrays follow that order too
        return new Loaded(List.copyOf(kept), List.copyOf(halves), List.copyOf(nodes), chunk.toArray(),
                offset.toArray(), length.toArray());
    }

    /** A growable int array. */
    private static final class IntList {
        private int[] values = new int[1024];
        private int size;

        void add(int v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }

    /**
     * Reads records from chunks as they come (one chunk held at a time).
     *
     * @throws CheckpointCodec.CheckpointFormatException from {@link Iterator#next} for a damaged chunk
     */
    public static Iterator<Entry> read(Iterator<byte[]> chunks) {
        Objects.requireNonNull(chunks, "chunks cannot be null");
        return new Iterator<>() {
            private ByteBuffer in = ByteBuffer.allocate(0);

            @Override
            public boolean hasNext() {
                while (!in.hasRemaining() && chunks.hasNext()) {
                    in = ByteBuffer.wrap(chunks.next());
                }
                return in.hasRemaining();
            }

            @Override
            public Entry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                try {
                    int kind = in.get() & 0xff;
                    if (kind == HALF) {
                        long scid = in.getLong();
                        int direction = in.get() & 0xff;
                        long ts = CheckpointCodec.readVarint(in);
                        return new Entry(HALF, scid, direction, null, ts, id(), raw());
                    }
                    if (kind == NODE) {
                        byte[] node = new byte[NodeId.LENGTH];
                        in.get(node);
                        long ts = CheckpointCodec.readVarint(in);
                        return new Entry(NODE, 0, 0, NodeId.of(node), ts, id(), raw());
                    }
                    throw new CheckpointCodec.CheckpointFormatException("unknown body record kind " + kind);
                } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
                    throw new CheckpointCodec.CheckpointFormatException("malformed body chunk: " + e);
                }
            }

            private GossipId id() {
                byte[] id = new byte[GossipId.LENGTH];
                in.get(id);
                return GossipId.fromBytes(id);
            }

            private byte[] raw() {
                long length = CheckpointCodec.readVarint(in);
                if (length > in.remaining()) {
                    throw new CheckpointCodec.CheckpointFormatException("body record runs past its chunk");
                }
                byte[] raw = new byte[(int) length];
                in.get(raw);
                return raw;
            }
        };
    }
}
