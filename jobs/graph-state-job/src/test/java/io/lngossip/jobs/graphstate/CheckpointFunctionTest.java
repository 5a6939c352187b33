package io.lngossip.jobs.graphstate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.codec.NodeId;
import io.lngossip.flink.jdbc.CheckpointRow;
import io.lngossip.flink.jdbc.InvalidationRow;
import io.lngossip.model.Checkpoint;
import io.lngossip.model.CheckpointCodec;
import io.lngossip.model.GraphHistory;
import io.lngossip.model.GraphState;
import io.lngossip.model.MaxAge;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The checkpoint step in an operator harness: instants, late data, and a snapshot/restore round trip. */
class CheckpointFunctionTest {
    static final long H = 3600;
    static final long SCID = io.lngossip.codec.ShortChannelId.of(800_000, 1, 0).value();

    static byte[] id(int n) {
        byte[] b = new byte[32];
        b[31] = (byte) n;
        b[0] = (byte) (n >> 8);
        return b;
    }

    static byte[] node(int n) {
        byte[] b = new byte[33];
        b[0] = 2;
        b[32] = (byte) n;
        return b;
    }

    static KeyedOneInputStreamOperatorTestHarness<Integer, StateChange, CheckpointRow> harness() throws Exception {
        return harness(H, null);
    }

    /** A step with this checkpoint interval, restored from {@code from} unless it is null. */
    static KeyedOneInputStreamOperatorTestHarness<Integer, StateChange, CheckpointRow> harness(long intervalSeconds,
            OperatorSubtaskState from) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new CheckpointFunction(intervalSeconds, "test")), (StateChange c) -> 0,
                Types.INT);
        if (from != null) {
            h.initializeState(from);
        }
        h.open();
        return h;
    }

    static void send(KeyedOneInputStreamOperatorTestHarness<Integer, StateChange, CheckpointRow> h, StateChange c)
            throws Exception {
        h.processElement(new StreamRecord<>(c, Math.max(0, c.instant()) * 1000));
    }

    static List<CheckpointRow> checkpoints(KeyedOneInputStreamOperatorTestHarness<Integer, StateChange, CheckpointRow> h) {
        List<CheckpointRow> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r && r.getValue() instanceof CheckpointRow c) {
                out.add(c);
            }
        }
        return out;
    }

    @Test
    void shouldWriteACheckpointWhenTheWatermarkPassesEachInstantWithData() throws Exception {
        var h = harness();
        send(h, StateChange.announcement(SCID, id(1), node(1), node(2)));
        send(h, StateChange.update(SCID, 0, 10 * H + 5, id(2), Long.MAX_VALUE, 1000, 100));
        send(h, StateChange.update(SCID, 1, 12 * H + 7, id(3), Long.MAX_VALUE, 0, 1));
        h.processWatermark(11 * H * 1000);
        assertThat(checkpoints(h)).extracting(CheckpointRow::instant).containsExactly(11 * H);
        h.processWatermark(20 * H * 1000);
        List<CheckpointRow> rows = checkpoints(h);
        // no data in (11h, 12h]: no checkpoint at 12h; the 12h+7s update lands in the 13h one
        assertThat(rows).extracting(CheckpointRow::instant).containsExactly(11 * H, 13 * H);
        Checkpoint at13 = CheckpointCodec.decode(rows.get(1).body());
        assertThat(at13.state().halfChannelCount()).isEqualTo(2);
        assertThat(rows.get(1).seq()).isGreaterThan(rows.get(0).seq());
        assertThat(h.getSideOutput(CheckpointFunction.INVALIDATIONS)).isNullOrEmpty();
        assertThat(h.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldInvalidateExactlyTheCheckpointsALateUpdateReachesAndRewriteTheLast() throws Exception {
        var h = harness();
        send(h, StateChange.announcement(SCID, id(1), node(1), node(2)));
        send(h, StateChange.update(SCID, 0, 2 * H, id(2), Long.MAX_VALUE, 1, 1));
        send(h, StateChange.update(SCID, 0, 6 * H, id(3), Long.MAX_VALUE, 1, 1));
        send(h, StateChange.node(node(1), 9 * H, id(4), Long.MAX_VALUE));
        h.processWatermark(10 * H * 1000);
        assertThat(checkpoints(h)).extracting(CheckpointRow::instant).containsExactly(2 * H, 6 * H, 9 * H);

        // direction 0 updated at 3h, arriving late; its next known update is at 6h: checkpoints in [3h, 6h) are stale
        send(h, StateChange.update(SCID, 0, 3 * H, id(5), 6 * H, 1, 1));
        List<InvalidationRow> invalidations = new ArrayList<>();
        h.getSideOutput(CheckpointFunction.INVALIDATIONS).forEach(r -> invalidations.add(r.getValue()));
        assertThat(invalidations).singleElement().satisfies(i -> {
            assertThat(i.fromInclusive()).isEqualTo(3 * H);
            assertThat(i.toExclusive()).isEqualTo(6 * H);
        });
        // the state at 9h already has the 6h update of direction 0: nothing to rewrite
        assertThat(checkpoints(h)).hasSize(3);

        // direction 1 first heard of late, at 7h, with nothing after it: [7h, 9h) stale, and the 9h checkpoint
        // (which lacked it) written again with it
        h.getSideOutput(CheckpointFunction.INVALIDATIONS).clear();
        send(h, StateChange.update(SCID, 1, 7 * H, id(6), Long.MAX_VALUE, 1, 1));
        assertThat(h.getSideOutput(CheckpointFunction.INVALIDATIONS)).singleElement().satisfies(r -> {
            assertThat(r.getValue().fromInclusive()).isEqualTo(7 * H);
            assertThat(r.getValue().toExclusive()).isEqualTo(9 * H);
        });
        assertThat(checkpoints(h)).as("the rewrite waits for more late changes").hasSize(3);
        h.setProcessingTime(h.getProcessingTime() + CheckpointFunction.REWRITE_DELAY_MS);
        List<CheckpointRow> rows = checkpoints(h);
        assertThat(rows).extracting(CheckpointRow::instant).containsExactly(2 * H, 6 * H, 9 * H, 9 * H);
        assertThat(rows.get(3).seq()).isGreaterThan(rows.get(2).seq());
        GraphState rewritten = CheckpointCodec.decode(rows.get(3).body()).state();
        var channel = rewritten.snapshot(9 * H, MaxAge.UNBOUNDED).channels().get(0);
        assertThat(channel.direction0().timestamp()).isEqualTo(6 * H);
        assertThat(channel.direction1().timestamp()).isEqualTo(7 * H);
    }

    @Test
    void shouldRewriteTheLastCheckpointOnceForManyLateChanges() throws Exception {
        var h = harness();
        send(h, StateChange.announcement(SCID, id(1), node(1), node(2)));
        send(h, StateChange.update(SCID, 0, 9 * H, id(2), Long.MAX_VALUE, 1, 1));
        h.processWatermark(10 * H * 1000);
        assertThat(checkpoints(h)).extracting(CheckpointRow::instant).containsExactly(9 * H);
        for (int n = 0; n < 50; n++) { // 50 late nodes, each changing the state
            send(h, StateChange.node(node(10 + n), 8 * H + n, id(100 + n), Long.MAX_VALUE));
        }
        assertThat(checkpoints(h)).hasSize(1);
        h.setProcessingTime(h.getProcessingTime() + CheckpointFunction.REWRITE_DELAY_MS);
        List<CheckpointRow> rows = checkpoints(h);
        assertThat(rows).extracting(CheckpointRow::instant).containsExactly(9 * H, 9 * H);
        assertThat(CheckpointCodec.decode(rows.get(1).body()).state().nodeCount()).as("announced nodes").isEqualTo(50);
        assertThat(h.getSideOutput(CheckpointFunction.INVALIDATIONS)).hasSize(50);
        assertThat(h.numProcessingTimeTimers()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldWriteAPendingRewriteBeforeMovingOnAndWhenTheInputEnds() throws Exception {
        var h = harness();
        send(h, StateChange.announcement(SCID, id(1), node(1), node(2)));
        send(h, StateChange.update(SCID, 0, 9 * H, id(2), Long.MAX_VALUE, 1, 1));
        h.processWatermark(10 * H * 1000);
        send(h, StateChange.update(SCID, 1, 8 * H, id(3), Long.MAX_VALUE, 1, 1)); // late
        send(h, StateChange.update(SCID, 0, 11 * H, id(4), Long.MAX_VALUE, 1, 1));
        h.processWatermark(12 * H * 1000); // before the 1 s of processing time has passed
        List<CheckpointRow> rows = checkpoints(h);
        // the 9h checkpoint corrected first: nothing else would ever correct it once the state is at 11h
        assertThat(rows).extracting(CheckpointRow::instant).containsExactly(9 * H, 9 * H, 11 * H);
        assertThat(CheckpointCodec.decode(rows.get(1).body()).state().halfChannelCount()).isEqualTo(2);
        assertThat(rows.get(2).seq()).isGreaterThan(rows.get(1).seq());

        send(h, StateChange.node(node(3), 10 * H, id(5), Long.MAX_VALUE)); // late again, then the input ends
        h.processWatermark(Long.MAX_VALUE);
        rows = checkpoints(h);
        assertThat(rows).extracting(CheckpointRow::instant).containsExactly(9 * H, 9 * H, 11 * H, 11 * H);
        assertThat(CheckpointCodec.decode(rows.get(3).body()).state().nodeCount()).as("announced nodes").isEqualTo(1);
    }

    @Test
    void shouldRestoreItsStateFromAFlinkCheckpoint() throws Exception {
        var h = harness();
        send(h, StateChange.announcement(SCID, id(1), node(1), node(2)));
        send(h, StateChange.update(SCID, 0, 2 * H, id(2), Long.MAX_VALUE, 1, 1));
        h.processWatermark(3 * H * 1000);
        send(h, StateChange.update(SCID, 1, 4 * H, id(3), Long.MAX_VALUE, 1, 1)); // pending when snapshotted
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        long seqBefore = checkpoints(h).get(0).seq();
        h.close();

        var restored = harness(H, snapshot);
        restored.processWatermark(5 * H * 1000);
        List<CheckpointRow> rows = checkpoints(restored);
        assertThat(rows).extracting(CheckpointRow::instant).containsExactly(4 * H);
        GraphState at4 = CheckpointCodec.decode(rows.get(0).body()).state();
        assertThat(at4.halfChannelCount()).isEqualTo(2);
        assertThat(at4.announcedChannelCount()).isEqualTo(1);
        assertThat(rows.get(0).seq()).isGreaterThan(seqBefore);
        // and the same as a full replay of those messages would give
        GraphHistory replay = new GraphHistory();
        assertThat(replay.size()).isZero();
        assertThat(at4.snapshot(4 * H, MaxAge.DEFAULT).nodes()).extracting(n -> n.nodeId())
                .containsExactly(NodeId.of(node(1)), NodeId.of(node(2)));
    }

    @Test
    void shouldSnapshotLateChangesNotYetRewrittenAndReuseTheWrittenBodyOtherwise() throws Exception {
        var h = harness();
        send(h, StateChange.announcement(SCID, id(1), node(1), node(2)));
        send(h, StateChange.update(SCID, 0, 2 * H, id(2), Long.MAX_VALUE, 1, 1));
        h.processWatermark(3 * H * 1000);
        assertThat(checkpoints(h)).extracting(CheckpointRow::instant).containsExactly(2 * H);
        OperatorSubtaskState unchanged = h.snapshot(1, 1);
        send(h, StateChange.update(SCID, 1, 1 * H, id(3), Long.MAX_VALUE, 1, 1)); // late, rewrite still pending
        OperatorSubtaskState withLate = h.snapshot(2, 2);
        h.close();

        for (var snapshot : List.of(unchanged, withLate)) {
            var restored = harness(H, snapshot);
            // a node at 4h moves the restored state on: its checkpoint shows what the snapshot held
            send(restored, StateChange.node(node(1), 4 * H, id(4), Long.MAX_VALUE));
            restored.processWatermark(5 * H * 1000);
            List<CheckpointRow> rows = checkpoints(restored);
            assertThat(rows).extracting(CheckpointRow::instant).last().isEqualTo(4 * H);
            GraphState at4 = CheckpointCodec.decode(rows.get(rows.size() - 1).body()).state();
            assertThat(at4.halfChannelCount()).as(snapshot == unchanged ? "before the late update" : "with it")
                    .isEqualTo(snapshot == unchanged ? 1 : 2);
            assertThat(at4.nodeCount()).isEqualTo(1);
            restored.close();
        }
    }

    @Test
    void shouldInvalidateTheLastCheckpointWhileCatchingUpAndRewriteItWhenMovingOn() throws Exception {
        var h = harness();
        // the wall clock a year after the data: the job is catching up
        h.setProcessingTime((400L * 24 * H + 20 * H) * 1000);
        send(h, StateChange.announcement(SCID, id(1), node(1), node(2)));
        send(h, StateChange.update(SCID, 0, 9 * H, id(2), Long.MAX_VALUE, 1, 1));
        h.processWatermark(10 * H * 1000);
        assertThat(checkpoints(h)).extracting(CheckpointRow::instant).containsExactly(9 * H);

        // late, first of direction 1, changing the 9h checkpoint: [7h, 9h] is stale at once, the 9h one included
        send(h, StateChange.update(SCID, 1, 7 * H, id(3), Long.MAX_VALUE, 1, 1));
        assertThat(h.getSideOutput(CheckpointFunction.INVALIDATIONS)).singleElement().satisfies(r -> {
            assertThat(r.getValue().fromInclusive()).isEqualTo(7 * H);
            assertThat(r.getValue().toExclusive()).isEqualTo(9 * H + 1);
        });
        long invalidationSeq = h.getSideOutput(CheckpointFunction.INVALIDATIONS).peek().getValue().seq();
        // a late update that changes nothing (an older one of direction 0) invalidates nothing of the 9h checkpoint
        h.getSideOutput(CheckpointFunction.INVALIDATIONS).clear();
        send(h, StateChange.update(SCID, 0, 8 * H, id(4), 9 * H, 1, 1));
        assertThat(h.getSideOutput(CheckpointFunction.INVALIDATIONS)).singleElement()
                .satisfies(r -> assertThat(r.getValue().toExclusive()).isEqualTo(9 * H));
        h.setProcessingTime(h.getProcessingTime() + 10 * CheckpointFunction.REWRITE_DELAY_MS);
        assertThat(checkpoints(h)).as("no rewrite a second later while catching up").hasSize(1);

        send(h, StateChange.update(SCID, 0, 11 * H, id(5), Long.MAX_VALUE, 1, 1));
        h.processWatermark(12 * H * 1000);
        List<CheckpointRow> rows = checkpoints(h);
        assertThat(rows).extracting(CheckpointRow::instant).containsExactly(9 * H, 9 * H, 11 * H);
        assertThat(rows.get(1).seq()).as("usable again: newer than its invalidation").isGreaterThan(invalidationSeq);
        assertThat(CheckpointCodec.decode(rows.get(1).body()).state().halfChannelCount()).isEqualTo(2);

        // late again and then nothing moves on: written after CATCH_UP_REWRITE_DELAY_MS at the latest
        send(h, StateChange.node(node(1), 10 * H, id(6), Long.MAX_VALUE));
        h.setProcessingTime(h.getProcessingTime() + CheckpointFunction.CATCH_UP_REWRITE_DELAY_MS);
        rows = checkpoints(h);
        assertThat(rows).extracting(CheckpointRow::instant).containsExactly(9 * H, 9 * H, 11 * H, 11 * H);
        assertThat(CheckpointCodec.decode(rows.get(3).body()).state().nodeCount()).isEqualTo(1);
        assertThat(h.numProcessingTimeTimers()).isZero();
    }

    @Test
    void shouldWriteTheHourlyFiguresWithTheLowerMedianFees() throws Exception {
        var h = harness();
        long[][] fees = {{1000, 1}, {10, 2}, {500, 3}};
        for (int c = 0; c < 3; c++) {
            long scid = SCID + c;
            send(h, StateChange.announcement(scid, id(10 + c), node(2 * c + 1), node(2 * c + 2)));
            send(h, StateChange.update(scid, 0, 9 * H + 10, id(20 + c), Long.MAX_VALUE, fees[c][0], fees[c][1]));
        }
        send(h, StateChange.update(SCID, 1, 9 * H + 20, id(30), Long.MAX_VALUE, 7, 9));
        // an update older than the latest of its half-channel: its fees are not the live ones
        send(h, StateChange.update(SCID + 1, 0, 9 * H + 5, id(31), 9 * H + 10, 1, 1));
        h.processWatermark(11 * H * 1000);
        List<io.lngossip.flink.jdbc.StatsFiguresRow> stats = new ArrayList<>();
        h.getSideOutput(CheckpointFunction.STATS).forEach(r -> stats.add(r.getValue()));
        // base fees 7, 10, 500, 1000 and ppm 1, 2, 3, 9 at 10h: the lower medians are 10 and 2
        assertThat(stats).containsExactly(new io.lngossip.flink.jdbc.StatsFiguresRow(9 * H, 3, 4, 6, null, 10L, 2L));
    }

    static List<Long> statsHours(KeyedOneInputStreamOperatorTestHarness<Integer, StateChange, CheckpointRow> h) {
        List<Long> hours = new ArrayList<>();
        h.getSideOutput(CheckpointFunction.STATS).forEach(r -> hours.add(r.getValue().hour()));
        return hours;
    }

    @Test
    void shouldWriteTheHourlyFiguresButCheckpointsOnlyAtTheIntervalsMultiples() throws Exception {
        var h = harness(6 * H, null);
        send(h, StateChange.announcement(SCID, id(1), node(1), node(2)));
        send(h, StateChange.update(SCID, 0, 1 * H + 5, id(2), Long.MAX_VALUE, 1, 1));
        send(h, StateChange.update(SCID, 1, 3 * H + 7, id(3), Long.MAX_VALUE, 1, 1));
        send(h, StateChange.update(SCID, 0, 7 * H + 1, id(4), Long.MAX_VALUE, 1, 1));
        h.processWatermark(20 * H * 1000);
        List<CheckpointRow> rows = checkpoints(h);
        // checkpoints at the multiples of 6 h that follow data, the network figures of every hour that ends a step
        // with data (and of the checkpoint instants)
        assertThat(rows).extracting(CheckpointRow::instant).containsExactly(6 * H, 12 * H);
        assertThat(statsHours(h)).containsExactly(1 * H, 3 * H, 5 * H, 7 * H, 11 * H);
        List<Long> halves = new ArrayList<>();
        h.getSideOutput(CheckpointFunction.STATS).forEach(r -> halves.add(r.getValue().halfChannels()));
        assertThat(halves).containsExactly(1L, 2L, 2L, 2L, 2L);
        var at6 = CheckpointCodec.decode(rows.get(0).body()).state().snapshot(6 * H, MaxAge.UNBOUNDED).channels().get(0);
        assertThat(at6.direction0().timestamp()).isEqualTo(1 * H + 5);
        assertThat(at6.direction1().timestamp()).isEqualTo(3 * H + 7);
        var at12 = CheckpointCodec.decode(rows.get(1).body()).state().snapshot(12 * H, MaxAge.UNBOUNDED).channels().get(0);
        assertThat(at12.direction0().timestamp()).isEqualTo(7 * H + 1);
        assertThat(h.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldInvalidateTheLastCheckpointItsStateHasMovedPastInsteadOfRewritingIt() throws Exception {
        var h = harness(6 * H, null);
        send(h, StateChange.announcement(SCID, id(1), node(1), node(2)));
        send(h, StateChange.update(SCID, 0, 1 * H, id(2), Long.MAX_VALUE, 1, 1));
        send(h, StateChange.update(SCID, 0, 7 * H, id(3), Long.MAX_VALUE, 1, 1));
        h.processWatermark(8 * H * 1000); // the state at 8h, the last checkpoint written at 6h
        assertThat(checkpoints(h)).extracting(CheckpointRow::instant).containsExactly(6 * H);

        // a late first update of direction 1 at 5h reaches the 6h checkpoint, which the state has moved past
        send(h, StateChange.update(SCID, 1, 5 * H, id(4), Long.MAX_VALUE, 1, 1));
        assertThat(h.getSideOutput(CheckpointFunction.INVALIDATIONS)).singleElement().satisfies(r -> {
            assertThat(r.getValue().fromInclusive()).isEqualTo(5 * H);
            assertThat(r.getValue().toExclusive()).isEqualTo(6 * H + 1);
        });
        // one after the 6h checkpoint reaches none; neither is written as a rewrite of the 6h checkpoint
        h.getSideOutput(CheckpointFunction.INVALIDATIONS).clear();
        send(h, StateChange.node(node(1), 7 * H + 30, id(5), Long.MAX_VALUE));
        assertThat(h.getSideOutput(CheckpointFunction.INVALIDATIONS)).isNullOrEmpty();
        h.setProcessingTime(h.getProcessingTime() + 10 * CheckpointFunction.REWRITE_DELAY_MS);
        assertThat(checkpoints(h)).hasSize(1);
        OperatorSubtaskState snapshot = h.snapshot(1, 1);

        // the next checkpoint has both late changes, also after a restore between checkpoints
        h.processWatermark(13 * H * 1000);
        var restored = harness(6 * H, snapshot);
        restored.processWatermark(13 * H * 1000);
        for (var run : List.of(h, restored)) {
            CheckpointRow at12 = checkpoints(run).get(checkpoints(run).size() - 1);
            assertThat(at12.instant()).isEqualTo(12 * H);
            GraphState state = CheckpointCodec.decode(at12.body()).state();
            assertThat(state.halfChannelCount()).isEqualTo(2);
            assertThat(state.nodeCount()).isEqualTo(1);
        }
        // and the restored step still knows the 6h checkpoint is behind it: a late change at 4h is invalidated
        // through it, before the 12h one moves the written instant on
        var again = harness(6 * H, snapshot);
        send(again, StateChange.node(node(2), 4 * H, id(6), Long.MAX_VALUE));
        assertThat(again.getSideOutput(CheckpointFunction.INVALIDATIONS)).singleElement()
                .satisfies(r -> assertThat(r.getValue().toExclusive()).isEqualTo(6 * H + 1));
    }
}
