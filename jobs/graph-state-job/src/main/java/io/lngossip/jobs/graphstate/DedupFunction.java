package io.lngossip.jobs.graphstate;

import io.lngossip.codec.GossipCodec;
import io.lngossip.codec.GossipMessage;
import io.lngossip.codec.GossipParseException;
import io.lngossip.flink.jdbc.MessageRow;
import io.lngossip.flink.jdbc.ObservationRow;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Deduplicates by gossip_id (SEMANTICS §3). Keyed by the gossip_id: the first sighting of some bytes goes on to the
 * reconciliation (main output) and becomes a {@code messages} row; every sighting becomes an {@code observations}
 * row; a later sighting with an earlier receipt time rewrites the message's first_seen.
 *
 * <p>Exactness does not rest on this state: it expires after {@code ttl}, and whatever it forgot is caught by the
 * database's keys (messages by gossip_id, observations by their natural key, slots by min()), so a forgotten message
 * seen again only costs a redundant, idempotent write.
 */
public final class DedupFunction extends KeyedProcessFunction<String, AcceptedGossip, AcceptedGossip> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<MessageRow> MESSAGES = new OutputTag<>("messages") { };
    public static final OutputTag<ObservationRow> OBSERVATIONS = new OutputTag<>("observations") { };

    /** Sentinel first-seen value of a message seen only without receipt time. */
    private static final long NO_TIME = Long.MAX_VALUE;

    private final Duration ttl;
    private transient ValueState<Long> firstSeen;
    private transient Counter duplicates;

    public DedupFunction(Duration ttl) {
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext context) {
        ValueStateDescriptor<Long> descriptor = new ValueStateDescriptor<>("first-seen", Long.class);
        if (ttl != null && !ttl.isZero()) {
            descriptor.enableTimeToLive(StateTtlConfig.newBuilder(ttl)
                    .setUpdateType(StateTtlConfig.UpdateType.OnReadAndWrite)
                    .build());
        }
        firstSeen = getRuntimeContext().getState(descriptor);
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicates");
    }

    @Override
    public void processElement(AcceptedGossip g, Context ctx, Collector<AcceptedGossip> out) throws Exception {
        byte[] id = g.gossipId();
        ctx.output(OBSERVATIONS, new ObservationRow(id, g.collector(), g.receivedAtMillis(), g.source()));
        long seen = g.receivedAtSeconds() == null ? NO_TIME : g.receivedAtSeconds();
        Long known = firstSeen.value();
        if (known == null) {
            firstSeen.update(seen);
            ctx.output(MESSAGES, messageRow(g, id));
            out.collect(g);
            return;
        }
        duplicates.inc();
        if (seen < known) {
            firstSeen.update(seen);
            ctx.output(MESSAGES, messageRow(g, id));
            if (g.type() == io.lngossip.codec.MessageType.CHANNEL_ANNOUNCEMENT) {
                // an announcement's first receipt time is its place in Range answers: pass the earlier one on
                out.collect(g);
            }
        }
    }

    private static MessageRow messageRow(AcceptedGossip g, byte[] id) throws GossipParseException {
        GossipMessage m = GossipCodec.decode(g.raw());
        return MessageRow.of(io.lngossip.codec.GossipId.fromBytes(id), m, g.raw(), g.receivedAtSeconds());
    }
}
