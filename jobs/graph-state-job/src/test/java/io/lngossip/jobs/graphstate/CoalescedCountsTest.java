package io.lngossip.jobs.graphstate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.codec.MessageType;
import io.lngossip.flink.jdbc.CoverageRow;
import io.lngossip.flink.jdbc.StatsCountsRow;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Coverage and hourly counts in an operator harness: absolute counts written once per emit interval rather than once
 * per message, the final counts at the end of a bounded input, and the pending write kept across a restore.
 */
class CoalescedCountsTest {
    static final long HOUR = 1_755_600_000L / 3600 * 3600;

    static AcceptedGossip update(String collector, long receivedAtSeconds, int n) {
        return new AcceptedGossip(new byte[] {1, 2, (byte) n}, new byte[] {(byte) 0xaa, (byte) n},
                MessageType.CHANNEL_UPDATE, 7, 0, new byte[0],
                receivedAtSeconds - 5, receivedAtSeconds * 1000, collector, "test");
    }

    static KeyedOneInputStreamOperatorTestHarness<String, AcceptedGossip, CoverageRow> coverage() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new CoverageFunction()),
                CoverageFunction::key, Types.STRING);
        h.open();
        return h;
    }

    static <T> List<T> rows(KeyedOneInputStreamOperatorTestHarness<?, ?, T> h, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r && type.isInstance(r.getValue())) {
                out.add(type.cast(r.getValue()));
            }
        }
        return out;
    }

    @Test
    void shouldWriteEachChangedCoverageCountOncePerInterval() throws Exception {
        var h = coverage();
        h.setProcessingTime(10_000);
        for (int i = 0; i < 500; i++) {
            h.processElement(new StreamRecord<>(update("a", HOUR + i, i)));
        }
        h.processElement(new StreamRecord<>(update("b", HOUR + 1, 1)));
        assertThat(rows(h, CoverageRow.class)).as("nothing before the interval ends").isEmpty();
        h.setProcessingTime(10_000 + CoverageFunction.EMIT_INTERVAL_MS);
        assertThat(rows(h, CoverageRow.class)).containsExactlyInAnyOrder(new CoverageRow("a", HOUR, 500),
                new CoverageRow("b", HOUR, 1));
        h.getOutput().clear();
        h.setProcessingTime(10_000 + 5 * CoverageFunction.EMIT_INTERVAL_MS);
        assertThat(rows(h, CoverageRow.class)).as("unchanged counts are not written again").isEmpty();
        assertThat(h.numProcessingTimeTimers()).isZero();
    }

    @Test
    void shouldWriteTheFinalCountsAtTheEndOfABoundedInput() throws Exception {
        var h = coverage();
        h.setProcessingTime(10_000);
        h.processElement(new StreamRecord<>(update("a", HOUR, 1)));
        h.processElement(new StreamRecord<>(update("a", HOUR + 3600, 2)));
        h.processElement(new StreamRecord<>(update("a", HOUR + 3601, 3)));
        h.processWatermark(Long.MAX_VALUE);
        assertThat(rows(h, CoverageRow.class)).containsExactlyInAnyOrder(new CoverageRow("a", HOUR, 1),
                new CoverageRow("a", HOUR + 3600, 2));
    }

    @Test
    void shouldKeepAPendingCoverageWriteAcrossARestore() throws Exception {
        var h = coverage();
        h.setProcessingTime(10_000);
        h.processElement(new StreamRecord<>(update("a", HOUR, 1)));
        h.processElement(new StreamRecord<>(update("a", HOUR + 1, 2)));
        OperatorSubtaskState snapshot = h.snapshot(1, 10_100);
        h.close();

        var restored = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new CoverageFunction()), CoverageFunction::key, Types.STRING);
        restored.setup();
        restored.initializeState(snapshot);
        restored.open();
        restored.setProcessingTime(10_000 + CoverageFunction.EMIT_INTERVAL_MS);
        assertThat(rows(restored, CoverageRow.class)).containsExactly(new CoverageRow("a", HOUR, 2));
    }

    @Test
    void shouldWriteHourlyCountsOncePerIntervalAndAtTheEnd() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new HourlyCountsFunction()),
                HourlyCountsFunction::hourOf, Types.LONG);
        h.open();
        h.setProcessingTime(10_000);
        for (int i = 0; i < 300; i++) {
            h.processElement(new StreamRecord<>(update("a", HOUR + 10 + i, i)));
        }
        h.processElement(new StreamRecord<>(new AcceptedGossip(new byte[] {3}, new byte[] {(byte) 0xbb},
                MessageType.NODE_ANNOUNCEMENT, 0, 0, new byte[] {2, (byte) 0xab}, HOUR + 20, null, "a", "test")));
        h.setProcessingTime(10_000 + CoverageFunction.EMIT_INTERVAL_MS);
        assertThat(rows(h, StatsCountsRow.class)).containsExactly(new StatsCountsRow(HOUR, 0, 1, 300));
        h.getOutput().clear();
        h.processElement(new StreamRecord<>(update("a", HOUR + 3000, 999)));
        h.processWatermark(Long.MAX_VALUE);
        assertThat(rows(h, StatsCountsRow.class)).containsExactly(new StatsCountsRow(HOUR, 0, 1, 301));
        assertThat(h.numEventTimeTimers()).isZero();
    }
}
