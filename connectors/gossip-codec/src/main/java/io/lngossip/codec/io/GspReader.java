package io.lngossip.codec.io;

import io.lngossip.codec.BigSize;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Streams the messages of a GSP file as published by lnresearch: the 4 bytes {@code GSP\x01}, then per message a
 * BOLT #1 BigSize length of the whole message followed by the message. Plain, gzip and bzip2 files are read alike
 * (recognised by their magic bytes).
 *
 * <p>Reader rules:
 * <ul>
 *   <li>The header must be {@code GSP} and version 1; anything else is refused when opening.</li>
 *   <li>A frame whose length is zero, is not minimally encoded, exceeds {@link #MAX_MESSAGE_LENGTH} or runs past the
 *       end of the file breaks the framing: reading stops there and {@link #end()} reports the position and reason
 *       (SEMANTICS §3). Nothing after a break is trusted.</li>
 *   <li>The contents of a message are not judged here; decode it to classify it.</li>
 * </ul>
 * Memory is constant: one message buffer at a time.
 */
public final class GspReader implements Closeable {
    /** BOLT #1 messages are at most 65535 bytes. */
    public static final int MAX_MESSAGE_LENGTH = 65535;

    static final byte[] HEADER = {'G', 'S', 'P', 1};

    private final CountingInputStream source;
    private final CountingInputStream in;
    private long index;
    private ReadEnd end;

    /**
     * Reads the header from {@code raw} (compressed or not).
     *
     * @throws NotGspException if the stream does not start with the GSP version 1 header
     */
    public GspReader(InputStream raw) throws IOException {
        Objects.requireNonNull(raw, "raw cannot be null");
        this.source = new CountingInputStream(raw);
        this.in = new CountingInputStream(Compression.decompressing(source));
        byte[] header = in.readNBytes(HEADER.length);
        if (!Arrays.equals(header, HEADER)) {
            in.close();
            if (header.length == HEADER.length && header[0] == 'G' && header[1] == 'S' && header[2] == 'P') {
                throw new NotGspException("unsupported GSP version " + (header[3] & 0xff) + " (only 1 is known)");
            }
            throw new NotGspException("not a GSP file: it does not start with GSP\\x01");
        }
    }

    /** Opens a GSP file, plain or compressed. */
    public static GspReader open(Path path) throws IOException {
        Objects.requireNonNull(path, "path cannot be null");
        InputStream raw = Files.newInputStream(path);
        try {
            return new GspReader(raw);
        } catch (NotGspException e) {
            throw new NotGspException(path + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** The next message, or null when the file ended or broke: see {@link #end()}. Never throws for bad content. */
    public GspFrame next() {
        if (end != null) {
            return null;
        }
        long position = in.count();
        try {
            long length;
            try {
                length = BigSize.read(in);
            } catch (BigSize.NonMinimalException e) {
                return stop(ReadEnd.Kind.BROKEN, position, e.getMessage() + " in frame " + index);
            } catch (EOFException e) {
                return stop(ReadEnd.Kind.BROKEN, position, "the file ends inside the length of frame " + index);
            }
            if (length < 0) {
                end = ReadEnd.clean(position);
                return null;
            }
            if (length == 0) {
                return stop(ReadEnd.Kind.BROKEN, position, "frame " + index + " has length 0");
            }
            if (Long.compareUnsigned(length, MAX_MESSAGE_LENGTH) > 0) {
                return stop(ReadEnd.Kind.BROKEN, position, "frame " + index + " claims "
                        + Long.toUnsignedString(length) + " bytes, more than a message can have");
            }
            byte[] message = in.readNBytes((int) length);
            if (message.length < length) {
                return stop(ReadEnd.Kind.BROKEN, position, "frame " + index + " claims " + length
                        + " bytes but the file ends after " + message.length);
            }
            return new GspFrame(index++, position, message);
        } catch (IOException e) {
            return stop(ReadEnd.Kind.IO_ERROR, in.count(), "reading frame " + index + ": " + e);
        }
    }

    private GspFrame stop(ReadEnd.Kind kind, long position, String detail) {
        end = new ReadEnd(kind, position, detail);
        return null;
    }

    /** How the read ended; null while messages remain. */
    public ReadEnd end() {
        return end;
    }

    /** Messages returned so far. */
    public long messagesRead() {
        return index;
    }

    /** Bytes of the uncompressed stream consumed so far, header included. */
    public long position() {
        return in.count();
    }

    /** Bytes of the underlying (possibly compressed) stream consumed so far: progress against the file's size. */
    public long sourcePosition() {
        return source.count();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** The input is not a GSP file we can read. */
    public static final class NotGspException extends IOException {
        public NotGspException(String message) {
            super(message);
        }
    }
}
