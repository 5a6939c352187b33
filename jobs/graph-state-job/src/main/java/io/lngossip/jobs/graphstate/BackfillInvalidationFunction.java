package io.lngossip.jobs.graphstate;

import io.lngossip.flink.jdbc.InvalidationRow;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The checkpoint step of a bounded backfill or replay. Such a run does not have the live job's state, so it must not
 * write checkpoints; instead, when its input ends, it invalidates every checkpoint from the earliest instant it
 * changed, for {@code CheckpointRebuilder} to rewrite from the database (deltas are already written by then).
 * Announcements are timeless and need nothing.
 */
public final class BackfillInvalidationFunction extends KeyedProcessFunction<Integer, StateChange, InvalidationRow> {
    private static final long serialVersionUID = 1L;

    private transient ValueState<Long> earliest;

    @Override
    public void open(OpenContext context) {
        earliest = getRuntimeContext().getState(new ValueStateDescriptor<>("earliest", Types.LONG));
    }

    @Override
    public void processElement(StateChange change, Context ctx, Collector<InvalidationRow> out) throws Exception {
        if (change.kind() == StateChange.ANNOUNCEMENT) {
            return;
        }
        Long current = earliest.value();
        if (current == null) {
            // fires when a bounded input ends (the watermark then jumps to the end of time)
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        if (current == null || change.instant() < current) {
            earliest.update(change.instant());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<InvalidationRow> out) throws Exception {
        Long from = earliest.value();
        if (from != null) {
            out.collect(new InvalidationRow(System.currentTimeMillis() * 1000, from, Long.MAX_VALUE));
            earliest.clear();
        }
    }
}
