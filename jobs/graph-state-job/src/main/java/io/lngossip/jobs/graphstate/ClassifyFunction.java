package io.lngossip.jobs.graphstate;

import io.lngossip.codec.GossipObservation;
import io.lngossip.codec.GossipValidator;
import io.lngossip.codec.ValidationOptions;
import io.lngossip.codec.Verdict;
import io.lngossip.flink.jdbc.QuarantineRow;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Judges every observation (SEMANTICS §3): accepted ones go on, the rest go to the quarantine side output with their
 * bytes, source and reason. Never fails on content.
 */
public final class ClassifyFunction extends ProcessFunction<GossipObservation, AcceptedGossip> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<QuarantineRow> QUARANTINE = new OutputTag<>("quarantine") { };

    /**
     * The accumulator counting the observations judged so far: bounded runs (import, replay) poll it for their
     * progress while the job runs.
     */
    public static final String OBSERVATIONS_ACCUMULATOR = "lngossip-observations";

    private final ValidationOptions options;
    private final SerializableClock clock;
    private transient GossipValidator validator;
    private transient Counter in;
    private transient Counter quarantined;
    private transient LongCounter judged;

    /** Milliseconds now; a field so tests can fix the wall clock used for messages without receipt time. */
    public interface SerializableClock extends LongSupplier, java.io.Serializable { }

    public ClassifyFunction(ValidationOptions options, SerializableClock clock) {
        this.options = options;
        this.clock = clock;
    }

    @Override
    public void open(OpenContext context) {
        validator = new GossipValidator(options);
        in = getRuntimeContext().getMetricGroup().counter("messagesIn");
        quarantined = getRuntimeContext().getMetricGroup().counter("quarantined");
        judged = new LongCounter();
        getRuntimeContext().addAccumulator(OBSERVATIONS_ACCUMULATOR, judged);
    }

    @Override
    public void processElement(GossipObservation o, Context ctx, Collector<AcceptedGossip> out) {
        in.inc();
        judged.add(1);
        long now = clock.getAsLong();
        Verdict v = validator.classify(o.message(), o.receivedAtSeconds(), now / 1000);
        if (v instanceof Verdict.Accepted a) {
            out.collect(AcceptedGossip.of(o, a.id(), a.message()));
        } else {
            Verdict.Quarantined q = (Verdict.Quarantined) v;
            quarantined.inc();
            ctx.output(QUARANTINE, QuarantineRow.of(o.message(), o.source(), o.collector(), o.receivedAtMillis(),
                    q.reason(), q.detail(), now));
        }
    }
}
