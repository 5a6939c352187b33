package io.lngossip.jobs.graphstate;

import io.lngossip.codec.ChannelAnnouncement;
import io.lngossip.codec.ChannelUpdate;
import io.lngossip.codec.GossipCodec;
import io.lngossip.codec.GossipValidator;
import io.lngossip.codec.MessageType;
import io.lngossip.codec.ValidationOptions;
import io.lngossip.codec.Verdict;
import io.lngossip.flink.jdbc.QuarantineRow;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * With signature checks on, the check {@link ClassifyFunction} cannot make: a channel_update is signed by the node of
 * its direction, which only its channel's announcement names. Keyed like {@link SlotFunction} (by channel; node
 * announcements pass straight through), it keeps the raw bytes of each channel's canonical announcement (smallest
 * gossip_id; announcements reaching it have verified their own four signatures) and checks every update against it:
 * a forged one goes to the quarantine ({@code bad signature}) before dedup, so it is never stored.
 *
 * <p>An update that arrives before any announcement of its channel passes unchecked (counted in {@code
 * uncheckedUpdates}), as {@code lngossip inspect --verify} counts it: an orphan cannot be checked, and holding it back
 * until an announcement that may never come would keep it out of every answer. Never fails on content.
 */
public final class UpdateSignatureFunction extends KeyedProcessFunction<String, AcceptedGossip, AcceptedGossip> {
    private static final long serialVersionUID = 1L;

    private final ValidationOptions options;
    private final ClassifyFunction.SerializableClock clock;
    private transient GossipValidator validator;
    private transient ValueState<byte[]> announcement;
    private transient Counter quarantined;
    private transient Counter unchecked;

    public UpdateSignatureFunction(ValidationOptions options, ClassifyFunction.SerializableClock clock) {
        this.options = options;
        this.clock = clock;
    }

    @Override
    public void open(OpenContext context) {
        validator = new GossipValidator(options);
        announcement = getRuntimeContext().getState(new ValueStateDescriptor<>("signer-announcement",
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        quarantined = getRuntimeContext().getMetricGroup().counter("quarantined");
        unchecked = getRuntimeContext().getMetricGroup().counter("uncheckedUpdates");
    }

    @Override
    public void processElement(AcceptedGossip g, Context ctx, Collector<AcceptedGossip> out) throws Exception {
        if (g.type() == MessageType.CHANNEL_ANNOUNCEMENT) {
            byte[] current = announcement.value();
            if (current == null || Arrays.compareUnsigned(g.gossipId(),
                    io.lngossip.codec.GossipId.of(current).toArray()) < 0) {
                announcement.update(g.raw());
            }
            out.collect(g);
            return;
        }
        if (g.type() != MessageType.CHANNEL_UPDATE) {
            out.collect(g);
            return;
        }
        byte[] signer = announcement.value();
        if (signer == null) {
            unchecked.inc();
            out.collect(g);
            return;
        }
        Verdict v = validator.checkUpdateSignature(g.raw(), (ChannelUpdate) GossipCodec.decode(g.raw()),
                (ChannelAnnouncement) GossipCodec.decode(signer));
        if (v instanceof Verdict.Quarantined q) {
            quarantined.inc();
            ctx.output(ClassifyFunction.QUARANTINE, QuarantineRow.of(g.raw(), g.source(), g.collector(),
                    g.receivedAtMillis(), q.reason(), q.detail(), clock.getAsLong()));
            return;
        }
        out.collect(g);
    }
}
