package io.lngossip.codec;

/**
 * A short_channel_id: funding block height (24 bits), transaction index in the block (24 bits) and output index
 * (16 bits) packed into a u64. Written {@code BLOCKxTXxOUTPUT}, e.g. {@code 534826x1197x0}. Ordered by the u64 value,
 * which is the order of block, then transaction, then output.
 *
 * @param value the u64 encoding, read as unsigned
 */
public record ShortChannelId(long value) implements Comparable<ShortChannelId> {

    private static final long MAX_BLOCK = 0xFFFFFFL;
    private static final long MAX_TX = 0xFFFFFFL;
    private static final long MAX_OUTPUT = 0xFFFFL;

    public static ShortChannelId of(long blockHeight, long txIndex, long outputIndex) {
        if (blockHeight < 0 || blockHeight > MAX_BLOCK) {
            throw new IllegalArgumentException("short_channel_id block height must be in [0, " + MAX_BLOCK + "]: " + blockHeight);
        }
        if (txIndex < 0 || txIndex > MAX_TX) {
            throw new IllegalArgumentException("short_channel_id transaction index must be in [0, " + MAX_TX + "]: " + txIndex);
        }
        if (outputIndex < 0 || outputIndex > MAX_OUTPUT) {
            throw new IllegalArgumentException("short_channel_id output index must be in [0, " + MAX_OUTPUT + "]: " + outputIndex);
        }
        return new ShortChannelId((blockHeight << 40) | (txIndex << 16) | outputIndex);
    }

    /**
     * Parses {@code BLOCKxTXxOUTPUT} or the decimal u64.
     *
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    public static ShortChannelId parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("short_channel_id is empty");
        }
        String[] parts = text.split("x", -1);
        if (parts.length == 3) {
            return of(component(parts[0], text), component(parts[1], text), component(parts[2], text));
        }
        if (parts.length == 1 && isDigits(text)) {
            try {
                return new ShortChannelId(Long.parseUnsignedLong(text));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("short_channel_id out of u64 range: " + text);
            }
        }
        throw new IllegalArgumentException(
                "short_channel_id must be BLOCKxTXxOUTPUT (e.g. 534826x1197x0) or a u64 integer: " + text);
    }

    private static long component(String part, String whole) {
        if (!isDigits(part) || part.length() > 8) {
            throw new IllegalArgumentException(
                    "short_channel_id must be BLOCKxTXxOUTPUT (e.g. 534826x1197x0) or a u64 integer: " + whole);
        }
        return Long.parseLong(part);
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    public long blockHeight() {
        return value >>> 40;
    }

    public long txIndex() {
        return (value >>> 16) & MAX_TX;
    }

    public long outputIndex() {
        return value & MAX_OUTPUT;
    }

    /** The u64 as an unsigned decimal string. */
    public String toUnsignedString() {
        return Long.toUnsignedString(value);
    }

    @Override
    public int compareTo(ShortChannelId other) {
        return Long.compareUnsigned(value, other.value);
    }

    @Override
    public String toString() {
        return blockHeight() + "x" + txIndex() + "x" + outputIndex();
    }
}
