package io.lngossip.jobs.graphstate;

import io.lngossip.flink.jdbc.CheckpointRow;
import io.lngossip.flink.jdbc.InvalidationRow;
import io.lngossip.flink.jdbc.ProgressRow;
import io.lngossip.flink.jdbc.StatsFiguresRow;
import io.lngossip.model.Checkpoint;
import io.lngossip.model.CheckpointCodec;
import io.lngossip.model.GraphState;
import io.lngossip.model.MaxAge;
import io.lngossip.model.Snapshot;
import io.lngossip.model.UpdateRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes snapshot checkpoints: the whole reconciled state (graph-model's {@link GraphState}, about 28 MiB at mainnet
 * scale) kept in this single instance, moved forward one step of event time at a time as the watermark passes each
 * instant: a step is the largest period that divides both the checkpoint interval and an hour (the interval itself for
 * the default hour), so the hourly network figures come from the state at every hour whatever the interval, and a
 * checkpoint is written at the steps that are multiples of the interval. Changes after the state's instant wait in a
 * buffer ordered by instant.
 *
 * <p>A change at or before the last checkpoint is late. It is joined into the state (which then is the last checkpoint,
 * corrected, and written again), and the older checkpoints it reaches, those in [its instant, the slot's next
 * instant), are invalidated: the planner skips them until they are rebuilt. The corrected last checkpoint is written
 * once for all the late changes of {@link #REWRITE_DELAY_MS} of processing time, and always before the state moves
 * on to a newer checkpoint or the input ends: encoding the whole state for every late change (a job starting on old
 * data sees its whole first sync as late) held the job at a few dozen messages a second at mainnet scale. While the
 * job catches up (its watermark more than {@link #CATCH_UP_BEHIND_CHECKPOINTS} intervals behind the wall clock) the
 * last checkpoint is invalidated along with the older ones and rewritten only when the state moves on, or after
 * {@link #CATCH_UP_REWRITE_DELAY_MS}: answers stay exact, and the whole state is not encoded again every second.
 * When the state has already moved past the last written checkpoint (an interval longer than a step), a late change
 * that reaches that checkpoint invalidates it too, since the state can no longer be written as it: the rebuilder
 * writes it again (`lngossip rebuild-checkpoints`). Announcements are timeless and need
 * neither, because reconstruction always joins the current announcement table. Every write carries a sequence number
 * (see {@link #nextSeq}) so that a checkpoint written before an invalidation is known stale even if the sinks flush
 * out of order.
 *
 * <p>Runs with parallelism 1 under a constant key (for event-time timers); its state is operator state, snapshotted
 * in the checkpoint encoding.
 */
public final class CheckpointFunction extends KeyedProcessFunction<Integer, StateChange, CheckpointRow>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointFunction.class);

    public static final OutputTag<InvalidationRow> INVALIDATIONS = new OutputTag<>("invalidations") { };
    public static final OutputTag<StatsFiguresRow> STATS = new OutputTag<>("stats-figures") { };
    public static final OutputTag<ProgressRow> PROGRESS = new OutputTag<>("progress") { };

    /** Late changes arriving within this much processing time share one rewrite of the last checkpoint. */
    static final long REWRITE_DELAY_MS = 1_000;
    /**
     * While catching up, a rewrite waits for the state to move on, or at most this long (an input gone quiet); the
     * last checkpoint is invalidated meanwhile. At catch-up speed the state moves on about every second, and a
     * rewrite a second encoded the whole state (megabytes) once more per checkpoint: most of the step's time.
     */
    static final long CATCH_UP_REWRITE_DELAY_MS = 60_000;
    /** The job is catching up when its watermark is more than this many checkpoint intervals behind the wall clock. */
    static final long CATCH_UP_BEHIND_CHECKPOINTS = 2;
    private static final long HOUR = 3600;
    /** An event-time timer at the end of all time: fires when a bounded input ends, to flush a pending rewrite. */
    private static final long END_OF_INPUT = Long.MAX_VALUE;

    private final long intervalSeconds;
    /** The state moves forward in steps of this much event time: the gcd of the interval and an hour. */
    private final long stepSeconds;
    private final String jobName;

    private transient GraphState state;
    /** The instant the state is at: the last step the watermark passed. */
    private transient long lastInstant;
    /** The instant of the last checkpoint written, at or before {@link #lastInstant}. */
    private transient long lastWritten;
    private transient ListState<Long> lastWrittenStore;
    private transient TreeMap<Long, List<StateChange>> pending;
    private transient Map<Long, long[]>[] fees;
    private transient ListState<byte[]> stateStore;
    private transient ListState<StateChange> pendingStore;
    private transient ListState<long[]> feeStore;
    private transient ListState<Long> seqStore;
    private transient ListState<Boolean> rewriteStore;
    private transient long seq;
    /** The state has late changes the last written checkpoint lacks. */
    private transient boolean rewritePending;
    private transient long rewriteAt;
    /**
     * The last step and checkpoint timers registered (ms), so that the changes of one step register them once: a
     * registration is idempotent but, with the RocksDB timer service, a state write each time. Not restored: after a
     * restore the first change registers them again, which changes nothing. Set in {@link #initializeState}.
     */
    private transient long stepTimer;
    private transient long dueTimer;
    /**
     * The encoding of (lastInstant, state) when the state has not changed since it was last encoded (as the body of
     * the checkpoint just written, or for the last Flink snapshot), else null: a Flink checkpoint then stores these
     * bytes instead of copying and encoding the whole state again every few seconds.
     */
    private transient byte[] encoded;
    /**
     * The body of the checkpoint last written (at {@link #lastInstant}), or null before the first and once the state
     * has moved past it.
     */
    private transient byte[] written;
    /** The late changes that altered the state since {@link #written}, in order. */
    private transient List<StateChange> lateSince;
    private transient ListState<StateChange> lateSinceStore;
    private transient Counter late;

    public CheckpointFunction(long intervalSeconds, String jobName) {
        if (intervalSeconds <= 0) {
            throw new IllegalArgumentException("checkpoint interval must be positive");
        }
        this.intervalSeconds = intervalSeconds;
        this.stepSeconds = gcd(intervalSeconds, HOUR);
        this.jobName = jobName;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void initializeState(FunctionInitializationContext context) throws Exception {
        stateStore = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("graph-state",
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        pendingStore = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("pending",
                TypeInformation.of(StateChange.class)));
        feeStore = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("fees",
                PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        seqStore = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("seq",
                org.apache.flink.api.common.typeinfo.Types.LONG));
        rewriteStore = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("rewrite-pending",
                org.apache.flink.api.common.typeinfo.Types.BOOLEAN));
        lateSinceStore = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("late-since",
                TypeInformation.of(StateChange.class)));
        lastWrittenStore = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("last-written",
                org.apache.flink.api.common.typeinfo.Types.LONG));
        seq = 0;
        rewritePending = false;
        encoded = null;
        written = null;
        lateSince = new ArrayList<>();
        state = new GraphState();
        lastInstant = Long.MIN_VALUE;
        stepTimer = Long.MIN_VALUE;
        dueTimer = Long.MIN_VALUE;
        lastWritten = Long.MIN_VALUE;
        pending = new TreeMap<>();
        fees = new Map[] {new HashMap<Long, long[]>(), new HashMap<Long, long[]>()};
        if (context.isRestored()) {
            for (byte[] bytes : stateStore.get()) {
                Checkpoint restored = CheckpointCodec.decode(bytes);
                state = restored.state();
                lastInstant = restored.instant();
                encoded = bytes;
                written = bytes;
            }
            // a snapshot from before steps (2026-12-03) was always at its last written checkpoint
            lastWritten = lastInstant;
            for (Long w : lastWrittenStore.get()) {
                lastWritten = w;
            }
            // the late changes a snapshot stored beside the last written body (none in a snapshot of a job from
            // before 2026-12-02, whose body is the whole current state)
            for (StateChange c : lateSinceStore.get()) {
                state.apply(c.delta());
                lateSince.add(c);
            }
            if (!lateSince.isEmpty()) {
                encoded = null;
            }
            for (StateChange c : pendingStore.get()) {
                pending.computeIfAbsent(c.instant(), k -> new ArrayList<>()).add(c);
            }
            for (Long s : seqStore.get()) {
                seq = s;
            }
            for (Boolean r : rewriteStore.get()) {
                rewritePending = r; // its timers are restored with the keyed timer state
            }
            for (long[] f : feeStore.get()) {
                fees[(int) f[0]].put(f[1], Arrays.copyOfRange(f, 2, 5));
            }
            LOG.info("checkpoint step restored at {}: {}, {} pending changes", lastInstant, state, pending.size());
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        // the body last written plus the late changes since, which is the current state without encoding it again
        // (megabytes at mainnet scale, every Flink checkpoint); before the first checkpoint the state is encoded
        // (synchronously: it cannot change meanwhile, so it needs no copy)
        if (written != null) {
            stateStore.update(List.of(written));
            lateSinceStore.update(lateSince);
        } else {
            if (encoded == null) {
                encoded = CheckpointCodec.encode(new Checkpoint(lastInstant, state));
            }
            stateStore.update(List.of(encoded));
            lateSinceStore.update(List.of());
        }
        List<StateChange> all = new ArrayList<>();
        pending.values().forEach(all::addAll);
        pendingStore.update(all);
        List<long[]> f = new ArrayList<>();
        for (int d = 0; d < 2; d++) {
            for (Map.Entry<Long, long[]> e : fees[d].entrySet()) {
                f.add(new long[] {d, e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]});
            }
        }
        feeStore.update(f);
        seqStore.update(List.of(seq));
        lastWrittenStore.update(List.of(lastWritten));
        rewriteStore.update(List.of(rewritePending));
    }

    /**
     * The next write sequence number: increasing within a run and across restores (wall-clock microseconds, never
     * below the last one issued), so the database can tell which of two writes came later whatever order the sinks
     * flushed them in.
     */
    private long nextSeq() {
        seq = Math.max(seq + 1, System.currentTimeMillis() * 1000);
        return seq;
    }

    @Override
    public void open(OpenContext context) {
        late = getRuntimeContext().getMetricGroup().counter("lateChanges");
    }

    @Override
    public void processElement(StateChange change, Context ctx, Collector<CheckpointRow> out) {
        long instant = change.instant();
        if (instant > lastInstant) {
            pending.computeIfAbsent(instant, k -> new ArrayList<>()).add(change);
            // the next step moves the state; the next multiple of the interval writes it, data in between or not
            // a timer registered before and not fired yet: it is after lastInstant, which only the timers move
            long step = Math.multiplyExact(dueStep(instant), 1000L);
            if (step != stepTimer) {
                ctx.timerService().registerEventTimeTimer(step);
                stepTimer = step;
            }
            long checkpoint = Math.multiplyExact(due(instant), 1000L);
            if (checkpoint != dueTimer) {
                ctx.timerService().registerEventTimeTimer(checkpoint);
                dueTimer = checkpoint;
            }
            return;
        }
        boolean timeless = change.kind() == StateChange.ANNOUNCEMENT;
        boolean changed = state.apply(change.delta());
        // catching up (the watermark far behind the wall clock, e.g. a first sync or a replay): the last checkpoint
        // is invalidated with the older ones, so answers stay exact, and written again only when the state moves on
        // (soon, at catch-up speed), not every second; live, it stays usable and is written again within a second
        boolean catchingUp = ctx.timerService().currentWatermark()
                < ctx.timerService().currentProcessingTime() - CATCH_UP_BEHIND_CHECKPOINTS * intervalSeconds * 1000L;
        // the last written checkpoint can be corrected in place only while the state is still at its instant
        boolean atWritten = lastWritten == lastInstant;
        if (!timeless) {
            late.inc();
            long bound = !atWritten ? lastWritten + 1 : changed && catchingUp ? lastInstant + 1 : lastInstant;
            long to = Math.min(change.nextInstant(), bound);
            if (instant < to) {
                ctx.output(INVALIDATIONS, new InvalidationRow(nextSeq(), instant, to));
            }
        }
        if (changed) {
            encoded = null;
            if (written != null) {
                lateSince.add(change);
            }
            trackFees(change);
            if (!timeless && atWritten && !rewritePending) {
                rewritePending = true;
                rewriteAt = ctx.timerService().currentProcessingTime()
                        + (catchingUp ? CATCH_UP_REWRITE_DELAY_MS : REWRITE_DELAY_MS);
                ctx.timerService().registerProcessingTimeTimer(rewriteAt);
                ctx.timerService().registerEventTimeTimer(END_OF_INPUT);
            }
        }
    }

    /** Writes the last checkpoint again, with the late changes joined since it was written. */
    private void flushRewrite(TimerService timers, Collector<CheckpointRow> out) {
        if (!rewritePending) {
            return;
        }
        rewritePending = false;
        timers.deleteProcessingTimeTimer(rewriteAt);
        timers.deleteEventTimeTimer(END_OF_INPUT);
        out.collect(row(lastInstant));
    }

    /** The first checkpoint instant at or after {@code instant}: the next multiple of the interval. */
    long due(long instant) {
        return Math.floorDiv(instant + intervalSeconds - 1, intervalSeconds) * intervalSeconds;
    }

    /** The first step at or after {@code instant}. */
    private long dueStep(long instant) {
        return Math.floorDiv(instant + stepSeconds - 1, stepSeconds) * stepSeconds;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CheckpointRow> out) {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME || timestamp == END_OF_INPUT) {
            flushRewrite(ctx.timerService(), out);
            return;
        }
        long c = timestamp / 1000;
        if (c <= lastInstant) {
            return;
        }
        // the corrected last checkpoint goes out before the state moves on: nothing else would correct it
        flushRewrite(ctx.timerService(), out);
        Iterator<Map.Entry<Long, List<StateChange>>> it = pending.headMap(c, true).entrySet().iterator();
        while (it.hasNext()) {
            for (StateChange change : it.next().getValue()) {
                if (state.apply(change.delta())) {
                    trackFees(change);
                }
            }
            it.remove();
        }
        lastInstant = c;
        encoded = null;
        long started = System.nanoTime();
        if (c % intervalSeconds == 0) {
            out.collect(row(c));
            lastWritten = c;
        } else {
            written = null; // the state is past the body last written: a Flink snapshot encodes it
            lateSince.clear();
        }
        if (c % HOUR == 0) {
            ctx.output(STATS, figures(c));
        }
        ctx.output(PROGRESS, new ProgressRow(jobName, c, c, System.currentTimeMillis()));
        LOG.debug("state at {} ({}): {} in {} ms", c, c == lastWritten ? "checkpoint written" : "no checkpoint due",
                state, (System.nanoTime() - started) / 1_000_000);
    }

    /** The checkpoint row of the state at {@code instant}, which must be {@link #lastInstant}. */
    private CheckpointRow row(long instant) {
        // a rewrite right after a Flink checkpoint with no late change between shares that checkpoint's encoding
        byte[] body = encoded != null ? encoded : CheckpointCodec.encode(new Checkpoint(instant, state));
        encoded = body;
        written = body;
        lateSince.clear();
        return new CheckpointRow(instant, CheckpointCodec.VERSION, nextSeq(), body, state.announcedChannelCount(),
                state.halfChannelCount(), state.nodeCount(), System.currentTimeMillis());
    }

    private void trackFees(StateChange change) {
        if (change.kind() == StateChange.UPDATE) {
            fees[change.direction()].put(change.scid(), new long[] {change.timestamp(), change.feeBaseMsat(),
                change.feePpm()});
        }
    }

    /** The network at the end of the hour that ends at {@code c}. */
    private StatsFiguresRow figures(long c) {
        Snapshot s = state.snapshot(c, MaxAge.DEFAULT);
        // primitive arrays, not boxed lists: this runs for every hourly checkpoint over every live half-channel
        long[] base = new long[2 * s.channels().size()];
        long[] ppm = new long[base.length];
        int n = 0;
        for (Snapshot.Channel ch : s.channels()) {
            for (int d = 0; d < 2; d++) {
                UpdateRef u = ch.half(d);
                long[] f = u == null ? null : fees[d].get(u.scid());
                if (f != null && f[0] == u.timestamp()) {
                    base[n] = f[1];
                    ppm[n] = f[2];
                    n++;
                }
            }
        }
        return new StatsFiguresRow(c - HOUR, s.channels().size(), s.halfChannelCount(), s.nodes().size(), null,
                median(base, n), median(ppm, n));
    }

    /** The lower median of the first {@code n} values (sorted in place), or null when there are none. */
    static Long median(long[] values, int n) {
        if (n == 0) {
            return null;
        }
        Arrays.sort(values, 0, n);
        return values[(n - 1) / 2];
    }
}
