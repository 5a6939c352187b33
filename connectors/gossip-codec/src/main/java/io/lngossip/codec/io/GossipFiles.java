package io.lngossip.codec.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** Opens a gossip file of any supported format, recognised by its first bytes (after decompression). */
public final class GossipFiles {

    private GossipFiles() {}

    /**
     * Opens {@code path} as GSP (plain, gzip or bzip2) or as a Core Lightning gossip_store.
     *
     * @throws java.nio.file.NoSuchFileException if it does not exist
     * @throws NotAGossipFileException if it is neither format
     */
    public static GossipFileReader open(Path path) throws IOException {
        Objects.requireNonNull(path, "path cannot be null");
        byte[] head;
        try (InputStream in = Compression.decompressing(Files.newInputStream(path))) {
            head = in.readNBytes(4);
        } catch (IOException e) {
            if (e instanceof java.nio.file.FileSystemException) {
                throw e;
            }
            throw new NotAGossipFileException(path + ": unreadable start of file (" + e.getMessage() + ")");
        }
        if (head.length >= 3 && head[0] == 'G' && head[1] == 'S' && head[2] == 'P') {
            return new GspFileReader(GspReader.open(path));
        }
        if (head.length == 0) {
            throw new NotAGossipFileException(path + ": empty file");
        }
        if (GossipStoreReader.looksLikeVersion(head[0] & 0xff)) {
            return GossipStoreReader.open(path);
        }
        throw new NotAGossipFileException(path + ": neither a GSP file (GSP\\x01...) nor a Core Lightning gossip_store");
    }

    /** The file is not in a format we read. */
    public static final class NotAGossipFileException extends IOException {
        public NotAGossipFileException(String message) {
            super(message);
        }
    }

    /** GSP frames as file items: no receipt times. */
    private static final class GspFileReader implements GossipFileReader {
        private final GspReader reader;

        GspFileReader(GspReader reader) {
            this.reader = reader;
        }

        @Override
        public Format format() {
            return Format.GSP;
        }

        @Override
        public FileItem next() {
            GspFrame frame = reader.next();
            return frame == null ? null : new FileItem.Message(frame.position(), frame.message(), null);
        }

        @Override
        public ReadEnd end() {
            return reader.end();
        }

        @Override
        public long position() {
            return reader.position();
        }

        @Override
        public long sourcePosition() {
            return reader.sourcePosition();
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
