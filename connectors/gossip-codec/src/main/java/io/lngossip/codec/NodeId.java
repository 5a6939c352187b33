package io.lngossip.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * A node id: a 33-byte compressed secp256k1 public key (first byte 0x02 or 0x03), written as 66 lowercase hex
 * characters. Ordered as unsigned bytes, which is the order of its hex text.
 */
public final class NodeId implements Comparable<NodeId> {
    public static final int LENGTH = 33;

    private final byte[] key;
    /** {@link Arrays#hashCode} of the key, or 0 until first asked for (a benign race, as in String). */
    private int hash;

    private NodeId(byte[] key) {
        this.key = key;
    }

    /**
     * A node id from its 33 bytes (copied).
     *
     * @throws IllegalArgumentException if the length or the prefix byte is wrong
     */
    public static NodeId of(byte[] key) {
        Objects.requireNonNull(key, "key cannot be null");
        return of(key, 0);
    }

    /** A node id from the 33 bytes of {@code source} at {@code offset} (copied). */
    public static NodeId of(byte[] source, int offset) {
        if (source.length - offset < LENGTH) {
            throw new IllegalArgumentException("node_id needs 33 bytes, got " + (source.length - offset));
        }
        byte prefix = source[offset];
        if (prefix != 0x02 && prefix != 0x03) {
            throw new IllegalArgumentException(
                    String.format("node_id must be a compressed public key (02 or 03 first), got %02x", prefix));
        }
        return new NodeId(Arrays.copyOfRange(source, offset, offset + LENGTH));
    }

    /**
     * Parses 66 hex characters, in either case.
     *
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    public static NodeId parse(String hex) {
        if (hex == null || hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("node_id must be 66 hex characters, got "
                    + (hex == null ? "nothing" : hex.length() + " characters"));
        }
        byte[] key;
        try {
            key = Hex.decode(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("node_id must be 66 hex characters: " + hex);
        }
        return of(key);
    }

    /** A fresh copy of the 33 bytes. */
    public byte[] toArray() {
        return key.clone();
    }

    public void copyTo(byte[] target, int offset) {
        System.arraycopy(key, 0, target, offset, LENGTH);
    }

    public String hex() {
        return Hex.encode(key);
    }

    @Override
    public int compareTo(NodeId other) {
        return Arrays.compareUnsigned(key, other.key);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof NodeId other && hashCode() == other.hashCode() && Arrays.equals(key, other.key);
    }

    @Override
    public int hashCode() {
        // cached, as String does (0 means not computed yet): the checkpoint encoder looks every node id of the
        // state up in a hash map for every checkpoint it writes
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(key);
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return hex();
    }
}
