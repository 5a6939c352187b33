package io.lngossip.codec.io;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/**
 * The compressions archives come in. Readers recognise them by their magic bytes, not by the file name, so a renamed
 * or extension-less archive still reads; writers choose by the file name ({@code .bz2}, {@code .gz}).
 */
public enum Compression {
    NONE,
    GZIP,
    BZIP2;

    private static final int BUFFER = 1 << 16;

    /** The compression a file name asks for. */
    public static Compression forFileName(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".bz2")) {
            return BZIP2;
        } else if (name.endsWith(".gz")) {
            return GZIP;
        }
        return NONE;
    }

    /**
     * Wraps {@code raw} in the decompressor its first bytes call for.
     *
     * @return a buffered stream of the uncompressed bytes; a corrupt compressed stream fails it with an {@link
     *     IOException}, never a runtime exception (commons-compress's bzip2 decoder throws {@code
     *     ArrayIndexOutOfBoundsException} on some damaged blocks: found by GspReaderFuzzTest)
     * @throws IOException also when the first block is already corrupt
     */
    public static InputStream decompressing(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
        in.mark(3);
        int b0 = in.read();
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        try {
            if (b0 == 0x1f && b1 == 0x8b) {
                return new BufferedInputStream(new Guarded(new GZIPInputStream(in, BUFFER)), BUFFER);
            } else if (b0 == 'B' && b1 == 'Z' && b2 == 'h') {
                return new BufferedInputStream(new Guarded(new BZip2CompressorInputStream(in, true)), BUFFER);
            }
        } catch (RuntimeException e) {
            in.close();
            throw corrupt(e);
        }
        return in;
    }

    private static IOException corrupt(RuntimeException e) {
        return new IOException("corrupt compressed stream: " + e, e);
    }

    /** A decompressor whose runtime exceptions on damaged input become the IOException readers expect. */
    private static final class Guarded extends FilterInputStream {
        Guarded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (RuntimeException e) {
                throw corrupt(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (RuntimeException e) {
                throw corrupt(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return in.skip(n);
            } catch (RuntimeException e) {
                throw corrupt(e);
            }
        }

        @Override
        public int available() throws IOException {
            try {
                return in.available();
            } catch (RuntimeException e) {
                throw corrupt(e);
            }
        }
    }

    /** Wraps {@code raw} in this compression's compressor. */
    public OutputStream compressing(OutputStream raw) throws IOException {
        return switch (this) {
            case NONE -> raw;
            case GZIP -> new GZIPOutputStream(raw, BUFFER);
            case BZIP2 -> new BZip2CompressorOutputStream(raw);
        };
    }
}
