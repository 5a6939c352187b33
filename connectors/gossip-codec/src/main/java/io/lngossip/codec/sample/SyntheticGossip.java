package io.lngossip.codec.sample;

import io.lngossip.codec.Bytes;
import io.lngossip.codec.ChainHash;
import io.lngossip.codec.ChannelAnnouncement;
import io.lngossip.codec.ChannelUpdate;
import io.lngossip.codec.GossipCodec;
import io.lngossip.codec.NodeAnnouncement;
import io.lngossip.codec.NodeId;
import io.lngossip.codec.ShortChannelId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A seeded synthetic history, small: channels (one in seven never announced), updates (competing bytes in the same
 * slot included, a share with LND's inbound-fee TLV), node announcements, all in the two days from 2024-01-01,
 * shuffled so timestamps arrive out of order, an eighth held back to arrive late, and a quarter seen again by a second
 * collector. The same seed gives the same history. Signatures are filler: use it with signature checks off (the end
 * to end tests, the demo's "generated" collector). The mainnet-scale generator of the benchmarks is another matter.
 */
public final class SyntheticGossip {
    /** One publication: bytes, collector, receipt time in ms. */
    public record Sighting(byte[] message, String collector, long receivedAtMs) {}

    public static final long START = 1_704_067_200L; // 2024-01-01T00:00:00Z
    public static final long SPAN = 2 * 86_400L;

    private SyntheticGossip() {}

    /** The sightings, in publication order; collectors {@code gen-a} and {@code gen-b}. */
    public static List<Sighting> generate(long seed, int channels) {
        Random r = new Random(seed);
        List<NodeId> nodes = new ArrayList<>();
        for (int i = 0; i < channels / 2 + 2; i++) {
            byte[] k = new byte[33];
            r.nextBytes(k);
            k[0] = (byte) (2 + r.nextInt(2));
            nodes.add(NodeId.of(k));
        }
        List<byte[]> messages = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            ShortChannelId scid = ShortChannelId.of(820_000 + c, r.nextInt(3000), r.nextInt(3));
            NodeId a = nodes.get(r.nextInt(nodes.size()));
            NodeId b = nodes.get(r.nextInt(nodes.size()));
            if (c % 7 != 6) { // one channel in seven stays an orphan
                messages.add(GossipCodec.encode(new ChannelAnnouncement(sig(r), sig(r), sig(r), sig(r), Bytes.EMPTY,
                        ChainHash.BITCOIN_MAINNET, scid, a, b, Bytes.of(a.toArray()), Bytes.of(b.toArray()),
                        Bytes.EMPTY)));
            }
            int updates = 1 + r.nextInt(6);
            for (int u = 0; u < updates; u++) {
                long ts = START + (long) (r.nextDouble() * SPAN);
                int flags = r.nextInt(2) | (r.nextInt(5) == 0 ? 2 : 0);
                messages.add(update(r, scid, ts, flags));
                if (r.nextInt(10) == 0) {
                    messages.add(update(r, scid, ts, flags)); // other bytes for the same slot
                }
            }
        }
        for (NodeId n : nodes) {
            for (int i = r.nextInt(3); i > 0; i--) {
                byte[] alias = new byte[32];
                alias[0] = (byte) ('a' + r.nextInt(26));
                messages.add(GossipCodec.encode(new NodeAnnouncement(sig(r), Bytes.EMPTY,
                        START + (long) (r.nextDouble() * SPAN), n, r.nextInt(0xFFFFFF), Bytes.of(alias), Bytes.EMPTY,
                        Bytes.EMPTY)));
            }
        }
        Collections.shuffle(messages, r);
        List<Sighting> out = new ArrayList<>();
        List<Sighting> late = new ArrayList<>();
        for (byte[] m : messages) {
            long receipt = (START + SPAN + r.nextInt(600)) * 1000L;
            Sighting s = new Sighting(m, "gen-a", receipt);
            (r.nextInt(8) == 0 ? late : out).add(s);
            if (r.nextInt(4) == 0) {
                out.add(new Sighting(m, "gen-b", receipt + 1 + r.nextInt(5000)));
            }
        }
        out.addAll(late);
        return out;
    }

    private static byte[] update(Random r, ShortChannelId scid, long ts, int flags) {
        return GossipCodec.encode(new ChannelUpdate(sig(r), ChainHash.BITCOIN_MAINNET, scid, ts, 1, flags,
                40 + r.nextInt(100), 1000, r.nextInt(2000), r.nextInt(5000), 1_000_000_000L + r.nextInt(1000),
                r.nextBoolean() ? Bytes.fromHex("fdd903080000000000000000") : Bytes.EMPTY));
    }

    private static Bytes sig(Random r) {
        byte[] b = new byte[64];
        r.nextBytes(b);
        return Bytes.of(b);
    }
}
