package io.lngossip.jobs.graphstate;

import io.lngossip.flink.jdbc.CoverageRow;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts the observations each collector delivered per hour, keyed by {@code collector|hour}: the hour of receipt,
 * or of the message's own time for inputs without receipt times. Absolute counts, upserted.
 *
 * <p>A key's count is emitted at most once per {@link #EMIT_INTERVAL_MS} of processing time (a timer), not after
 * every observation: the row is the same upsert either way, and one per observation made this the pipeline's busiest
 * sink for a table of a few rows a day. The end of a bounded input (its final watermark) emits every count once more,
 * since processing-time timers still pending then do not fire.
 */
public final class CoverageFunction extends KeyedProcessFunction<String, AcceptedGossip, CoverageRow> {
    private static final long serialVersionUID = 1L;

    /** How often a changed count is written, at most. */
    public static final long EMIT_INTERVAL_MS = 1000;

    private transient ValueState<Long> count;

    /** The coverage key, or null when the observation has no time at all. */
    public static String key(AcceptedGossip g) {
        Long seconds = g.receivedAtSeconds();
        long t = seconds != null ? seconds : g.timestamp();
        if (t == Long.MIN_VALUE) {
            return null;
        }
        return g.collector() + "|" + Math.floorDiv(t, 3600L) * 3600L;
    }

    @Override
    public void open(OpenContext context) {
        count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
    }

    @Override
    public void processElement(AcceptedGossip g, Context ctx, Collector<CoverageRow> out) throws Exception {
        long n = (count.value() == null ? 0 : count.value()) + 1;
        count.update(n);
        if (n == 1) {
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        ctx.timerService().registerProcessingTimeTimer(nextEmit(ctx.timerService().currentProcessingTime()));
    }

    /** The next multiple of the interval: one timer per key and interval, however many observations. */
    static long nextEmit(long nowMs) {
        return nowMs - Math.floorMod(nowMs, EMIT_INTERVAL_MS) + EMIT_INTERVAL_MS;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CoverageRow> out) throws Exception {
        Long n = count.value();
        if (n == null) {
            return;
        }
        String key = ctx.getCurrentKey();
        int bar = key.lastIndexOf('|');
        out.collect(new CoverageRow(key.substring(0, bar), Long.parseLong(key.substring(bar + 1)), n));
    }
}
