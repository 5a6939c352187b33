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
 */
public final class CoverageFunction extends KeyedProcessFunction<String, AcceptedGossip, CoverageRow> {
    private static final long serialVersionUID = 1L;

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
        String key = ctx.getCurrentKey();
        int bar = key.lastIndexOf('|');
        out.collect(new CoverageRow(key.substring(0, bar), Long.parseLong(key.substring(bar + 1)), n));
    }
}
