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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One rule of SEMANTICS §4 per test, on histories small enough to check by hand. */
class SnapshotRulesTest {
    static final long DAY = 86_400;
    static final long T = 1_700_000_000L;
    static final NodeId A = node(1);
    static final NodeId B = node(2);
    static final NodeId C = node(3);
    static final long S1 = scid(600_000);
    static final long S2 = scid(600_001);

    private static List<GossipId> ids(StoredMessage... messages) {
        return Stream.of(messages).map(StoredMessage::id).toList();
    }

    private static List<GossipId> snapshot(GraphHistory h, long at, MaxAge maxAge) {
        return h.snapshot(at, maxAge).messages().stream().map(MessageRef::id).toList();
    }

    private static GraphHistory history(StoredMessage... messages) {
        GraphHistory h = new GraphHistory();
        for (StoredMessage m : messages) {
            h.add(m);
        }
        return h;
    }

    static Stream<Arguments> stalenessBoundary() {
        return Stream.of(
                Arguments.of("exactly T - maxAge is live", T - 14 * DAY, true),
                Arguments.of("one second older is pruned", T - 14 * DAY - 1, false),
                Arguments.of("at T itself is live", T, true),
                Arguments.of("after T is not yet known", T + 1, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stalenessBoundary")
    void shouldApplyTheStalenessBoundaryInclusively(String name, long updateTime, boolean live) {
        StoredMessage ann = announcement(S1, A, B, 1, null);
        StoredMessage upd = update(S1, 0, updateTime, 2);
        GraphHistory h = history(ann, upd);
        assertThat(snapshot(h, T, MaxAge.DEFAULT)).isEqualTo(live ? ids(ann, upd) : List.of());
    }

    @Test
    void shouldNeverPruneWithUnboundedMaxAge() {
        StoredMessage ann = announcement(S1, A, B, 1, null);
        StoredMessage ancient = update(S1, 1, 1_500_000_000L, 2);
        GraphHistory h = history(ann, ancient);
        assertThat(snapshot(h, T, MaxAge.UNBOUNDED)).isEqualTo(ids(ann, ancient));
        assertThat(snapshot(h, T, MaxAge.DEFAULT)).isEmpty();
        assertThat(snapshot(h, T, MaxAge.ofSeconds(0))).isEmpty();
        assertThat(snapshot(h, 1_500_000_000L, MaxAge.ofSeconds(0))).isEqualTo(ids(ann, ancient));
    }

    @Test
    void shouldTakeTheSmallestGossipIdAmongUpdatesOfEqualTimestamp() {
        StoredMessage ann = announcement(S1, A, B, 1, null);
        StoredMessage x = update(S1, 0, T - 10, 20);
        StoredMessage y = update(S1, 0, T - 10, 21);
        StoredMessage smaller = x.id().compareTo(y.id()) < 0 ? x : y;
        assertThat(snapshot(history(ann, x, y), T, MaxAge.DEFAULT)).isEqualTo(ids(ann, smaller));
        assertThat(snapshot(history(y, ann, x), T, MaxAge.DEFAULT)).isEqualTo(ids(ann, smaller));
    }

    @Test
    void shouldTakeTheLatestUpdateAtOrBeforeT() {
        StoredMessage ann = announcement(S1, A, B, 1, null);
        StoredMessage older = update(S1, 1, T - 100, 2);
        StoredMessage newer = update(S1, 1, T - 5, 3);
        StoredMessage future = update(S1, 1, T + 5, 4);
        GraphHistory h = history(ann, older, newer, future);
        assertThat(snapshot(h, T, MaxAge.DEFAULT)).isEqualTo(ids(ann, newer));
        assertThat(snapshot(h, T - 50, MaxAge.DEFAULT)).isEqualTo(ids(ann, older));
        assertThat(snapshot(h, T + 5, MaxAge.DEFAULT)).isEqualTo(ids(ann, future));
    }

    @Test
    void shouldKeepOrphanUpdatesUntilTheirAnnouncementArrives() {
        StoredMessage upd = update(S1, 0, T - 10, 2);
        StoredMessage nodeA = nodeAnnouncement(A, T - 20, 5);
        GraphHistory h = history(upd, nodeA);
        assertThat(snapshot(h, T, MaxAge.DEFAULT)).isEmpty();
        assertThat(h.byScid(S1, null, null)).extracting(StoredMessage::id).containsExactly(upd.id());
        // the announcement arrives much later, with a receipt time after T: it still counts at T
        StoredMessage ann = announcement(S1, A, B, 1, T + 10 * DAY);
        h.add(ann);
        assertThat(snapshot(h, T, MaxAge.DEFAULT)).isEqualTo(ids(ann, upd, nodeA));
    }

    @Test
    void shouldUseTheCanonicalAnnouncementAndItsEndpoints() {
        StoredMessage x = announcement(S1, A, B, 1, null);
        StoredMessage y = announcement(S1, A, C, 2, null);
        StoredMessage canonical = x.id().compareTo(y.id()) < 0 ? x : y;
        StoredMessage upd = update(S1, 0, T - 1, 3);
        GraphHistory h = history(x, y, upd);
        Snapshot s = h.snapshot(T, MaxAge.DEFAULT);
        assertThat(s.channels()).singleElement().satisfies(c -> assertThat(c.announcement().id())
                .isEqualTo(canonical.id()));
        NodeId other = canonical == x ? B : C;
        assertThat(s.nodes()).extracting(Snapshot.Node::nodeId).containsExactly(A, other);
        assertThat(h.byScid(S1, null, null)).extracting(StoredMessage::id).contains(x.id(), y.id());
    }

    @Test
    void shouldDropAChannelFromItsCloseOn() {
        StoredMessage ann = announcement(S1, A, B, 1, null);
        StoredMessage upd = update(S1, 0, T - 10, 2);
        GraphHistory h = history(ann, upd);
        h.addClose(S1, T);
        h.addClose(S1, T + 100); // a later close of the same channel changes nothing
        assertThat(snapshot(h, T - 1, MaxAge.DEFAULT)).isEqualTo(ids(ann, upd));
        assertThat(snapshot(h, T, MaxAge.DEFAULT)).isEmpty();
        assertThat(h.snapshot(T, MaxAge.DEFAULT).nodes()).isEmpty();
    }

    @Test
    void shouldKeepADisabledUpdateLiveWithItsFlag() {
        StoredMessage ann = announcement(S1, A, B, 1, null);
        StoredMessage disabled = update(S1, 0, T - 10, 2, true);
        GraphHistory h = history(ann, disabled);
        assertThat(snapshot(h, T, MaxAge.DEFAULT)).isEqualTo(ids(ann, disabled));
        assertThat(((io.lngossip.codec.ChannelUpdate) h.message(disabled.id()).orElseThrow().message()).disabled())
                .isTrue();
    }

    @Test
    void shouldExcludeNodesWithoutChannelsAndEmitEndpointsWithoutAnnouncement() {
        StoredMessage ann = announcement(S1, A, B, 1, null);
        StoredMessage upd = update(S1, 1, T - 10, 2);
        StoredMessage nodeA = nodeAnnouncement(A, T - 30, 3);
        StoredMessage nodeAFuture = nodeAnnouncement(A, T + 30, 4);
        StoredMessage lonely = nodeAnnouncement(C, T - 30, 5);
        GraphHistory h = history(ann, upd, nodeA, nodeAFuture, lonely);
        Snapshot s = h.snapshot(T, MaxAge.DEFAULT);
        assertThat(s.messages()).extracting(MessageRef::id).containsExactlyElementsOf(ids(ann, upd, nodeA));
        // B is present (an endpoint) without a message of its own; C has no channel
        assertThat(s.nodes()).extracting(Snapshot.Node::nodeId).containsExactly(A, B);
        assertThat(s.nodes().get(1).announcement()).isNull();
    }

    @Test
    void shouldNotPruneNodeAnnouncementsByMaxAge() {
        StoredMessage ann = announcement(S1, A, B, 1, null);
        StoredMessage upd = update(S1, 0, T - 10, 2);
        StoredMessage oldNode = nodeAnnouncement(B, T - 400 * DAY, 3);
        assertThat(snapshot(history(ann, upd, oldNode), T, MaxAge.DEFAULT)).isEqualTo(ids(ann, upd, oldNode));
    }

    @Test
    void shouldOrderChannelsByScidHalvesByDirectionThenNodesById() {
        StoredMessage ann2 = announcement(S2, C, A, 1, null);
        StoredMessage ann1 = announcement(S1, B, A, 2, null);
        StoredMessage u1d1 = update(S1, 1, T - 1, 3);
        StoredMessage u1d0 = update(S1, 0, T - 2, 4);
        StoredMessage u2d1 = update(S2, 1, T - 3, 5);
        StoredMessage nC = nodeAnnouncement(C, T - 4, 6);
        StoredMessage nA = nodeAnnouncement(A, T - 5, 7);
        GraphHistory h = history(nC, u2d1, ann2, u1d1, nA, ann1, u1d0);
        assertThat(snapshot(h, T, MaxAge.DEFAULT)).isEqualTo(ids(ann1, u1d0, u1d1, ann2, u2d1, nA, nC));
    }

    @Test
    void shouldOrderScidsAsUnsigned() {
        long high = io.lngossip.codec.ShortChannelId.of(9_000_000, 0, 0).value(); // sign bit set
        StoredMessage annHigh = announcement(high, A, B, 1, null);
        StoredMessage annLow = announcement(S1, A, B, 2, null);
        StoredMessage uHigh = update(high, 0, T - 1, 3);
        StoredMessage uLow = update(S1, 0, T - 1, 4);
        GraphHistory h = history(annHigh, uHigh, annLow, uLow);
        assertThat(snapshot(h, T, MaxAge.DEFAULT)).isEqualTo(ids(annLow, uLow, annHigh, uHigh));
    }
}
