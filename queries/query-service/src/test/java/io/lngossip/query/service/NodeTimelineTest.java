package io.lngossip.query.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.codec.Bytes;
import io.lngossip.codec.ChainHash;
import io.lngossip.codec.ChannelAnnouncement;
import io.lngossip.codec.ChannelUpdate;
import io.lngossip.codec.GossipCodec;
import io.lngossip.codec.GossipId;
import io.lngossip.codec.NodeAnnouncement;
import io.lngossip.codec.NodeId;
import io.lngossip.codec.ShortChannelId;
import io.lngossip.model.GraphHistory;
import io.lngossip.model.MaxAge;
import io.lngossip.model.Snapshot;
import io.lngossip.model.StoredMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The node timeline against graph-model's full replay: its live channel count equals Snapshot(T)'s at every T. */
class NodeTimelineTest {
    private static final long HORIZON = 120;

    @Test
    void shouldCountTheNodesChannelsInTheSnapshotAtEverySecond() throws Exception {
        for (long seed = 0; seed < 40; seed++) {
            Random r = new Random(seed);
            NodeId me = node(r);
            List<NodeId> others = List.of(node(r), node(r), node(r));
            GraphHistory h = new GraphHistory();
            Map<Long, Long> closes = new HashMap<>();
            for (int c = 0; c < 1 + r.nextInt(5); c++) {
                ShortChannelId scid = ShortChannelId.of(700_000 + c, r.nextInt(10), 0);
                NodeId peer = others.get(r.nextInt(others.size()));
                boolean mineFirst = r.nextBoolean();
                if (r.nextInt(6) != 0) { // some stay orphans: never in a snapshot
                    h.add(stored(announcement(r, scid, mineFirst ? me : peer, mineFirst ? peer : me)));
                }
                for (int u = r.nextInt(6); u > 0; u--) {
                    long ts = r.nextInt((int) HORIZON);
                    int flags = r.nextInt(2) | (r.nextInt(4) == 0 ? 2 : 0);
                    h.add(stored(update(r, scid, ts, flags)));
                    if (r.nextInt(5) == 0) {
                        h.add(stored(update(r, scid, ts, flags))); // other bytes for the same slot
                    }
                }
                if (r.nextInt(4) == 0) {
                    long closedAt = r.nextInt((int) HORIZON);
                    closes.put(scid.value(), closedAt);
                    h.addClose(scid.value(), closedAt);
                }
            }
            h.add(stored(new NodeAnnouncement(sig(r), Bytes.EMPTY, 5, me, 0xff0000, alias("one"), Bytes.EMPTY,
                    Bytes.EMPTY)));
            for (MaxAge maxAge : List.of(MaxAge.ofSeconds(15), MaxAge.ofSeconds(0), MaxAge.UNBOUNDED)) {
                NodeTimeline t = NodeTimeline.of(me, maxAge, h.byNode(me, null, null), canonical(h), closes, Map.of());
                for (long at = -1; at <= HORIZON + 20; at++) {
                    Snapshot s = h.snapshot(at, maxAge);
                    long want = s.channels().stream().filter(c -> c.announcement().nodeId1().equals(me)
                            || c.announcement().nodeId2().equals(me)).count();
                    assertThat(t.liveChannelsAt(at)).as("seed %d, maxAge %s, T=%d", seed, maxAge, at)
                            .isEqualTo((int) want);
                }
                // change points only: consecutive points differ
                for (int i = 1; i < t.liveChannels().size(); i++) {
                    assertThat(t.liveChannels().get(i).channels()).isNotEqualTo(t.liveChannels().get(i - 1).channels());
                }
            }
        }
    }

    @Test
    void shouldKeepTheCanonicalAnnouncementPerTimestampAndTheChannelsNamingTheNode() throws Exception {
        Random r = new Random(7);
        NodeId me = node(r);
        NodeId peer = node(r);
        GraphHistory h = new GraphHistory();
        StoredMessage a = stored(new NodeAnnouncement(sig(r), Bytes.EMPTY, 10, me, 0x112233, alias("first"),
                Bytes.EMPTY, Bytes.EMPTY));
        StoredMessage b = stored(new NodeAnnouncement(sig(r), Bytes.EMPTY, 10, me, 0x445566, alias("rival"),
                Bytes.EMPTY, Bytes.EMPTY));
        StoredMessage c = stored(new NodeAnnouncement(sig(r), Bytes.EMPTY, 20, me, 0x778899, alias("renamed"),
                Bytes.EMPTY, Bytes.EMPTY));
        ShortChannelId scid = ShortChannelId.of(800_000, 1, 1);
        h.add(c);
        h.add(b);
        h.add(a);
        h.add(stored(announcement(r, scid, peer, me)));
        h.add(stored(update(r, scid, 30, 1)));
        h.add(stored(update(r, scid, 40, 0)));
        NodeTimeline t = NodeTimeline.of(me, MaxAge.DEFAULT, h.byNode(me, null, null), canonical(h),
                Map.of(scid.value(), 90L), Map.of(scid.value(), 123_456L));
        StoredMessage canonicalAt10 = a.id().compareTo(b.id()) < 0 ? a : b;
        assertThat(t.announcements()).extracting(NodeTimeline.Announcement::id).containsExactly(canonicalAt10.id(),
                c.id());
        assertThat(t.announcements().get(1).announcement().aliasText()).isEqualTo("renamed");
        assertThat(t.channels()).singleElement().satisfies(ch -> {
            assertThat(ch.scid()).isEqualTo(scid);
            assertThat(ch.peer()).isEqualTo(peer);
            assertThat(ch.side()).isEqualTo(2);
            assertThat(ch.firstUpdate()).isEqualTo(30L);
            assertThat(ch.lastUpdate()).isEqualTo(40L);
            assertThat(ch.updates()).isEqualTo(2);
            assertThat(ch.capacitySat()).isEqualTo(123_456L);
            assertThat(ch.closedAt()).isEqualTo(90L);
        });
        assertThat(t.liveChannels()).containsExactly(new NodeTimeline.Point(30, 1), new NodeTimeline.Point(90, 0));
    }

    /** The canonical announcement of each scid: the smallest gossip_id, computed here from the history. */
    static Map<Long, GossipId> canonical(GraphHistory h) {
        Map<Long, GossipId> out = new HashMap<>();
        for (StoredMessage m : h.messages()) {
            if (m.message() instanceof ChannelAnnouncement a) {
                out.merge(a.shortChannelId().value(), m.id(), (x, y) -> x.compareTo(y) <= 0 ? x : y);
            }
        }
        return out;
    }

    static StoredMessage stored(Object message) throws Exception {
        byte[] raw = GossipCodec.encode((io.lngossip.codec.GossipMessage) message);
        return StoredMessage.of(raw, null);
    }

    static ChannelAnnouncement announcement(Random r, ShortChannelId scid, NodeId a, NodeId b) {
        return new ChannelAnnouncement(sig(r), sig(r), sig(r), sig(r), Bytes.EMPTY, ChainHash.BITCOIN_MAINNET, scid, a,
                b, Bytes.of(a.toArray()), Bytes.of(b.toArray()), Bytes.EMPTY);
    }

    static ChannelUpdate update(Random r, ShortChannelId scid, long ts, int flags) {
        return new ChannelUpdate(sig(r), ChainHash.BITCOIN_MAINNET, scid, ts, 1, flags, 40, 1000, r.nextInt(2000),
                r.nextInt(5000), 1_000_000_000L, Bytes.EMPTY);
    }

    static NodeId node(Random r) {
        byte[] k = new byte[33];
        r.nextBytes(k);
        k[0] = 2;
        return NodeId.of(k);
    }

    static Bytes alias(String text) {
        byte[] b = new byte[32];
        byte[] t = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        System.arraycopy(t, 0, b, 0, t.length);
        return Bytes.of(b);
    }

    static Bytes sig(Random r) {
        byte[] b = new byte[64];
        r.nextBytes(b);
        return Bytes.of(b);
    }
}
