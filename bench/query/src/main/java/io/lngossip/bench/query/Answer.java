package io.lngossip.bench.query;

import io.lngossip.codec.io.GspWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.CRC32C;

/**
 * A GSP answer consumed as it streams: only its length and CRC-32C are kept (cheap enough to run inside every timed
 * request, so each one is also checked against ours). Baselines write frames through the codec's {@link GspWriter};
 * HTTP bodies are copied in as they arrive.
 */
final class Answer extends OutputStream {
    private final CRC32C crc = new CRC32C();
    private final OutputStream copy;
    private long bytes;
    private long messages;
    private GspWriter writer;

    Answer() {
        this(null);
    }

    /** An answer whose bytes also go to {@code copy} (tests compare them whole). */
    Answer(OutputStream copy) {
        this.copy = copy;
    }

    /** Starts a GSP body (the header). */
    void header() {
        try {
            writer = new GspWriter(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One message, framed as GSP frames it. */
    void frame(byte[] message) {
        try {
            writer.write(message);
            messages++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a whole body. */
    void readAll(InputStream in) throws IOException {
        byte[] buffer = new byte[1 << 16];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            write(buffer, 0, n);
        }
    }

    @Override
    public void write(int b) throws IOException {
        crc.update(b);
        bytes++;
        if (copy != null) {
            copy.write(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        crc.update(b, off, len);
        bytes += len;
        if (copy != null) {
            copy.write(b, off, len);
        }
    }

    long bytes() {
        return bytes;
    }

    /** Messages framed (0 for an HTTP body). */
    long messages() {
        return messages;
    }

    /** Length and checksum: equal for equal bodies. */
    String fingerprint() {
        return bytes + ":" + Long.toHexString(crc.getValue());
    }
}
