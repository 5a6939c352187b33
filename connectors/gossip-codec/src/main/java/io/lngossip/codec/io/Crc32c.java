package io.lngossip.codec.io;

/**
 * CRC-32C (Castagnoli) with a caller-given starting value, as Core Lightning computes its gossip_store checksums:
 * {@code crc32c(timestamp, message)}. {@link java.util.zip.CRC32C} cannot be seeded, hence this table-driven one.
 */
final class Crc32c {
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ 0x82F63B78 : c >>> 1;
            }
            TABLE[i] = c;
        }
    }

    private Crc32c() {}

    /** The CRC-32C of {@code data} continuing from {@code seed} (0 for a plain CRC-32C). */
    static int compute(int seed, byte[] data) {
        int crc = ~seed;
        for (byte b : data) {
            crc = TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8);
        }
        return ~crc;
    }
}
