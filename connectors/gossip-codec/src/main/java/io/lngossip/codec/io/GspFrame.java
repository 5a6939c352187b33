package io.lngossip.codec.io;

import java.util.Objects;

/**
 * One message read from a GSP file.
 *
 * @param index 0-based position of the message in the file
 * @param position byte offset of its length prefix in the uncompressed stream
 * @param message the message bytes (type included); owned by the caller
 */
public record GspFrame(long index, long position, byte[] message) {
    public GspFrame {
        Objects.requireNonNull(message, "message cannot be null");
    }
}
