package io.lngossip.bench.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.codec.GossipParseException;
import io.lngossip.model.GraphHistory;
import io.lngossip.model.MaxAge;
import io.lngossip.model.Snapshot;
import io.lngossip.model.StoredMessage;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated history, replayed with the contract's own implementation (graph-model's full replay), gives the
 * network its options describe: the benchmarks will see these snapshots.
 */
class ReplayedHistoryTest {
    private static final GeneratorOptions OPTIONS = GeneratorOptions.small();
    private static final long END = OPTIONS.end().getEpochSecond();

    private static GossipGenerator generator;
    private static final GraphHistory HISTORY = new GraphHistory();
    private static final Set<Long> CLOSED = new HashSet<>();

    @BeforeAll
    static void replay() throws GossipParseException {
        generator = GossipGenerator.create(OPTIONS);
        for (GeneratedEvent e : generator) {
            if (e instanceof GeneratedEvent.Sighting s) {
                HISTORY.add(StoredMessage.of(s.message(), s.receivedAtMs() / 1000));
            } else if (e instanceof GeneratedEvent.Close c) {
                HISTORY.addClose(c.scid().value(), c.closedAt());
                CLOSED.add(c.scid().value());
            }
        }
    }

    private static Set<Long> scids(Snapshot s) {
        Set<Long> out = new HashSet<>();
        s.channels().forEach(c -> out.add(c.scid()));
        return out;
    }

    @Test
    void shouldHoldTheLiveChannelsAtTheEnd() {
        Snapshot end = HISTORY.snapshot(END, MaxAge.DEFAULT);
        double alive = OPTIONS.channels() * (1 - OPTIONS.orphanShare() - OPTIONS.staleShare() - OPTIONS.closedShare())
                + OPTIONS.opensPerDay() * OPTIONS.days();
        assertThat((double) end.channels().size()).isBetween(alive * 0.9, alive * 1.1);
        assertThat(scids(end)).contains(generator.hotChannel().value()).doesNotContainAnyElementsOf(CLOSED);
        assertThat(end.nodes()).extracting(Snapshot.Node::nodeId).contains(generator.busiestNode());
        assertThat(end.nodes().size()).isBetween(OPTIONS.nodes() * 8 / 10, OPTIONS.nodes());
    }

    @Test
    void shouldKeepStaleChannelsOutOfPrunedSnapshotsOnly() {
        Set<Long> pruned = scids(HISTORY.snapshot(END, MaxAge.DEFAULT));
        Set<Long> unpruned = scids(HISTORY.snapshot(END, MaxAge.UNBOUNDED));
        unpruned.removeAll(pruned);
        double stale = OPTIONS.staleShare() * OPTIONS.channels();
        assertThat((double) unpruned.size()).isBetween(stale * 0.5, stale * 1.5 + 2);
    }

    @Test
    void shouldHaveTheClosedChannelsLiveBeforeTheirClose() {
        Set<Long> atStart = scids(HISTORY.snapshot(OPTIONS.start().getEpochSecond() + 3_000, MaxAge.DEFAULT));
        assertThat(CLOSED).isNotEmpty();
        assertThat(atStart).containsAll(CLOSED);
    }

    @Test
    void shouldChangeTheNetworkHourByHour() {
        long t = OPTIONS.start().getEpochSecond() + 86_400;
        assertThat(HISTORY.diff(t, t + 3_600, MaxAge.DEFAULT).added()).hasSizeGreaterThan(OPTIONS.updatesPerDay() / 48);
    }
}
