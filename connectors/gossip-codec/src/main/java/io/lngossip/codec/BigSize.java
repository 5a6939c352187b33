package io.lngossip.codec;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * BOLT #1 BigSize: a big-endian variable-length unsigned integer. Values below 0xfd take one byte; then {@code 0xfd}
 * + u16, {@code 0xfe} + u32, {@code 0xff} + u64. Only the minimal encoding is valid.
 */
public final class BigSize {

    private BigSize() {}

    /** Thrown for a non-minimal encoding. */
    public static final class NonMinimalException extends IOException {
        NonMinimalException(String message) {
            super(message);
        }
    }

    /** How many bytes {@link #write} uses for {@code value} (read as unsigned). */
    public static int length(long value) {
        if (Long.compareUnsigned(value, 0xfd) < 0) {
            return 1;
        } else if (Long.compareUnsigned(value, 0x10000) < 0) {
            return 3;
        } else if (Long.compareUnsigned(value, 0x100000000L) < 0) {
            return 5;
        }
        return 9;
    }

    public static void write(OutputStream out, long value) throws IOException {
        int n = length(value);
        switch (n) {
            case 1 -> out.write((int) value);
            case 3 -> out.write(0xfd);
            case 5 -> out.write(0xfe);
            default -> out.write(0xff);
        }
        for (int i = n - 2; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)));
        }
    }

    public static byte[] encode(long value) {
        var out = new java.io.ByteArrayOutputStream(9);
        try {
            write(out, value);
        } catch (IOException e) {
            throw new IllegalStateException("a byte array stream does not fail", e);
        }
        return out.toByteArray();
    }

    /**
     * Reads one BigSize.
     *
     * @return the value (unsigned), or -1 if the stream ended before its first byte
     * @throws EOFException if the stream ends inside the number
     * @throws NonMinimalException if the number is not minimally encoded
     */
    public static long read(InputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            return -1;
        }
        int n;
        long min;
        switch (first) {
            case 0xfd -> { n = 2; min = 0xfd; }
            case 0xfe -> { n = 4; min = 0x10000; }
            case 0xff -> { n = 8; min = 0x100000000L; }
            default -> { return first; }
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("stream ends inside a BigSize");
            }
            v = (v << 8) | b;
        }
        if (Long.compareUnsigned(v, min) < 0) {
            throw new NonMinimalException(String.format("non-minimal BigSize: 0x%02x prefix for value %d", first, v));
        }
        return v;
    }
}
