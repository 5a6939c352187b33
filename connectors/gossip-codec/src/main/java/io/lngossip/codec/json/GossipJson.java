package io.lngossip.codec.json;

import io.lngossip.codec.ChannelAnnouncement;
import io.lngossip.codec.ChannelUpdate;
import io.lngossip.codec.GossipId;
import io.lngossip.codec.GossipMessage;
import io.lngossip.codec.Hex;
import io.lngossip.codec.MessageType;
import io.lngossip.codec.NodeAddress;
import io.lngossip.codec.NodeAnnouncement;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON shape of a decoded message, shared by every tool that prints one (the CLI, the query service's
 * {@code format=json}). Field names are BOLT #7's; {@code gossip_id} and {@code raw} (hex of the exact bytes) come
 * first. u64 amounts are exact integers ({@link BigInteger} above 2^63). Built as ordered maps so any JSON library
 * writes it in this order; this class stays free of one.
 */
public final class GossipJson {

    private GossipJson() {}

    public static Map<String, Object> toMap(byte[] raw, GossipMessage message) {
        Objects.requireNonNull(raw, "raw cannot be null");
        Objects.requireNonNull(message, "message cannot be null");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", MessageType.name(message.type()));
        m.put("gossip_id", GossipId.of(raw).hex());
        if (message instanceof ChannelAnnouncement a) {
            channelAnnouncement(m, a);
        } else if (message instanceof NodeAnnouncement n) {
            nodeAnnouncement(m, n);
        } else {
            channelUpdate(m, (ChannelUpdate) message);
        }
        m.put("extension", message.extension().hex());
        m.put("raw", Hex.encode(raw));
        return m;
    }

    private static void channelAnnouncement(Map<String, Object> m, ChannelAnnouncement a) {
        m.put("short_channel_id", a.shortChannelId().toString());
        m.put("chain_hash", a.chainHash().hex());
        m.put("node_id_1", a.nodeId1().hex());
        m.put("node_id_2", a.nodeId2().hex());
        m.put("bitcoin_key_1", a.bitcoinKey1().hex());
        m.put("bitcoin_key_2", a.bitcoinKey2().hex());
        m.put("features", a.features().hex());
    }

    private static void nodeAnnouncement(Map<String, Object> m, NodeAnnouncement n) {
        m.put("node_id", n.nodeId().hex());
        m.put("timestamp", n.timestamp());
        m.put("alias", n.aliasText());
        m.put("rgb_color", n.colorHex().substring(1));
        m.put("features", n.features().hex());
        List<String> addresses = new ArrayList<>();
        for (NodeAddress address : NodeAddress.parseAll(n.addresses())) {
            addresses.add(address.toString());
        }
        m.put("addresses", addresses);
    }

    private static void channelUpdate(Map<String, Object> m, ChannelUpdate u) {
        m.put("short_channel_id", u.shortChannelId().toString());
        m.put("chain_hash", u.chainHash().hex());
        m.put("timestamp", u.timestamp());
        m.put("message_flags", u.messageFlags());
        m.put("channel_flags", u.channelFlags());
        m.put("direction", u.direction());
        m.put("disabled", u.disabled());
        m.put("cltv_expiry_delta", u.cltvExpiryDelta());
        m.put("htlc_minimum_msat", unsigned(u.htlcMinimumMsat()));
        m.put("fee_base_msat", u.feeBaseMsat());
        m.put("fee_proportional_millionths", u.feeProportionalMillionths());
        if (u.hasHtlcMaximumMsat()) {
            m.put("htlc_maximum_msat", unsigned(u.htlcMaximumMsat()));
        }
    }

    private static Object unsigned(long value) {
        return value >= 0 ? (Object) value : new BigInteger(Long.toUnsignedString(value));
    }
}
