package io.lngossip.codec.io;

import io.lngossip.codec.BigSize;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes GSP: {@code GSP\x01}, then each message prefixed by its BigSize length. {@link #open(Path)} compresses by the
 * file name ({@code .gsp.bz2}, {@code .gsp.gz}).
 */
public final class GspWriter implements Closeable, Flushable {
    private final OutputStream out;
    private long messages;

    /** Writes the header to {@code out}, which this writer then owns. */
    public GspWriter(OutputStream out) throws IOException {
        this.out = Objects.requireNonNull(out, "out cannot be null");
        out.write(GspReader.HEADER);
    }

    public static GspWriter open(Path path) throws IOException {
        Objects.requireNonNull(path, "path cannot be null");
        OutputStream raw = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
        return new GspWriter(Compression.forFileName(path).compressing(raw));
    }

    /**
     * Appends one message.
     *
     * @throws IllegalArgumentException if the message is empty or longer than {@link GspReader#MAX_MESSAGE_LENGTH}
     */
    public GspWriter write(byte[] message) throws IOException {
        Objects.requireNonNull(message, "message cannot be null");
        if (message.length == 0 || message.length > GspReader.MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("a message has 1 to 65535 bytes, got " + message.length);
        }
        BigSize.write(out, message.length);
        out.write(message);
        messages++;
        return this;
    }

    public long messagesWritten() {
        return messages;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
