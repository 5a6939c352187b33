package io.lngossip.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lngossip.codec.NodeId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The announcements made ready for many snapshots: canonical per scid, unsigned scid order, numbered endpoints. */
class AnnouncementsTest {
    static final NodeId A = Gossip.node(1);
    static final NodeId B = Gossip.node(2);
    static final NodeId C = Gossip.node(3);

    static ChannelRef ref(long scid, NodeId n1, NodeId n2, int salt) {
        return ((Delta.ChannelAnnounced) Gossip.announcement(scid, n1, n2, salt, null).delta()).ref();
    }

    @Test
    void shouldKeepTheCanonicalAnnouncementOfEachScidByUnsignedScid() {
        long high = 0x8000_0000_0000_0001L; // negative as a long, the largest scid unsigned
        long low = Gossip.scid(700_000);
        ChannelRef x = ref(low, A, B, 1);
        ChannelRef y = ref(low, C, B, 2);
        ChannelRef canonical = x.beats(y) ? x : y;
        ChannelRef last = ref(high, B, C, 3);

        Announcements a = Announcements.of(List.of(last, x, y));

        assertThat(a.size()).isEqualTo(2);
        assertThat(a.get(0)).isEqualTo(canonical);
        assertThat(a.get(1)).isEqualTo(last);
    }

    @Test
    void shouldNumberTheEndpointsInNodeIdOrder() {
        List<ChannelRef> refs = new ArrayList<>();
        refs.add(ref(Gossip.scid(700_002), C, A, 1));
        refs.add(ref(Gossip.scid(700_001), B, C, 2));

        Announcements a = Announcements.of(refs);

        List<NodeId> dictionary = new ArrayList<>();
        for (int k = 0; k < a.nodeCount(); k++) {
            dictionary.add(a.node(k));
        }
        assertThat(dictionary).containsExactlyInAnyOrder(A, B, C).isSorted();
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.node(a.end1(i))).isEqualTo(a.get(i).nodeId1());
            assertThat(a.node(a.end2(i))).isEqualTo(a.get(i).nodeId2());
        }
    }

    @Test
    void shouldRefuseAnAnnouncementAmongTheDeltasWhenTheyAreGivenApart() {
        long scid = Gossip.scid(700_000);
        Announcements a = Announcements.of(List.of(ref(scid, A, B, 1)));
        List<Delta> deltas = List.of(Gossip.update(scid, 0, 900, 1).delta(),
                Gossip.announcement(Gossip.scid(700_001), A, C, 2, null).delta());

        assertThatThrownBy(() -> Reconstruction.snapshot(a, List.of(), List.of(), deltas, 1_000, MaxAge.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("among the deltas");
        Snapshot s = Reconstruction.snapshot(a, List.of(), List.of(), deltas.subList(0, 1), 1_000, MaxAge.DEFAULT);
        assertThat(s.channels()).extracting(Snapshot.Channel::scid).containsExactly(scid);
        assertThat(s.nodes()).extracting(Snapshot.Node::nodeId).containsExactly(A, B);
    }
}
