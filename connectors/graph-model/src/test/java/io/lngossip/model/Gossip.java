package io.lngossip.model;

import io.lngossip.codec.Bytes;
import io.lngossip.codec.ChainHash;
import io.lngossip.codec.ChannelAnnouncement;
import io.lngossip.codec.ChannelUpdate;
import io.lngossip.codec.GossipCodec;
import io.lngossip.codec.GossipParseException;
import io.lngossip.codec.NodeAnnouncement;
import io.lngossip.codec.NodeId;
import io.lngossip.codec.ShortChannelId;
import java.util.Arrays;

/** Test messages: real, encodable BOLT #7 messages; {@code salt} varies the signature so bytes (and ids) differ. */
final class Gossip {
    private Gossip() {}

    static NodeId node(int n) {
        byte[] key = new byte[33];
        key[0] = 0x02;
        key[31] = (byte) (n >>> 8);
        key[32] = (byte) n;
        return NodeId.of(key);
    }

    static long scid(int block) {
        return ShortChannelId.of(block, 1, 0).value();
    }

    private static Bytes sig(int salt) {
        byte[] b = new byte[64];
        Arrays.fill(b, (byte) salt);
        b[0] = (byte) (salt >>> 8);
        return Bytes.of(b);
    }

    static StoredMessage announcement(long scid, NodeId n1, NodeId n2, int salt, Long firstSeen) {
        return stored(GossipCodec.encode(new ChannelAnnouncement(sig(salt), sig(salt), sig(salt), sig(salt),
                Bytes.EMPTY, ChainHash.BITCOIN_MAINNET, new ShortChannelId(scid), n1, n2,
                Bytes.of(n1.toArray()), Bytes.of(n2.toArray()), Bytes.EMPTY)), firstSeen);
    }

    static StoredMessage update(long scid, int direction, long timestamp, int salt) {
        return update(scid, direction, timestamp, salt, false);
    }

    static StoredMessage update(long scid, int direction, long timestamp, int salt, boolean disabled) {
        int channelFlags = direction | (disabled ? 2 : 0);
        return stored(GossipCodec.encode(new ChannelUpdate(sig(salt), ChainHash.BITCOIN_MAINNET,
                new ShortChannelId(scid), timestamp, 1, channelFlags, 40, 1000, 1000, 100, 990_000_000L,
                Bytes.EMPTY)), null);
    }

    static StoredMessage nodeAnnouncement(NodeId node, long timestamp, int salt) {
        byte[] alias = new byte[32];
        alias[0] = (byte) ('a' + (salt % 26));
        return stored(GossipCodec.encode(new NodeAnnouncement(sig(salt), Bytes.EMPTY, timestamp, node, 0x336699,
                Bytes.of(alias), Bytes.EMPTY, Bytes.EMPTY)), null);
    }

    private static StoredMessage stored(byte[] raw, Long firstSeen) {
        try {
            return StoredMessage.of(raw, firstSeen);
        } catch (GossipParseException e) {
            throw new AssertionError(e);
        }
    }
}
