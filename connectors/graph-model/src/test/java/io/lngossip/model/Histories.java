package io.lngossip.model;

import io.lngossip.codec.NodeId;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generated histories: few scids and nodes and a narrow time range, so equal timestamps, competing bytes for one slot,
 * duplicates, orphans, closes and staleness boundaries are all frequent.
 */
final class Histories {
    static final int TIME_SPAN = 40;
    static final int SCIDS = 5; // the last one never gets an announcement: its updates stay orphans
    static final int NODES = 5;

    private Histories() {}

    /** One generated history: messages (with repeats) and closes. */
    record History(List<StoredMessage> messages, List<long[]> closes) {
        GraphHistory replay() {
            GraphHistory h = new GraphHistory();
            messages.forEach(h::add);
            closes.forEach(c -> h.addClose(c[0], c[1]));
            return h;
        }

        java.util.Map<Long, Long> closeMap() {
            java.util.Map<Long, Long> m = new java.util.HashMap<>();
            closes.forEach(c -> m.merge(c[0], c[1], Math::min));
            return m;
        }
    }

    static long scidOf(int i) {
        return Gossip.scid(800_000 + i);
    }

    static NodeId nodeOf(int i) {
        return Gossip.node(10 + i);
    }

    static Arbitrary<StoredMessage> message() {
        Arbitrary<StoredMessage> ann = Combinators.combine(Arbitraries.integers().between(0, SCIDS - 2),
                Arbitraries.integers().between(0, NODES - 1), Arbitraries.integers().between(0, NODES - 1),
                Arbitraries.integers().between(0, 2), Arbitraries.longs().between(-1, TIME_SPAN))
                .as((s, n1, n2, salt, seen) -> Gossip.announcement(scidOf(s), nodeOf(n1), nodeOf(n2), salt,
                        seen < 0 ? null : seen));
        Arbitrary<StoredMessage> upd = Combinators.combine(Arbitraries.integers().between(0, SCIDS - 1),
                Arbitraries.integers().between(0, 1), Arbitraries.longs().between(0, TIME_SPAN),
                Arbitraries.integers().between(0, 3), Arbitraries.of(false, false, true))
                .as((s, d, ts, salt, disabled) -> Gossip.update(scidOf(s), d, ts, 100 + salt, disabled));
        Arbitrary<StoredMessage> node = Combinators.combine(Arbitraries.integers().between(0, NODES - 1),
                Arbitraries.longs().between(0, TIME_SPAN), Arbitraries.integers().between(0, 2))
                .as((n, ts, salt) -> Gossip.nodeAnnouncement(nodeOf(n), ts, 200 + salt));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, ann), net.jqwik.api.Tuple.of(6, upd), net.jqwik.api.Tuple.of(2, node));
    }

    static Arbitrary<History> histories() {
        Arbitrary<List<StoredMessage>> messages = message().list().ofMinSize(0).ofMaxSize(40);
        Arbitrary<List<long[]>> closes = Combinators.combine(Arbitraries.integers().between(0, SCIDS - 1),
                Arbitraries.longs().between(0, TIME_SPAN)).as((s, t) -> new long[] {scidOf(s), t})
                .list().ofMaxSize(3);
        return Combinators.combine(messages, closes).as((m, c) -> {
            List<StoredMessage> withRepeats = new ArrayList<>(m);
            // repeat a prefix: the same bytes again, as another collector or a replay would deliver them
            withRepeats.addAll(m.subList(0, m.size() / 3));
            return new History(withRepeats, c);
        });
    }

    static Arbitrary<MaxAge> maxAges() {
        return Arbitraries.of(MaxAge.UNBOUNDED, MaxAge.ofSeconds(0), MaxAge.ofSeconds(7), MaxAge.ofSeconds(15),
                MaxAge.DEFAULT);
    }
}
