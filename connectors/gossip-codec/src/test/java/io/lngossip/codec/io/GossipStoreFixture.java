package io.lngossip.codec.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** Writes gossip_store bytes for tests, record by record, with correct crcs unless told otherwise. */
public final class GossipStoreFixture {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public GossipStoreFixture(int version) {
        out.write(version);
    }

    /** Offset the next record will start at. */
    public long offset() {
        return out.size();
    }

    public GossipStoreFixture record(int flags, long timestamp, byte[] message) {
        return record(flags, timestamp, message, Crc32c.compute((int) timestamp, message));
    }

    public GossipStoreFixture record(int flags, long timestamp, byte[] message, int crc) {
        out.writeBytes(ByteBuffer.allocate(12).putShort((short) flags).putShort((short) message.length).putInt(crc)
                .putInt((int) timestamp).array());
        out.writeBytes(message);
        return this;
    }

    public static byte[] internal(int type, long... u64s) {
        ByteBuffer b = ByteBuffer.allocate(2 + 8 * u64s.length).putShort((short) type);
        for (long v : u64s) {
            b.putLong(v);
        }
        return b.array();
    }

    public static byte[] dying(long scid, int deadline) {
        return ByteBuffer.allocate(14).putShort((short) 4106).putLong(scid).putInt(deadline).array();
    }

    /** Appends raw bytes (a torn record, say). */
    public GossipStoreFixture raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    public byte[] bytes() {
        return out.toByteArray();
    }
}
