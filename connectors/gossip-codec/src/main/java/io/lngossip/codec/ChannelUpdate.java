package io.lngossip.codec;

import java.util.Objects;

/**
 * channel_update (type 258): one direction's routing policy at {@code timestamp}.
 *
 * @param htlcMaximumMsat present on the wire only when {@code messageFlags & 1}; must be 0 otherwise
 */
public record ChannelUpdate(
        Bytes signature,
        ChainHash chainHash,
        ShortChannelId shortChannelId,
        long timestamp,
        int messageFlags,
        int channelFlags,
        int cltvExpiryDelta,
        long htlcMinimumMsat,
        long feeBaseMsat,
        long feeProportionalMillionths,
        long htlcMaximumMsat,
        Bytes extension)
        implements GossipMessage {

    public ChannelUpdate {
        ChannelAnnouncement.requireLength(signature, 64, "signature");
        Objects.requireNonNull(chainHash, "chainHash cannot be null");
        Objects.requireNonNull(shortChannelId, "shortChannelId cannot be null");
        requireU32(timestamp, "timestamp");
        requireRange(messageFlags, 0xFF, "messageFlags");
        requireRange(channelFlags, 0xFF, "channelFlags");
        requireRange(cltvExpiryDelta, 0xFFFF, "cltvExpiryDelta");
        requireU32(feeBaseMsat, "feeBaseMsat");
        requireU32(feeProportionalMillionths, "feeProportionalMillionths");
        if ((messageFlags & 1) == 0 && htlcMaximumMsat != 0) {
            throw new IllegalArgumentException("htlcMaximumMsat must be 0 when message_flags bit 0 is clear");
        }
        Objects.requireNonNull(extension, "extension cannot be null");
    }

    private static void requireU32(long value, String name) {
        if (value < 0 || value > 0xFFFFFFFFL) {
            throw new IllegalArgumentException(name + " must be a u32: " + value);
        }
    }

    private static void requireRange(int value, int max, String name) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(name + " must be in [0, " + max + "]: " + value);
        }
    }

    @Override
    public int type() {
        return MessageType.CHANNEL_UPDATE;
    }

    /** 0 when sent by the channel's node_id_1, 1 when sent by node_id_2. */
    public int direction() {
        return channelFlags & 1;
    }

    public boolean disabled() {
        return (channelFlags & 2) != 0;
    }

    public boolean hasHtlcMaximumMsat() {
        return (messageFlags & 1) != 0;
    }
}
