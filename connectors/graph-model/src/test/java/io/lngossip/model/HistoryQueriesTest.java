package io.lngossip.model;

import static io.lngossip.model.Gossip.announcement;
import static io.lngossip.model.Gossip.node;
import static io.lngossip.model.Gossip.nodeAnnouncement;
import static io.lngossip.model.Gossip.scid;
import static io.lngossip.model.Gossip.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.codec.GossipId;
import io.lngossip.codec.NodeId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** By scid, by node and Range (SEMANTICS §4), on hand-checked histories. */
class HistoryQueriesTest {
    static final NodeId A = node(1);
    static final NodeId B = node(2);
    static final NodeId C = node(3);
    static final long S1 = scid(700_000);
    static final long S2 = scid(700_001);

    private static List<GossipId> ids(StoredMessage... m) {
        return Stream.of(m).map(StoredMessage::id).toList();
    }

    private static List<GossipId> ids(List<StoredMessage> m) {
        return m.stream().map(StoredMessage::id).toList();
    }

    @Test
    void shouldListEveryDistinctMessageOfAScidAnnouncementsFirst() {
        StoredMessage ann = announcement(S1, A, B, 1, 500L);
        StoredMessage u1 = update(S1, 1, 100, 2);
        StoredMessage u0 = update(S1, 0, 100, 3);
        StoredMessage u0b = update(S1, 0, 100, 4); // competing bytes for the same slot: kept too
        StoredMessage u2 = update(S1, 0, 50, 5);
        GraphHistory h = new GraphHistory();
        for (StoredMessage m : List.of(u1, u0, ann, u0b, u2, u1)) {
            h.add(m);
        }
        StoredMessage first0 = u0.id().compareTo(u0b.id()) < 0 ? u0 : u0b;
        StoredMessage second0 = first0 == u0 ? u0b : u0;
        assertThat(ids(h.byScid(S1, null, null))).isEqualTo(ids(ann, u2, first0, second0, u1));
        assertThat(ids(h.byScid(S1, 60L, 100L))).isEqualTo(ids(ann, first0, second0, u1));
        assertThat(ids(h.byScid(S1, 101L, null))).isEqualTo(ids(ann));
        assertThat(h.knowsScid(S1)).isTrue();
        assertThat(h.knowsScid(S2)).isFalse();
    }

    @Test
    void shouldListANodesAnnouncementsChannelsAndTheirUpdates() {
        StoredMessage ann1 = announcement(S1, A, B, 1, null);
        StoredMessage ann2 = announcement(S2, C, B, 2, null);
        StoredMessage u1 = update(S1, 0, 10, 3);
        StoredMessage u2 = update(S2, 1, 20, 4);
        StoredMessage nB = nodeAnnouncement(B, 15, 5);
        StoredMessage nA = nodeAnnouncement(A, 5, 6);
        GraphHistory h = new GraphHistory();
        for (StoredMessage m : List.of(u2, nA, ann2, u1, nB, ann1)) {
            h.add(m);
        }
        assertThat(ids(h.byNode(B, null, null))).isEqualTo(ids(ann1, ann2, u1, nB, u2));
        assertThat(ids(h.byNode(A, null, null))).isEqualTo(ids(ann1, nA, u1));
        assertThat(ids(h.byNode(C, 11L, 30L))).isEqualTo(ids(ann2, u2));
        assertThat(h.knowsNode(C)).isTrue();
        assertThat(h.knowsNode(node(99))).isFalse();
    }

    @Test
    void shouldPlaceAnnouncementsInRangeByFirstReceiptElseEarliestUpdate() {
        StoredMessage received = announcement(S1, A, B, 1, 30L);
        StoredMessage unreceived = announcement(S2, A, C, 2, null);
        StoredMessage u1 = update(S1, 0, 10, 3);
        StoredMessage u2 = update(S2, 1, 25, 4);
        StoredMessage u2later = update(S2, 1, 40, 5);
        StoredMessage orphanAnn = announcement(scid(700_002), B, C, 6, null); // no receipt, no update: no time
        StoredMessage nA = nodeAnnouncement(A, 25, 7);
        GraphHistory h = new GraphHistory();
        for (StoredMessage m : List.of(u2later, orphanAnn, nA, u2, u1, unreceived, received)) {
            h.add(m);
        }
        // times: u1 10, u2 25, nA 25, unreceived 25 (earliest update), received 30, u2later 40
        // ties at 25 break by type: 256 (announcement) < 257 (node) < 258 (update)
        assertThat(ids(h.range(0, 100))).isEqualTo(ids(u1, unreceived, nA, u2, received, u2later));
        assertThat(ids(h.range(25, 30))).isEqualTo(ids(unreceived, nA, u2, received));
        assertThat(h.range(41, 100)).isEmpty();
    }

    @Test
    void shouldKeepTheEarliestReceiptTimeOfAMessageSeenTwice() {
        GraphHistory h = new GraphHistory();
        assertThat(h.add(announcement(S1, A, B, 1, 90L))).isTrue();
        assertThat(h.add(announcement(S1, A, B, 1, null))).isFalse();
        assertThat(h.add(announcement(S1, A, B, 1, 70L))).isFalse();
        assertThat(h.add(announcement(S1, A, B, 1, 80L))).isFalse();
        assertThat(h.size()).isEqualTo(1);
        assertThat(h.byScid(S1, null, null)).singleElement().satisfies(m -> assertThat(m.firstSeen()).isEqualTo(70L));
        assertThat(h.range(70, 70)).hasSize(1);
    }
}
