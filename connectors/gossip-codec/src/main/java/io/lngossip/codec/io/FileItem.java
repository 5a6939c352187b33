package io.lngossip.codec.io;

import io.lngossip.codec.QuarantineReason;
import io.lngossip.codec.ShortChannelId;
import java.util.Objects;

/**
 * One thing read from a gossip file, whatever its format: a message, bytes set aside, or something the format says
 * about a channel. {@code position} is the byte offset of its record in the (uncompressed) file.
 */
public sealed interface FileItem {

    long position();

    /**
     * A gossip message as stored.
     *
     * @param receiptTime unix seconds the collector received it, or null when the file does not say (GSP files never
     *     do; a gossip_store record with timestamp 0)
     */
    record Message(long position, byte[] bytes, Long receiptTime) implements FileItem {
        public Message {
            Objects.requireNonNull(bytes, "bytes cannot be null");
        }
    }

    /** Bytes the file framing already condemns (e.g. a gossip_store crc mismatch), kept for the quarantine. */
    record Quarantined(long position, byte[] bytes, Long receiptTime, QuarantineReason reason, String detail)
            implements FileItem {
        public Quarantined {
            Objects.requireNonNull(bytes, "bytes cannot be null");
            Objects.requireNonNull(reason, "reason cannot be null");
            Objects.requireNonNull(detail, "detail cannot be null");
        }
    }

    /** The funding amount Core Lightning recorded for a channel it announced (gossip_store type 4101). */
    record ChannelAmount(long position, ShortChannelId scid, long satoshis) implements FileItem {
        public ChannelAmount {
            Objects.requireNonNull(scid, "scid cannot be null");
        }
    }

    /**
     * Core Lightning saw a channel's funding spent (4106, dying) or forgot it (4103, deleted). Kept as a hint: it
     * carries no close time, so it changes no answer (SEMANTICS §2).
     */
    record CloseHint(long position, ShortChannelId scid, CloseHintKind kind) implements FileItem {
        public CloseHint {
            Objects.requireNonNull(scid, "scid cannot be null");
            Objects.requireNonNull(kind, "kind cannot be null");
        }
    }

    enum CloseHintKind {
        DELETED,
        DYING
    }

    /** A record read and deliberately passed over (a deleted record, a store-internal type), counted by kind. */
    record Skipped(long position, String kind) implements FileItem {
        public Skipped {
            Objects.requireNonNull(kind, "kind cannot be null");
        }
    }
}
