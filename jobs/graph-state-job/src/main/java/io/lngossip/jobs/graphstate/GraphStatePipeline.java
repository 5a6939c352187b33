package io.lngossip.jobs.graphstate;

import io.lngossip.codec.GossipObservation;
import io.lngossip.flink.jdbc.ChannelRow;
import io.lngossip.flink.jdbc.CheckpointRow;
import io.lngossip.flink.jdbc.CloseRow;
import io.lngossip.flink.jdbc.HalfChannelUpdateRow;
import io.lngossip.flink.jdbc.NodeUpdateRow;
import io.lngossip.flink.jdbc.QuarantineRow;
import io.lngossip.flink.kafka.CloseEventRecord;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The job's topology, from observations (and optional close events) to the sinks. It takes its inputs and outputs,
 * so the job wires Kafka and PostgreSQL and tests wire bounded sources.
 *
 * <pre>
 * observations -> classify -+-> quarantine
 *                           +-> [--verify-signatures] update signatures, by channel -> quarantine (forged updates)
 *                           +-> coverage (per collector and hour)
 *                           +-> [event time] dedup by gossip_id -+-> messages, observations
 *                                                                +-> hourly counts by type
 *                                                                +-> slots by channel / node --+
 * close events ----------------------------------------------------------------------------------+-> deltas
 *                                                                                               +-> checkpoints (p=1)
 * </pre>
 */
public final class GraphStatePipeline {

    private GraphStatePipeline() {}

    /** Event time from {@code millis}, bounded out-of-orderness, idleness; per message when the options say so. */
    static <T> WatermarkStrategy<T> watermarks(GraphStateOptions options, EventTime<T> millis) {
        long bound = options.outOfOrderness().toMillis();
        WatermarkStrategy<T> strategy = options.watermarkEveryMessage()
                ? WatermarkStrategy.forGenerator(ctx -> new WatermarkGenerator<T>() {
                    private long max = Long.MIN_VALUE + bound + 1;

                    @Override
                    public void onEvent(T event, long timestamp, WatermarkOutput output) {
                        max = Math.max(max, timestamp);
                        output.emitWatermark(new Watermark(max - bound - 1));
                    }

                    @Override
                    public void onPeriodicEmit(WatermarkOutput output) {
                        // every event already emitted one
                    }
                })
                : WatermarkStrategy.forBoundedOutOfOrderness(options.outOfOrderness());
        return strategy.withTimestampAssigner((e, ignored) -> millis.of(e)).withIdleness(options.idleness());
    }

    /** The event time of an element, in milliseconds. */
    @FunctionalInterface
    interface EventTime<T> extends java.io.Serializable {
        long of(T element);
    }

    /**
     * Adds the topology to the environment of {@code observations}.
     *
     * @param closes close events, or null
     */
    public static void build(DataStream<GossipObservation> observations, DataStream<CloseEventRecord> closes,
            GraphStateSinks sinks, GraphStateOptions options, ClassifyFunction.SerializableClock clock) {
        Objects.requireNonNull(observations, "observations cannot be null");
        Objects.requireNonNull(sinks, "sinks cannot be null");
        Objects.requireNonNull(options, "options cannot be null");

        // Every record between the steps is an immutable record and no step changes what it receives or keeps a
        // reference it later changes, so chained steps may share objects: without this, Flink copies each record
        // once per chained consumer (the slots step's four filters, each side output), a large part of the
        // per-message cost. The JDBC sinks copy what they buffer themselves when reuse is on.
        observations.getExecutionEnvironment().getConfig().enableObjectReuse();

        SingleOutputStreamOperator<AcceptedGossip> classified = observations
                .process(new ClassifyFunction(options.validation(), clock)).name("classify").uid("classify");
        classified.getSideOutput(ClassifyFunction.QUARANTINE).sinkTo(sinks.quarantine()).name("quarantine")
                .uid("sink-quarantine");
        SingleOutputStreamOperator<AcceptedGossip> accepted = classified;
        if (options.validation().verifySignatures()) {
            // updates need their channel's announcement to be checked: keyed by channel, before anything is stored
            accepted = classified.keyBy(SlotFunction::key)
                    .process(new UpdateSignatureFunction(options.validation(), clock)).name("update-signatures")
                    .uid("update-signatures");
            accepted.getSideOutput(ClassifyFunction.QUARANTINE).sinkTo(sinks.quarantine())
                    .name("signature-quarantine").uid("sink-signature-quarantine");
        }

        accepted.filter(g -> CoverageFunction.key(g) != null).name("has-time").uid("coverage-filter")
                .keyBy(CoverageFunction::key)
                .process(new CoverageFunction()).name("coverage").uid("coverage")
                .sinkTo(sinks.coverage()).name("coverage-sink").uid("sink-coverage");

        Duration outOfOrderness = options.outOfOrderness();
        SingleOutputStreamOperator<AcceptedGossip> timed = accepted.assignTimestampsAndWatermarks(
                watermarks(options, (AcceptedGossip g) -> g.timestamp() == Long.MIN_VALUE
                        ? Long.MIN_VALUE : g.timestamp() * 1000L))
                .name("event-time").uid("event-time");

        SingleOutputStreamOperator<AcceptedGossip> fresh = timed.keyBy(AcceptedGossip::gossipIdHex)
                .process(new DedupFunction(options.dedupTtl())).name("dedup").uid("dedup");
        fresh.getSideOutput(DedupFunction.MESSAGES).sinkTo(sinks.messages()).name("messages").uid("sink-messages");
        fresh.getSideOutput(DedupFunction.OBSERVATIONS).sinkTo(sinks.observations()).name("observations")
                .uid("sink-observations");

        if (!options.backfill()) {
            // absolute counts from this job's state: a backfill, which sees only part of an hour, must not write them
            fresh.filter(g -> HourlyCountsFunction.hourOf(g) != null).name("has-hour").uid("counts-filter")
                    .keyBy(HourlyCountsFunction::hourOf)
                    .process(new HourlyCountsFunction()).name("hourly-counts").uid("hourly-counts")
                    .sinkTo(sinks.statsCounts()).name("stats-counts").uid("sink-stats-counts");
        }

        DataStream<StateChange> changes = fresh.keyBy(SlotFunction::key).process(new SlotFunction())
                .name("slots").uid("slots");
        if (closes != null) {
            closes.filter(r -> !r.valid()).name("bad-closes").uid("bad-closes")
                    .map(r -> QuarantineRow.of(r.raw(), r.source(), io.lngossip.codec.GossipObservation
                            .UNKNOWN_COLLECTOR, null, "bad close event", r.error(), clock.getAsLong()))
                    .returns(TypeInformation.of(QuarantineRow.class)).name("close-quarantine")
                    .uid("close-quarantine")
                    .sinkTo(sinks.quarantine()).name("close-quarantine-sink").uid("sink-close-quarantine");
            DataStream<StateChange> closeChanges = closes.filter(CloseEventRecord::valid).name("closes")
                    .uid("closes")
                    .map(r -> StateChange.close(r.event().scid().value(), r.event().closedAt()))
                    .returns(TypeInformation.of(StateChange.class)).name("close-changes").uid("close-changes")
                    .assignTimestampsAndWatermarks(watermarks(options, (StateChange c) -> c.timestamp() * 1000L))
                    .name("close-event-time").uid("close-event-time");
            changes = changes.union(closeChanges);
        }

        changes.filter(c -> c.kind() == StateChange.ANNOUNCEMENT).name("announcements").uid("announcements")
                .map(c -> (ChannelRow) c.row()).returns(ChannelRow.class).name("channel-rows").uid("channel-rows")
                .sinkTo(sinks.channels()).name("channels").uid("sink-channels");
        changes.filter(c -> c.kind() == StateChange.UPDATE).name("updates").uid("updates")
                .map(c -> (HalfChannelUpdateRow) c.row()).returns(HalfChannelUpdateRow.class).name("update-rows")
                .uid("update-rows")
                .sinkTo(sinks.halfChannelUpdates()).name("half-channel-updates").uid("sink-half-channel-updates");
        changes.filter(c -> c.kind() == StateChange.NODE).name("nodes").uid("nodes")
                .map(c -> (NodeUpdateRow) c.row()).returns(NodeUpdateRow.class).name("node-rows").uid("node-rows")
                .sinkTo(sinks.nodeUpdates()).name("node-updates").uid("sink-node-updates");
        changes.filter(c -> c.kind() == StateChange.CLOSE).name("close-filter").uid("close-filter")
                .map(c -> (CloseRow) c.row()).returns(CloseRow.class).name("close-rows").uid("close-rows")
                .sinkTo(sinks.closes()).name("channel-closes").uid("sink-channel-closes");

        if (options.backfill()) {
            changes.keyBy(c -> 0).process(new BackfillInvalidationFunction()).setParallelism(1).setMaxParallelism(1)
                    .name("backfill-invalidation").uid("backfill-invalidation")
                    .sinkTo(sinks.invalidations()).setParallelism(1).name("invalidations").uid("sink-invalidations");
            return;
        }
        SingleOutputStreamOperator<CheckpointRow> checkpoints = changes.keyBy(c -> 0)
                .process(new CheckpointFunction(options.checkpointInterval().toSeconds(), options.jobName()))
                .setParallelism(1).setMaxParallelism(1).name("checkpoints").uid("checkpoints");
        checkpoints.sinkTo(sinks.checkpoints()).setParallelism(1).name("checkpoint-sink").uid("sink-checkpoints");
        checkpoints.getSideOutput(CheckpointFunction.INVALIDATIONS).sinkTo(sinks.invalidations()).setParallelism(1)
                .name("invalidations").uid("sink-invalidations");
        checkpoints.getSideOutput(CheckpointFunction.STATS).sinkTo(sinks.statsFigures()).setParallelism(1)
                .name("stats-figures").uid("sink-stats-figures");
        checkpoints.getSideOutput(CheckpointFunction.PROGRESS).sinkTo(sinks.progress()).setParallelism(1)
                .name("progress").uid("sink-progress");
    }
}
