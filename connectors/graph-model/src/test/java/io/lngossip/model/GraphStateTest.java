package io.lngossip.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.codec.NodeId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The state's node-id dictionary (kept as deltas are joined, not gathered per checkpoint) against the plain encoder,
 * which gathers it from the state's deltas: a channel announced again with other endpoints, a node left with neither
 * a channel nor an announcement, and copies that change on their own.
 */
class GraphStateTest {
    static final long SCID = Gossip.scid(700_000);
    static final NodeId A = Gossip.node(1);
    static final NodeId B = Gossip.node(2);
    static final NodeId C = Gossip.node(3);

    /** Two announcements of one scid with different endpoints, the canonical one (smaller gossip id) first. */
    static List<Delta> competing() {
        Delta x = Gossip.announcement(SCID, A, B, 1, null).delta();
        Delta y = Gossip.announcement(SCID, C, B, 2, null).delta();
        boolean xWins = ((Delta.ChannelAnnounced) x).ref().beats(((Delta.ChannelAnnounced) y).ref());
        return xWins ? List.of(x, y) : List.of(y, x);
    }

    static byte[] encode(GraphState state) {
        return CheckpointCodec.encode(new Checkpoint(1_000, state));
    }

    static byte[] reference(GraphState state) {
        return ReferenceCheckpointEncoder.encode(new Checkpoint(1_000, state));
    }

    @Test
    void shouldDropAnEndpointNoAnnouncementNamesAnyMore() {
        List<Delta> both = competing();
        ChannelRef winner = ((Delta.ChannelAnnounced) both.get(0)).ref();
        ChannelRef loser = ((Delta.ChannelAnnounced) both.get(1)).ref();
        NodeId dropped = loser.nodeId1();

        // the loser first, then the canonical one replaces its endpoints
        GraphState state = new GraphState();
        state.apply(both.get(1));
        state.apply(both.get(0));
        state.apply(Gossip.update(SCID, 0, 900, 1).delta());

        GraphState expected = new GraphState();
        expected.apply(both.get(0));
        expected.apply(Gossip.update(SCID, 0, 900, 1).delta());

        assertThat(state).isEqualTo(expected);
        assertThat(encode(state)).isEqualTo(reference(state)).isEqualTo(encode(expected));
        assertThat(state.dictionary()).extracting(n -> n.id)
                .containsExactly(winner.nodeId1().compareTo(winner.nodeId2()) < 0
                        ? new NodeId[] {winner.nodeId1(), winner.nodeId2()}
                        : new NodeId[] {winner.nodeId2(), winner.nodeId1()})
                .doesNotContain(dropped);
        assertThat(CheckpointCodec.decode(encode(state)).stateView()).isEqualTo(state);
    }

    @Test
    void shouldKeepAnEndpointThatStillHasItsOwnAnnouncement() {
        List<Delta> both = competing();
        NodeId dropped = ((Delta.ChannelAnnounced) both.get(1)).ref().nodeId1();
        GraphState state = new GraphState();
        state.apply(Gossip.nodeAnnouncement(dropped, 800, 1).delta());
        state.apply(both.get(1));
        state.apply(both.get(0));

        assertThat(state.dictionary()).extracting(n -> n.id).contains(dropped).hasSize(3);
        assertThat(state.nodeCount()).isEqualTo(1);
        assertThat(encode(state)).isEqualTo(reference(state));
        assertThat(CheckpointCodec.decode(encode(state)).stateView()).isEqualTo(state);
    }

    @Test
    void shouldChangeACopyWithoutTheOriginal() {
        List<Delta> both = competing();
        GraphState original = new GraphState();
        original.apply(both.get(1));
        original.apply(Gossip.nodeAnnouncement(B, 800, 1).delta());
        byte[] before = encode(original);
        String shown = original.snapshot(1_000, MaxAge.UNBOUNDED).toString();

        GraphState copy = original.copy();
        assertThat(copy).isEqualTo(original);
        copy.apply(both.get(0));
        copy.apply(Gossip.nodeAnnouncement(B, 900, 2).delta());
        copy.apply(Gossip.update(SCID, 1, 950, 3).delta());

        assertThat(encode(original)).isEqualTo(before);
        assertThat(original.snapshot(1_000, MaxAge.UNBOUNDED).toString()).isEqualTo(shown);
        assertThat(encode(copy)).isEqualTo(reference(copy));
        assertThat(copy.snapshot(1_000, MaxAge.UNBOUNDED).channels()).hasSize(1);
        // the original's endpoints still counted as its own: the same change drops the same entry there
        original.apply(both.get(0));
        assertThat(encode(original)).isEqualTo(reference(original));
        original.apply(both.get(1));
        assertThat(original.dictionary()).hasSameSizeAs(copy.dictionary());

        // and the other way: the original changed, the copy as it was
        GraphState second = copy.copy();
        byte[] copied = encode(second);
        copy.apply(Gossip.nodeAnnouncement(C, 990, 4).delta());
        assertThat(encode(second)).isEqualTo(copied).isEqualTo(reference(second));
        assertThat(encode(copy)).isEqualTo(reference(copy));
    }
}
