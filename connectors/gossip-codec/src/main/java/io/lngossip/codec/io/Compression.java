package io.lngossip.codec.io;

import java.io.BufferedInputStream;
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
     * @return a buffered stream of the uncompressed bytes
     */
    public static InputStream decompressing(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
        in.mark(3);
        int b0 = in.read();
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER);
        } else if (b0 == 'B' && b1 == 'Z' && b2 == 'h') {
            return new BufferedInputStream(new BZip2CompressorInputStream(in, true), BUFFER);
        }
        return in;
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
