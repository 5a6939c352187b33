package io.lngossip.codec.io;

import io.lngossip.codec.GossipCodec;
import io.lngossip.codec.MessageType;
import io.lngossip.codec.QuarantineReason;
import io.lngossip.codec.ShortChannelId;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Streams a Core Lightning {@code gossip_store} file, one record at a time in constant memory.
 *
 * <p>Format: one version byte (top 3 bits major, which must be 0; low 5 bits minor, 9 or later), then records of
 * {@code be16 flags, be16 len, be32 crc, be32 timestamp} and {@code len} bytes of message. The crc is CRC-32C of the
 * message seeded with the timestamp. (Stores before minor 10 wrote a be32 length whose top bits were the flags: the
 * same bytes, read the same way.)
 *
 * <p>Reader rules:
 * <ul>
 *   <li>A record flagged deleted ({@code 0x8000}) is skipped. Other flag bits (push, rate-limited, zombie, dying,
 *       completed, depending on the version) are ignored.</li>
 *   <li>Gossip messages (256, 257, 258) come out as {@link FileItem.Message} with the record timestamp as receipt time
 *       (0 means none). One whose crc does not match comes out as {@link FileItem.Quarantined} ({@code bad crc}).</li>
 *   <li>4101 (channel amount) belongs to the channel_announcement record just before it: {@link
 *       FileItem.ChannelAmount}. 4103 (channel deleted) and 4106 (channel dying) are {@link FileItem.CloseHint}s.
 *       4105 (end of store) ends the read: the file was replaced and a follower must reopen it. Every other type is
 *       the store's own: skipped, never quarantined.</li>
 *   <li>A record cut short at the end of the file is a file still being written, not an error: the read ends with
 *       {@link ReadEnd.Kind#TORN_TAIL} at the record's offset, where a follower resumes.</li>
 * </ul>
 */
public final class GossipStoreReader implements GossipFileReader {
    public static final int MIN_MINOR_VERSION = 9;

    static final int DELETED = 0x8000;
    static final int CHANNEL_AMOUNT = 4101;
    static final int DELETE_CHANNEL = 4103;
    static final int ENDED = 4105;
    static final int CHANNEL_DYING = 4106;
    static final int HEADER_LENGTH = 12;

    private final InputStream in;
    private final int version;
    private long position;
    private ShortChannelId lastAnnouncement;
    private ReadEnd end;

    private GossipStoreReader(InputStream in, int version, long position) {
        this.in = in;
        this.version = version;
        this.position = position;
    }

    /** Opens a store (plain, gzip or bzip2) at its first record. */
    public static GossipStoreReader open(Path path) throws IOException {
        return open(path, 1);
    }

    /**
     * Opens a store at the record starting at {@code offset} (1 is the first record), e.g. where a follower stopped.
     *
     * @throws UnsupportedStoreException if the version byte is not one this reader knows
     */
    public static GossipStoreReader open(Path path, long offset) throws IOException {
        Objects.requireNonNull(path, "path cannot be null");
        InputStream raw = Compression.decompressing(Files.newInputStream(path));
        try {
            int version = raw.read();
            checkVersion(path, version);
            if (offset < 1) {
                throw new IllegalArgumentException("records start at offset 1, not " + offset);
            }
            raw.skipNBytes(offset - 1);
            return new GossipStoreReader(raw, version, offset);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Reads a store from a stream positioned at its version byte. */
    public static GossipStoreReader read(InputStream stream, String name) throws IOException {
        InputStream in = new BufferedInputStream(stream, 1 << 16);
        int version = in.read();
        checkVersion(Path.of(name), version);
        return new GossipStoreReader(in, version, 1);
    }

    private static void checkVersion(Path path, int version) throws UnsupportedStoreException {
        if (version < 0) {
            throw new UnsupportedStoreException(path + ": empty file, not a gossip_store");
        }
        if ((version >>> 5) != 0 || (version & 0x1f) < MIN_MINOR_VERSION) {
            throw new UnsupportedStoreException(String.format(
                    "%s: gossip_store version 0x%02x (major %d, minor %d) is not supported: major 0, minor %d or"
                            + " later is", path, version, version >>> 5, version & 0x1f, MIN_MINOR_VERSION));
        }
    }

    /** True when {@code first} could be the version byte of a store this reader reads. */
    public static boolean looksLikeVersion(int first) {
        return first >= 0 && (first >>> 5) == 0 && (first & 0x1f) >= MIN_MINOR_VERSION;
    }

    public int version() {
        return version;
    }

    @Override
    public Format format() {
        return Format.GOSSIP_STORE;
    }

    @Override
    public FileItem next() {
        while (end == null) {
            FileItem item = readRecord();
            if (item != null) {
                return item;
            }
        }
        return null;
    }

    /** One record; null when it yields nothing to return (the read may have ended). */
    private FileItem readRecord() {
        long start = position;
        try {
            byte[] header = in.readNBytes(HEADER_LENGTH);
            if (header.length == 0) {
                end = ReadEnd.clean(start);
                return null;
            }
            if (header.length < HEADER_LENGTH) {
                end = new ReadEnd(ReadEnd.Kind.TORN_TAIL, start, "record header cut short (" + header.length
                        + " of 12 bytes)");
                return null;
            }
            int flags = u16(header, 0);
            int length = u16(header, 2);
            int crc = (int) u32(header, 4);
            long timestamp = u32(header, 8);
            byte[] message = in.readNBytes(length);
            if (message.length < length) {
                end = new ReadEnd(ReadEnd.Kind.TORN_TAIL, start, "record of " + length + " bytes cut short after "
                        + message.length);
                return null;
            }
            position += HEADER_LENGTH + length;
            return item(start, flags, crc, timestamp, message);
        } catch (IOException e) {
            end = new ReadEnd(ReadEnd.Kind.IO_ERROR, start, e.toString());
            return null;
        }
    }

    private FileItem item(long start, int flags, int crc, long timestamp, byte[] message) {
        int type = GossipCodec.typeOf(message);
        boolean isAnnouncement = type == MessageType.CHANNEL_ANNOUNCEMENT;
        ShortChannelId previousAnnouncement = lastAnnouncement;
        lastAnnouncement = null;
        if ((flags & DELETED) != 0) {
            return new FileItem.Skipped(start, "deleted");
        }
        Long receipt = timestamp == 0 ? null : timestamp * 1000L;
        if (MessageType.isGossip(type)) {
            if (Crc32c.compute((int) timestamp, message) != crc) {
                return new FileItem.Quarantined(start, message, receipt, QuarantineReason.BAD_CRC,
                        String.format("gossip_store record at %d: crc %08x does not match", start, crc));
            }
            if (isAnnouncement && message.length >= 260) {
                int flen = u16(message, 258);
                int at = 260 + flen + 32;
                if (message.length >= at + 8) {
                    lastAnnouncement = new ShortChannelId(u64(message, at));
                }
            }
            return new FileItem.Message(start, message, receipt);
        }
        // The store's own records are not crc-checked: SEMANTICS §3 quarantines gossip messages only, and real stores
        // carry internal records whose crc was not rewritten (the sample's delete_chan record is one).
        switch (type) {
            case CHANNEL_AMOUNT:
                if (message.length >= 10 && previousAnnouncement != null) {
                    return new FileItem.ChannelAmount(start, previousAnnouncement, u64(message, 2));
                }
                return new FileItem.Skipped(start, "channel amount without announcement");
            case DELETE_CHANNEL:
                if (message.length >= 10) {
                    return new FileItem.CloseHint(start, new ShortChannelId(u64(message, 2)),
                            FileItem.CloseHintKind.DELETED);
                }
                return new FileItem.Skipped(start, "short store record");
            case CHANNEL_DYING:
                if (message.length >= 10) {
                    return new FileItem.CloseHint(start, new ShortChannelId(u64(message, 2)),
                            FileItem.CloseHintKind.DYING);
                }
                return new FileItem.Skipped(start, "short store record");
            case ENDED:
                end = new ReadEnd(ReadEnd.Kind.END_OF_STORE, position, "end-of-store record at " + start
                        + ": the file was replaced");
                return null;
            default:
                return new FileItem.Skipped(start, "store type " + type);
        }
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static long u32(byte[] b, int at) {
        return ((long) u16(b, at) << 16) | u16(b, at + 2);
    }

    private static long u64(byte[] b, int at) {
        return (u32(b, at) << 32) | u32(b, at + 4);
    }

    @Override
    public ReadEnd end() {
        return end;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** The file is not a gossip_store of a version this reader knows. */
    public static final class UnsupportedStoreException extends IOException {
        public UnsupportedStoreException(String message) {
            super(message);
        }
    }
}
