package io.lngossip.codec;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A message's identity: SHA-256 of the whole message (type included, every trailing byte included). Ordered as
 * unsigned bytes: among messages competing for one slot, the smallest gossip_id is canonical.
 */
public final class GossipId implements Comparable<GossipId> {
    public static final int LENGTH = 32;

    private final byte[] hash;

    private GossipId(byte[] hash) {
        this.hash = hash;
    }

    /** The gossip_id of a message. */
    public static GossipId of(byte[] message) {
        Objects.requireNonNull(message, "message cannot be null");
        return new GossipId(sha256().digest(message));
    }

    /** A gossip_id from its 32 bytes (copied), e.g. as read back from storage. */
    public static GossipId fromBytes(byte[] hash) {
        Objects.requireNonNull(hash, "hash cannot be null");
        if (hash.length != LENGTH) {
            throw new IllegalArgumentException("gossip_id needs 32 bytes, got " + hash.length);
        }
        return new GossipId(hash.clone());
    }

    public static GossipId parse(String hex) {
        if (hex == null || hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("gossip_id must be 64 hex characters");
        }
        return new GossipId(Hex.decode(hex));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** A fresh copy of the 32 bytes. */
    public byte[] toArray() {
        return hash.clone();
    }

    /** Copies the 32 bytes into {@code target} at {@code offset}, without the allocation of {@link #toArray}. */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(hash, 0, target, offset, LENGTH);
    }

    public String hex() {
        return Hex.encode(hash);
    }

    @Override
    public int compareTo(GossipId other) {
        return Arrays.compareUnsigned(hash, other.hash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GossipId other && Arrays.equals(hash, other.hash);
    }

    @Override
    public int hashCode() {
        // SHA-256 output is uniform: its first bytes make a good hash.
        return (hash[0] & 0xff) << 24 | (hash[1] & 0xff) << 16 | (hash[2] & 0xff) << 8 | (hash[3] & 0xff);
    }

    @Override
    public String toString() {
        return hex();
    }
}
