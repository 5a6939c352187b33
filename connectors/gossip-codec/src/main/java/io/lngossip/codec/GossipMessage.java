package io.lngossip.codec;

/**
 * A decoded BOLT #7 gossip message. {@link GossipCodec#encode} turns it back into exactly the bytes it was decoded
 * from: every field is kept, and whatever follows the known fields is kept verbatim as {@code extension}.
 */
public sealed interface GossipMessage permits ChannelAnnouncement, NodeAnnouncement, ChannelUpdate {

    /** The BOLT #7 message type: 256, 257 or 258. */
    int type();

    /** Bytes after the last known field (TLV streams such as LND's inbound fees, type 55555), kept verbatim. */
    Bytes extension();
}
