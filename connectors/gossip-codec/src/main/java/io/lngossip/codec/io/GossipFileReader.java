package io.lngossip.codec.io;

import java.io.Closeable;

/**
 * Streams the items of one gossip file, whatever its format: the loop every importer and inspector runs. Never throws
 * for bad content; {@link #end()} says how the read ended. Open one with {@link GossipFiles#open}.
 */
public interface GossipFileReader extends Closeable {

    enum Format {
        GSP("GSP"),
        GOSSIP_STORE("gossip_store");

        private final String label;

        Format(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    Format format();

    /** The next item, or null once the file ended or broke. */
    FileItem next();

    /** How the read ended; null while items remain. */
    ReadEnd end();

    /** Bytes of the uncompressed file consumed so far. */
    long position();

    /**
     * Bytes of the file as stored (compressed or not) consumed so far, for progress against its size; decompressors
     * read ahead, so this may lead {@link #position()} by a buffer.
     */
    default long sourcePosition() {
        return position();
    }
}
