package io.lngossip.codec;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * node_announcement (type 257): a node's alias, color, features and addresses at {@code timestamp}.
 *
 * @param rgbColor the 3 color bytes as 0xRRGGBB
 * @param alias the 32 alias bytes as sent (UTF-8, zero-padded by convention, not checked)
 * @param addresses the address descriptors exactly as sent (see {@link NodeAddress#parseAll})
 */
public record NodeAnnouncement(
        Bytes signature,
        Bytes features,
        long timestamp,
        NodeId nodeId,
        int rgbColor,
        Bytes alias,
        Bytes addresses,
        Bytes extension)
        implements GossipMessage {

    public NodeAnnouncement {
        ChannelAnnouncement.requireLength(signature, 64, "signature");
        Objects.requireNonNull(features, "features cannot be null");
        if (timestamp < 0 || timestamp > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("timestamp must be a u32: " + timestamp);
        }
        Objects.requireNonNull(nodeId, "nodeId cannot be null");
        if (rgbColor < 0 || rgbColor > 0xFFFFFF) {
            throw new IllegalArgumentException("rgbColor must be 3 bytes: " + rgbColor);
        }
        ChannelAnnouncement.requireLength(alias, 32, "alias");
        Objects.requireNonNull(addresses, "addresses cannot be null");
        if (addresses.length() > 0xFFFF) {
            throw new IllegalArgumentException("addresses cannot exceed 65535 bytes");
        }
        Objects.requireNonNull(extension, "extension cannot be null");
    }

    @Override
    public int type() {
        return MessageType.NODE_ANNOUNCEMENT;
    }

    /** The alias as text: UTF-8 up to the first zero byte, invalid sequences replaced. */
    public String aliasText() {
        byte[] raw = alias.toArray();
        int end = 0;
        while (end < raw.length && raw[end] != 0) {
            end++;
        }
        return new String(raw, 0, end, StandardCharsets.UTF_8);
    }

    /** The color as {@code #rrggbb}. */
    public String colorHex() {
        return String.format("#%06x", rgbColor);
    }
}
