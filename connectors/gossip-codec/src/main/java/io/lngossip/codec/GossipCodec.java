package io.lngossip.codec;

import java.util.Objects;

/**
 * Decodes and encodes BOLT #7 gossip messages: the 2-byte big-endian type followed by the payload.
 *
 * <p>Decoding reads every field of SEMANTICS §1 and keeps whatever follows as the message's extension, so
 * {@code encode(decode(bytes))} equals {@code bytes} for every message decode accepts. Decoding never throws anything
 * but {@link GossipParseException}, whose reason is the quarantine reason; the chain, the timestamp and the signatures
 * are not judged here (see {@link GossipValidator}).
 */
public final class GossipCodec {
    /** Offset of the signed part in a channel_announcement: type (2) + four signatures (256). */
    public static final int CHANNEL_ANNOUNCEMENT_SIGNED_OFFSET = 258;
    /** Offset of the signed part in node_announcement and channel_update: type (2) + signature (64). */
    public static final int SIGNED_OFFSET = 66;

    private GossipCodec() {}

    /** The message type of {@code message}, or -1 when it is shorter than 2 bytes. */
    public static int typeOf(byte[] message) {
        return message.length < 2 ? -1 : ((message[0] & 0xff) << 8) | (message[1] & 0xff);
    }

    public static GossipMessage decode(byte[] message) throws GossipParseException {
        Objects.requireNonNull(message, "message cannot be null");
        int type = typeOf(message);
        if (type < 0) {
            throw new GossipParseException(QuarantineReason.TRUNCATED, "message of " + message.length
                    + " bytes has no 2-byte type");
        }
        Reader r = new Reader(message, 2, type);
        return switch (type) {
            case MessageType.CHANNEL_ANNOUNCEMENT -> decodeChannelAnnouncement(r);
            case MessageType.NODE_ANNOUNCEMENT -> decodeNodeAnnouncement(r);
            case MessageType.CHANNEL_UPDATE -> decodeChannelUpdate(r);
            default -> throw new GossipParseException(QuarantineReason.UNKNOWN_TYPE, "type " + type);
        };
    }

    private static ChannelAnnouncement decodeChannelAnnouncement(Reader r) throws GossipParseException {
        Bytes nodeSig1 = r.bytes(64, "node_signature_1");
        Bytes nodeSig2 = r.bytes(64, "node_signature_2");
        Bytes btcSig1 = r.bytes(64, "bitcoin_signature_1");
        Bytes btcSig2 = r.bytes(64, "bitcoin_signature_2");
        Bytes features = r.bytes(r.u16("len"), "features", true);
        ChainHash chain = new ChainHash(r.bytes(32, "chain_hash"));
        ShortChannelId scid = new ShortChannelId(r.u64("short_channel_id"));
        NodeId node1 = r.nodeId("node_id_1");
        NodeId node2 = r.nodeId("node_id_2");
        Bytes btcKey1 = r.bytes(33, "bitcoin_key_1");
        Bytes btcKey2 = r.bytes(33, "bitcoin_key_2");
        return new ChannelAnnouncement(nodeSig1, nodeSig2, btcSig1, btcSig2, features, chain, scid, node1, node2,
                btcKey1, btcKey2, r.rest());
    }

    private static NodeAnnouncement decodeNodeAnnouncement(Reader r) throws GossipParseException {
        Bytes signature = r.bytes(64, "signature");
        Bytes features = r.bytes(r.u16("flen"), "features", true);
        long timestamp = r.u32("timestamp");
        NodeId nodeId = r.nodeId("node_id");
        int rgb = (int) r.uint(3, "rgb_color");
        Bytes alias = r.bytes(32, "alias");
        Bytes addresses = r.bytes(r.u16("addrlen"), "addresses", true);
        return new NodeAnnouncement(signature, features, timestamp, nodeId, rgb, alias, addresses, r.rest());
    }

    private static ChannelUpdate decodeChannelUpdate(Reader r) throws GossipParseException {
        Bytes signature = r.bytes(64, "signature");
        ChainHash chain = new ChainHash(r.bytes(32, "chain_hash"));
        ShortChannelId scid = new ShortChannelId(r.u64("short_channel_id"));
        long timestamp = r.u32("timestamp");
        int messageFlags = (int) r.uint(1, "message_flags");
        int channelFlags = (int) r.uint(1, "channel_flags");
        int cltv = r.u16("cltv_expiry_delta");
        long htlcMin = r.u64("htlc_minimum_msat");
        long feeBase = r.u32("fee_base_msat");
        long feeProp = r.u32("fee_proportional_millionths");
        long htlcMax = (messageFlags & 1) != 0 ? r.u64("htlc_maximum_msat") : 0;
        return new ChannelUpdate(signature, chain, scid, timestamp, messageFlags, channelFlags, cltv, htlcMin,
                feeBase, feeProp, htlcMax, r.rest());
    }

    /** The exact wire bytes of {@code message}: type, fields in BOLT #7 order, then the extension. */
    public static byte[] encode(GossipMessage message) {
        Objects.requireNonNull(message, "message cannot be null");
        if (message instanceof ChannelAnnouncement a) {
            return encode(a);
        } else if (message instanceof NodeAnnouncement n) {
            return encode(n);
        }
        return encode((ChannelUpdate) message);
    }

    private static byte[] encode(ChannelAnnouncement a) {
        Writer w = new Writer(2 + 4 * 64 + 2 + a.features().length() + 32 + 8 + 4 * 33 + a.extension().length());
        w.u16(MessageType.CHANNEL_ANNOUNCEMENT);
        w.bytes(a.nodeSignature1()).bytes(a.nodeSignature2()).bytes(a.bitcoinSignature1()).bytes(a.bitcoinSignature2());
        w.u16(a.features().length()).bytes(a.features());
        w.bytes(a.chainHash().bytes()).u64(a.shortChannelId().value());
        w.nodeId(a.nodeId1()).nodeId(a.nodeId2()).bytes(a.bitcoinKey1()).bytes(a.bitcoinKey2());
        return w.bytes(a.extension()).done();
    }

    private static byte[] encode(NodeAnnouncement n) {
        Writer w = new Writer(2 + 64 + 2 + n.features().length() + 4 + 33 + 3 + 32 + 2 + n.addresses().length()
                + n.extension().length());
        w.u16(MessageType.NODE_ANNOUNCEMENT).bytes(n.signature());
        w.u16(n.features().length()).bytes(n.features());
        w.uint(n.timestamp(), 4).nodeId(n.nodeId()).uint(n.rgbColor(), 3).bytes(n.alias());
        w.u16(n.addresses().length()).bytes(n.addresses());
        return w.bytes(n.extension()).done();
    }

    private static byte[] encode(ChannelUpdate u) {
        Writer w = new Writer(2 + 64 + 32 + 8 + 4 + 1 + 1 + 2 + 8 + 4 + 4 + (u.hasHtlcMaximumMsat() ? 8 : 0)
                + u.extension().length());
        w.u16(MessageType.CHANNEL_UPDATE).bytes(u.signature()).bytes(u.chainHash().bytes());
        w.u64(u.shortChannelId().value()).uint(u.timestamp(), 4);
        w.uint(u.messageFlags(), 1).uint(u.channelFlags(), 1).u16(u.cltvExpiryDelta());
        w.u64(u.htlcMinimumMsat()).uint(u.feeBaseMsat(), 4).uint(u.feeProportionalMillionths(), 4);
        if (u.hasHtlcMaximumMsat()) {
            w.u64(u.htlcMaximumMsat());
        }
        return w.bytes(u.extension()).done();
    }

    /** A bounds-checked big-endian cursor that names the field it could not read. */
    private static final class Reader {
        private final byte[] buf;
        private final String typeName;
        private int pos;

        Reader(byte[] buf, int pos, int type) {
            this.buf = buf;
            this.pos = pos;
            this.typeName = MessageType.name(type);
        }

        private void need(int n, String field, boolean lengthPrefixed) throws GossipParseException {
            if (buf.length - pos < n) {
                QuarantineReason reason = lengthPrefixed ? QuarantineReason.BAD_LENGTH : QuarantineReason.TRUNCATED;
                throw new GossipParseException(reason, String.format(
                        "%s of %d bytes ends at %s (offset %d needs %d more bytes, %d left)",
                        typeName, buf.length, field, pos, n, buf.length - pos));
            }
        }

        long uint(int n, String field) throws GossipParseException {
            need(n, field, false);
            long v = 0;
            for (int i = 0; i < n; i++) {
                v = (v << 8) | (buf[pos++] & 0xff);
            }
            return v;
        }

        int u16(String field) throws GossipParseException {
            return (int) uint(2, field);
        }

        long u32(String field) throws GossipParseException {
            return uint(4, field);
        }

        long u64(String field) throws GossipParseException {
            return uint(8, field);
        }

        Bytes bytes(int n, String field) throws GossipParseException {
            return bytes(n, field, false);
        }

        Bytes bytes(int n, String field, boolean lengthPrefixed) throws GossipParseException {
            need(n, field, lengthPrefixed);
            Bytes b = Bytes.of(buf, pos, n);
            pos += n;
            return b;
        }

        NodeId nodeId(String field) throws GossipParseException {
            need(NodeId.LENGTH, field, false);
            try {
                NodeId id = NodeId.of(buf, pos);
                pos += NodeId.LENGTH;
                return id;
            } catch (IllegalArgumentException e) {
                throw new GossipParseException(QuarantineReason.BAD_NODE_ID, typeName + " " + field + ": "
                        + e.getMessage());
            }
        }

        Bytes rest() {
            Bytes b = Bytes.of(buf, pos, buf.length - pos);
            pos = buf.length;
            return b;
        }
    }

    private static final class Writer {
        private final byte[] buf;
        private int pos;

        Writer(int size) {
            buf = new byte[size];
        }

        Writer uint(long v, int n) {
            for (int i = n - 1; i >= 0; i--) {
                buf[pos++] = (byte) (v >>> (8 * i));
            }
            return this;
        }

        Writer u16(int v) {
            return uint(v, 2);
        }

        Writer u64(long v) {
            return uint(v, 8);
        }

        Writer bytes(Bytes b) {
            b.copyTo(buf, pos);
            pos += b.length();
            return this;
        }

        Writer nodeId(NodeId id) {
            id.copyTo(buf, pos);
            pos += NodeId.LENGTH;
            return this;
        }

        byte[] done() {
            if (pos != buf.length) {
                throw new IllegalStateException("encoded " + pos + " of " + buf.length + " bytes");
            }
            return buf;
        }
    }
}
