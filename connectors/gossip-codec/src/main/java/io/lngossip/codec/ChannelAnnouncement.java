package io.lngossip.codec;

import java.util.Objects;

/**
 * channel_announcement (type 256): proves a funding output belongs to two nodes. Its node ids are the channel's
 * endpoints; direction 0 of the channel is sent by {@code nodeId1}.
 */
public record ChannelAnnouncement(
        Bytes nodeSignature1,
        Bytes nodeSignature2,
        Bytes bitcoinSignature1,
        Bytes bitcoinSignature2,
        Bytes features,
        ChainHash chainHash,
        ShortChannelId shortChannelId,
        NodeId nodeId1,
        NodeId nodeId2,
        Bytes bitcoinKey1,
        Bytes bitcoinKey2,
        Bytes extension)
        implements GossipMessage {

    public ChannelAnnouncement {
        requireLength(nodeSignature1, 64, "nodeSignature1");
        requireLength(nodeSignature2, 64, "nodeSignature2");
        requireLength(bitcoinSignature1, 64, "bitcoinSignature1");
        requireLength(bitcoinSignature2, 64, "bitcoinSignature2");
        Objects.requireNonNull(features, "features cannot be null");
        Objects.requireNonNull(chainHash, "chainHash cannot be null");
        Objects.requireNonNull(shortChannelId, "shortChannelId cannot be null");
        Objects.requireNonNull(nodeId1, "nodeId1 cannot be null");
        Objects.requireNonNull(nodeId2, "nodeId2 cannot be null");
        requireLength(bitcoinKey1, 33, "bitcoinKey1");
        requireLength(bitcoinKey2, 33, "bitcoinKey2");
        Objects.requireNonNull(extension, "extension cannot be null");
    }

    static void requireLength(Bytes bytes, int length, String name) {
        Objects.requireNonNull(bytes, name + " cannot be null");
        if (bytes.length() != length) {
            throw new IllegalArgumentException(name + " needs " + length + " bytes, got " + bytes.length());
        }
    }

    @Override
    public int type() {
        return MessageType.CHANNEL_ANNOUNCEMENT;
    }

    /** The node that sends the updates of {@code direction} (0 or 1). */
    public NodeId nodeId(int direction) {
        return direction == 0 ? nodeId1 : nodeId2;
    }
}
