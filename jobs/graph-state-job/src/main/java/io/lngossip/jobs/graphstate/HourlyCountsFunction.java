package io.lngossip.jobs.graphstate;

import io.lngossip.codec.MessageType;
import io.lngossip.flink.jdbc.StatsCountsRow;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts distinct messages by type per hour of their time (an announcement's time is its receipt, and one without is
 * not counted), keyed by the hour. Emits the absolute counts, so the upsert is idempotent: at most once per
 * {@link CoverageFunction#EMIT_INTERVAL_MS} of processing time per hour that changed, and once more at the end of a
 * bounded input (see {@link CoverageFunction}).
 */
public final class HourlyCountsFunction extends KeyedProcessFunction<Long, AcceptedGossip, StatsCountsRow> {
    private static final long serialVersionUID = 1L;

    private transient ValueState<long[]> counts;

    /** The hour of a message, or null when it has no time. */
    public static Long hourOf(AcceptedGossip g) {
        long t = g.timestamp();
        return t == Long.MIN_VALUE ? null : Math.floorDiv(t, 3600L) * 3600L;
    }

    @Override
    public void open(OpenContext context) {
        counts = getRuntimeContext().getState(new ValueStateDescriptor<>("counts",
                PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(AcceptedGossip g, Context ctx, Collector<StatsCountsRow> out) throws Exception {
        long[] c = counts.value();
        if (c == null) {
            c = new long[3];
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        c[g.type() - MessageType.CHANNEL_ANNOUNCEMENT]++;
        counts.update(c);
        ctx.timerService().registerProcessingTimeTimer(
                CoverageFunction.nextEmit(ctx.timerService().currentProcessingTime()));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<StatsCountsRow> out) throws Exception {
        long[] c = counts.value();
        if (c != null) {
            out.collect(new StatsCountsRow(ctx.getCurrentKey(), c[0], c[1], c[2]));
        }
    }
}
