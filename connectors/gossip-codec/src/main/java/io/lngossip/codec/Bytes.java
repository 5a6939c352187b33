package io.lngossip.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable byte string: the opaque parts of a message (signatures, features, alias, addresses, TLV extensions).
 * Equal when the bytes are equal; ordered as unsigned bytes, shortest first on a common prefix.
 */
public final class Bytes implements Comparable<Bytes>, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] bytes;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Copies {@code bytes}. */
    public static Bytes of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes cannot be null");
        return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
    }

    /** Copies {@code length} bytes of {@code source} from {@code offset}. */
    public static Bytes of(byte[] source, int offset, int length) {
        return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(source, offset, offset + length));
    }

    public static Bytes fromHex(CharSequence hex) {
        return of(Hex.decode(hex));
    }

    public int length() {
        return bytes.length;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    public byte get(int index) {
        return bytes[index];
    }

    /** A fresh copy of the bytes. */
    public byte[] toArray() {
        return bytes.clone();
    }

    /** Copies the bytes into {@code target} at {@code offset}. */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, bytes.length);
    }

    public String hex() {
        return Hex.encode(bytes);
    }

    @Override
    public int compareTo(Bytes other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
