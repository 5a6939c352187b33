package io.lngossip.bench.generator;

import io.lngossip.codec.ChainHash;
import io.lngossip.codec.MessageType;
import io.lngossip.codec.ShortChannelId;
import io.lngossip.codec.GossipCodec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * One pass over the generated history, as a stream in publication order. Memory stays flat however many days: the
 * schedule holds one entry per channel and node, and the queue of messages not yet published holds only those
 * received after the current instant (a few minutes of gossip, plus the late arrivals' hours).
 *
 * <p>How a history unfolds:
 * <ol>
 *   <li>In the first ten minutes a collector syncs: for each channel existing at the start its announcement (not for
 *       orphans) and each direction's latest update, dated before the start (weeks before for stale channels); then
 *       each node's latest node_announcement.</li>
 *   <li>After a channel's first sync, its updates follow a Poisson process at the channel's heavy-tailed rate, the
 *       direction drawn by the channel's share; fees change now and then, the disabled bit flips, the inbound-fee TLV
 *       rides along when the signing node sends it. Stale channels stop at their time; a closed channel sends a
 *       disabled update shortly before its close, then the close is reported a few minutes after the block.</li>
 *   <li>Channels opened during the history are announced when they open, with a first update of each direction.</li>
 *   <li>Nodes re-announce at their own rate; alias, color, addresses or features sometimes change.</li>
 *   <li>Each message is received by {@code gen-a} some seconds after its timestamp; a share also by {@code gen-b}
 *       (its own delay); a share of updates and node_announcements arrive late, up to the lateness, for both.</li>
 * </ol>
 * A message's timestamp is its signer's clock (a few nodes run up to 20 minutes ahead), so it is never more than an
 * hour after its receipt time; a channel's announcement is published before any of its updates.
 */
public final class GeneratorRun implements Iterator<GeneratedEvent> {
    private static final int REGULAR_UPDATE = 0;
    private static final int NODE_ANNOUNCEMENT = 1;
    private static final int SYNC = 2;
    private static final int OPEN = 3;
    private static final int CLOSING = 4;
    private static final int CLOSE = 5;

    private static final long SYNC_WINDOW_MS = 600_000;
    private static final double COMPETING_SHARE = 0.003;
    private static final byte[] CHAIN = ChainHash.BITCOIN_MAINNET.bytes().toArray();
    /** Where bitcoin_key_1 starts in a channel_announcement without features. */
    private static final int BITCOIN_KEYS_OFFSET = 2 + 4 * 64 + 2 + 32 + 8 + 2 * 33;
    private static final int SIGN_BATCH = 4096;

    private final NetworkModel net;
    private final GeneratorOptions o;
    private final Rng r;
    /** Filler signatures and keys of unsigned runs come from their own stream, so signing changes nothing else. */
    private final Rng filler;
    /** Signers of the threads that sign, when signing; null otherwise. */
    private final ThreadLocal<Signer> signers;
    /** Messages encoded but not signed yet: signed in parallel batches before the first of them is published. */
    private final List<SignTask> unsigned = new ArrayList<>();
    /** The signing task of the message encoded last, for publish() to attach; null when not signing. */
    private SignTask lastTask;
    private final EventHeap schedule;
    private final PriorityQueue<Pending> pending = new PriorityQueue<>();
    private final GenerationStats stats = new GenerationStats();
    private final double syncStepMs;
    private long sequence;
    private long now;

    // per half-channel h = 2 * channel + direction
    private final int[] ppm;
    private final int[] base;
    private final int[] cltv;
    private final long[] htlcMin;
    private final long[] htlcMax;
    private final int[] inboundBase;
    private final int[] inboundPpm;
    private final boolean[] disabled;
    private final long[] lastTimestamp;

    // per node
    private final byte[][] alias;
    private final int[] color;
    private final byte[][] addresses;
    private final int[] features;
    private final long[] lastNodeTimestamp;

    /**
     * A message waiting for its signatures. ECDSA signing is most of a signed run's time and every signature is
     * deterministic (RFC 6979), so batches are signed on all cores without changing a byte of the output.
     */
    private final class SignTask {
        private static final int UPDATE_OR_NODE = 0;
        private static final int ANNOUNCEMENT = 1;

        final byte[] message;
        final int kind;
        /** The signing node (update, node_announcement) or the channel (announcement). */
        final int index;
        volatile boolean done;

        SignTask(byte[] message, int kind, int index) {
            this.message = message;
            this.kind = kind;
            this.index = index;
        }

        void sign(Signer signer) {
            if (kind == UPDATE_OR_NODE) {
                signer.sign(message, GossipCodec.SIGNED_OFFSET, net.nodeKeys[index], 2);
            } else {
                int c = index;
                byte[] k1 = signer.privateKey(Signer.BITCOIN_KEY_1, c);
                byte[] k2 = signer.privateKey(Signer.BITCOIN_KEY_2, c);
                System.arraycopy(signer.publicKey(k1), 0, message, BITCOIN_KEYS_OFFSET, 33);
                System.arraycopy(signer.publicKey(k2), 0, message, BITCOIN_KEYS_OFFSET + 33, 33);
                byte[] hash = signer.doubleSha256(message, GossipCodec.CHANNEL_ANNOUNCEMENT_SIGNED_OFFSET);
                signer.signHash(hash, net.nodeKeys[net.node1[c]], message, 2);
                signer.signHash(hash, net.nodeKeys[net.node2[c]], message, 66);
                signer.signHash(hash, k1, message, 130);
                signer.signHash(hash, k2, message, 194);
            }
            done = true;
        }
    }

    private record Pending(long at, long seq, GeneratedEvent event, SignTask task) implements Comparable<Pending> {
        @Override
        public int compareTo(Pending other) {
            int c = Long.compare(at, other.at);
            return c != 0 ? c : Long.compare(seq, other.seq);
        }
    }

    GeneratorRun(NetworkModel net) {
        this.net = net;
        this.o = net.options;
        this.r = Rng.derive(o.seed(), 2);
        this.filler = Rng.derive(o.seed(), 4);
        this.signers = o.sign() ? ThreadLocal.withInitial(() -> new Signer(o.seed())) : null;
        int halves = 2 * net.channelCount;
        ppm = new int[halves];
        base = new int[halves];
        cltv = new int[halves];
        htlcMin = new long[halves];
        htlcMax = new long[halves];
        inboundBase = new int[halves];
        inboundPpm = new int[halves];
        disabled = new boolean[halves];
        lastTimestamp = new long[halves];
        for (int c = 0; c < net.channelCount; c++) {
            for (int d = 0; d < 2; d++) {
                int h = 2 * c + d;
                int s = net.sender(c, d);
                ppm[h] = feeRate(r);
                base[h] = r.chance(0.9) ? net.defaultBase[s] : NetworkModel.baseFee(r);
                cltv[h] = net.defaultCltv[s];
                htlcMin[h] = net.defaultHtlcMin[s];
                long capMsat = net.capacitySat[c] * 1000;
                htlcMax[h] = r.chance(0.6) ? capMsat / 100 * 99 : capMsat / 1000 * (1 + r.nextInt(1000));
                disabled[h] = r.chance(0.08);
                inboundDiscount(h);
            }
        }
        alias = new byte[net.nodeCount][];
        color = new int[net.nodeCount];
        addresses = new byte[net.nodeCount][];
        features = new int[net.nodeCount];
        lastNodeTimestamp = new long[net.nodeCount];
        for (int n = 0; n < net.nodeCount; n++) {
            alias[n] = NodeLooks.alias(r, net.nodeIds[n]);
            color[n] = NodeLooks.color(r);
            addresses[n] = NodeLooks.addresses(r);
            features[n] = net.featureTemplate[n];
        }

        schedule = new EventHeap(net.channelCount + net.nodeCount + 16);
        int syncItems = net.preexisting + net.nodeCount;
        syncStepMs = (double) SYNC_WINDOW_MS / syncItems;
        schedule.push(net.startMs, payload(SYNC, 0));
        for (int c = net.preexisting; c < net.channelCount; c++) {
            schedule.push(net.openAtMs[c], payload(OPEN, c));
        }
        for (int c = 0; c < net.preexisting; c++) {
            if (net.kind[c] == NetworkModel.CLOSED) {
                schedule.push(net.lastUpdateBeforeMs[c], payload(CLOSING, c));
            }
        }
        now = net.startMs;
    }

    /** What this run has generated so far. */
    public GenerationStats stats() {
        return stats;
    }

    /** The generator's clock: the time up to which the history has been generated (unix ms). */
    public long clockMs() {
        return now;
    }

    @Override
    public boolean hasNext() {
        fill();
        return !pending.isEmpty();
    }

    @Override
    public GeneratedEvent next() {
        fill();
        Pending first = pending.peek();
        if (first == null) {
            throw new NoSuchElementException("the history has ended");
        }
        if (first.task != null && !first.task.done) {
            // run ahead (safe: the schedule only adds later publications) to sign a whole batch at once
            while (!schedule.isEmpty() && unsigned.size() < SIGN_BATCH) {
                step();
            }
            unsigned.parallelStream().forEach(t -> t.sign(signers.get()));
            unsigned.clear();
        }
        Pending p = pending.poll();
        if (p.event instanceof GeneratedEvent.Sighting s) {
            stats.sightings++;
            if (GeneratorOptions.COLLECTOR_B.equals(s.collector())) {
                stats.sightingsB++;
            }
        }
        return p.event;
    }

    /** Runs the schedule until the earliest pending publication can no longer be preceded by a new one. */
    private void fill() {
        while (!schedule.isEmpty() && (pending.isEmpty() || pending.peek().at > schedule.peekTime())) {
            step();
        }
    }

    /** Runs the schedule's next entry. */
    private void step() {
        long time = schedule.peekTime();
        long payload = schedule.peekPayload();
        schedule.pop();
        now = Math.max(now, time);
        int index = (int) payload;
        switch ((int) (payload >>> 32)) {
            case REGULAR_UPDATE -> regularUpdate(index, time);
            case NODE_ANNOUNCEMENT -> regularNodeAnnouncement(index, time);
            case SYNC -> sync(index, time);
            case OPEN -> open(index, time);
            case CLOSING -> closing(index, time);
            case CLOSE -> close(index, time);
            default -> throw new IllegalStateException("unknown schedule entry " + payload);
        }
    }

    private static long payload(int kind, int index) {
        return ((long) kind << 32) | index;
    }

    // ---- the schedule's entries

    private void sync(int k, long time) {
        if (k + 1 < net.preexisting + net.nodeCount) {
            schedule.push(net.startMs + (long) ((k + 1) * syncStepMs), payload(SYNC, k + 1));
        }
        if (k < net.preexisting) {
            int c = k;
            if (net.kind[c] != NetworkModel.ORPHAN) {
                stats.channelAnnouncements++;
                publish(channelAnnouncement(c), time, 0, true);
            }
            for (int d = 0; d < 2; d++) {
                long ts = syncTimestamp(c, d);
                lastTimestamp[2 * c + d] = ts;
                if (ts > 0) {
                    publish(channelUpdate(c, d, ts, false), time, 0, true);
                }
            }
            scheduleNextUpdate(c, time);
        } else {
            int n = k - net.preexisting;
            double perDay = net.announcementsPerDay[n];
            long age = 60 + (long) Math.min(30 * 86_400.0, r.exponential(perDay > 0 ? 86_400 / perDay : 86_400));
            publish(nodeAnnouncement(n, time / 1000 - age), time, 0, true);
            scheduleNextAnnouncement(n, time);
        }
    }

    /** The timestamp of a direction's latest update before the start, or 0 when it has none. */
    private long syncTimestamp(int c, int d) {
        long startSec = net.startMs / 1000;
        if (net.lastUpdateBeforeMs[c] < net.startMs) { // stale before the start: old updates only
            return net.lastUpdateBeforeMs[c] / 1000 - r.between(0, 86_400);
        }
        double perDay = net.updatesPerDay[c] * (d == 0 ? net.share0[c] : 1 - net.share0[c]);
        double meanAge = perDay > 0 ? 86_400 / perDay : 86_400;
        // keepalives every 13 days at the latest, as the implementations do
        return startSec - 60 - (long) Math.min(13 * 86_400.0, r.exponential(meanAge));
    }

    private void scheduleNextUpdate(int c, long after) {
        double perDay = net.updatesPerDay[c];
        if (perDay <= 0) {
            return;
        }
        long next = after + 1 + (long) r.exponential(NetworkModel.DAY_MS / perDay);
        if (next < net.endMs && next < net.lastUpdateBeforeMs[c]) {
            schedule.push(next, payload(REGULAR_UPDATE, c));
        }
    }

    private void scheduleNextAnnouncement(int n, long after) {
        double perDay = net.announcementsPerDay[n];
        if (perDay <= 0) {
            return;
        }
        long next = after + 1 + (long) r.exponential(NetworkModel.DAY_MS / perDay);
        if (next < net.endMs) {
            schedule.push(next, payload(NODE_ANNOUNCEMENT, n));
        }
    }

    private void regularUpdate(int c, long time) {
        int d = r.chance(net.share0[c]) ? 0 : 1;
        int h = 2 * c + d;
        evolvePolicy(c, h);
        long ts = timestamp(h, net.sender(c, d), time);
        publish(channelUpdate(c, d, ts, false), time, delay(), false);
        if (r.chance(COMPETING_SHARE)) { // re-signed in the same second with another fee: other bytes, same slot
            ppm[h]++;
            stats.competingUpdates++;
            publish(channelUpdate(c, d, ts, false), time + r.between(1, 3_000), delay(), false);
        }
        scheduleNextUpdate(c, time);
    }

    private void regularNodeAnnouncement(int n, long time) {
        if (r.chance(0.02)) {
            alias[n] = NodeLooks.alias(r, net.nodeIds[n]);
        }
        if (r.chance(0.02)) {
            color[n] = NodeLooks.color(r);
        }
        if (r.chance(0.05)) {
            addresses[n] = NodeLooks.addresses(r);
        }
        if (r.chance(0.01)) {
            features[n] = NodeLooks.featureTemplate(r);
        }
        long ts = Math.max(time / 1000 + net.clockSkew[n], lastNodeTimestamp[n] + 1);
        publish(nodeAnnouncement(n, ts), time, delay(), false);
        scheduleNextAnnouncement(n, time);
    }

    private void open(int c, long time) {
        stats.channelAnnouncements++;
        publish(channelAnnouncement(c), time, 0, true);
        for (int d = 0; d < 2; d++) {
            long ts = timestamp(2 * c + d, net.sender(c, d), time);
            publish(channelUpdate(c, d, ts, false), time, r.between(1, 5_000), true);
        }
        scheduleNextUpdate(c, time);
    }

    private void closing(int c, long time) {
        double x = r.nextDouble();
        for (int d = 0; d < 2; d++) {
            if (x < 0.3 || (x < 0.6 && d == (x < 0.45 ? 0 : 1))) { // both, one, or neither sends a disabled update
                int h = 2 * c + d;
                disabled[h] = true;
                long ts = timestamp(h, net.sender(c, d), time);
                publish(channelUpdate(c, d, ts, true), time, delay(), false);
            }
        }
        long seen = net.closedAtMs[c] + r.between(60_000, 1_200_000);
        schedule.push(Math.max(seen, time + 1), payload(CLOSE, c));
    }

    private void close(int c, long time) {
        stats.closes++;
        pending.add(new Pending(time, sequence++,
                new GeneratedEvent.Close(new ShortChannelId(net.scid[c]), net.closedAtMs[c] / 1000, time), null));
    }

    // ---- policies, timestamps, delays

    private void evolvePolicy(int c, int h) {
        if (disabled[h] ? r.chance(0.4) : r.chance(0.04)) {
            disabled[h] = !disabled[h];
        }
        // fee bots (the busiest channels) move their rate nearly every time; others now and then
        double change = net.updatesPerDay[c] > 50 ? 0.9 : 0.35;
        if (r.chance(change)) {
            double factor = 1 + 0.15 * r.gaussian();
            ppm[h] = (int) Math.max(0, Math.min(100_000, Math.round(ppm[h] * factor + (r.chance(0.5) ? 1 : -1))));
        }
        if (r.chance(0.02)) {
            base[h] = NetworkModel.baseFee(r);
        }
        if (r.chance(0.03)) {
            inboundDiscount(h);
        }
    }

    /** LND's inbound fees: half send zeros, the others a discount (negative rate, now and then a negative base). */
    private void inboundDiscount(int h) {
        if (r.chance(0.5)) {
            inboundBase[h] = 0;
            inboundPpm[h] = 0;
        } else {
            inboundBase[h] = r.chance(0.9) ? 0 : -(int) r.between(1, 1000);
            inboundPpm[h] = -(r.chance(0.5) ? 25 * (int) r.between(1, 40) : (int) r.between(1, 2500));
        }
    }

    private static int feeRate(Rng r) {
        double x = r.nextDouble();
        if (x < 0.12) {
            return r.nextInt(2);
        } else if (x < 0.25) {
            return (int) r.between(2, 50);
        }
        return (int) Math.min(50_000, Math.round(r.logNormal(500, 1.2)));
    }

    /** The signer's clock at {@code timeMs}, strictly after the direction's previous timestamp. */
    private long timestamp(int h, int signerNode, long timeMs) {
        long ts = Math.max(timeMs / 1000 + net.clockSkew[signerNode], lastTimestamp[h] + 1);
        lastTimestamp[h] = ts;
        return ts;
    }

    /** Propagation to a collector: mostly seconds, at most two minutes. */
    private long propagation() {
        return 200 + (long) Math.min(120_000, r.exponential(5_000));
    }

    /** {@link #propagation()}, or for a late arrival minus its lateness (hours). */
    private long delay() {
        if (r.chance(o.lateShare())) {
            stats.lateMessages++;
            long max = o.lateness().toMillis();
            return -r.between(max / 10, max); // negative marks it late: both collectors get it then
        }
        return propagation();
    }

    /**
     * Queues a message for {@code gen-a} at {@code time + |delay|} and, with the duplicate share, for {@code gen-b}
     * with its own propagation (a late message is late for both, gen-b's copy after gen-a's). Announcements and the
     * first sync pass {@code exact}: gen-b's copy comes after gen-a's.
     */
    private void publish(byte[] message, long time, long delay, boolean exact) {
        SignTask task = lastTask;
        lastTask = null;
        boolean late = delay < 0;
        long receivedA = time + Math.abs(delay);
        pending.add(new Pending(receivedA, sequence++,
                new GeneratedEvent.Sighting(message, GeneratorOptions.COLLECTOR_A, receivedA), task));
        if (r.chance(o.duplicateShare())) {
            long receivedB = late || exact ? receivedA + r.between(100, 30_000) : time + propagation();
            pending.add(new Pending(receivedB, sequence++,
                    new GeneratedEvent.Sighting(message, GeneratorOptions.COLLECTOR_B, receivedB), task));
        }
    }

    // ---- encoding (BOLT #7 field order; GossipCodec decodes it back byte for byte, the tests check)

    private byte[] channelAnnouncement(int c) {
        byte[] m = new byte[2 + 4 * 64 + 2 + 32 + 8 + 4 * 33];
        int p = put16(m, 0, MessageType.CHANNEL_ANNOUNCEMENT);
        if (signers == null) {
            filler.nextBytes(m, p, 4 * 64);
        }
        p += 4 * 64;
        p = put16(m, p, 0); // no features
        System.arraycopy(CHAIN, 0, m, p, 32);
        p = put64(m, p + 32, net.scid[c]);
        System.arraycopy(net.nodeIds[net.node1[c]], 0, m, p, 33);
        System.arraycopy(net.nodeIds[net.node2[c]], 0, m, p + 33, 33);
        p += 66;
        if (signers == null) {
            randomKey(m, p);
            randomKey(m, p + 33);
        } else {
            toSign(m, SignTask.ANNOUNCEMENT, c); // the bitcoin keys too
        }
        return m;
    }

    private void toSign(byte[] message, int kind, int index) {
        lastTask = new SignTask(message, kind, index);
        unsigned.add(lastTask);
    }

    private void randomKey(byte[] m, int p) {
        filler.nextBytes(m, p + 1, 32);
        m[p] = (byte) (2 + filler.nextInt(2));
    }

    private byte[] channelUpdate(int c, int d, long ts, boolean forceDisabled) {
        int h = 2 * c + d;
        int s = net.sender(c, d);
        boolean tlv = net.inboundFeeTlv[s];
        byte[] m = new byte[tlv ? 150 : 138];
        int p = put16(m, 0, MessageType.CHANNEL_UPDATE);
        if (signers == null) {
            filler.nextBytes(m, p, 64);
        }
        p += 64;
        System.arraycopy(CHAIN, 0, m, p, 32);
        p = put64(m, p + 32, net.scid[c]);
        p = put32(m, p, ts);
        m[p++] = 1; // message_flags: htlc_maximum_msat present
        m[p++] = (byte) (d | (disabled[h] || forceDisabled ? 2 : 0));
        p = put16(m, p, cltv[h]);
        p = put64(m, p, htlcMin[h]);
        p = put32(m, p, base[h]);
        p = put32(m, p, ppm[h]);
        p = put64(m, p, htlcMax[h]);
        if (tlv) { // type 55555 as BigSize (fd d903), length 8, two i32
            m[p++] = (byte) 0xfd;
            m[p++] = (byte) 0xd9;
            m[p++] = 0x03;
            m[p++] = 8;
            p = put32(m, p, inboundBase[h] & 0xFFFFFFFFL);
            put32(m, p, inboundPpm[h] & 0xFFFFFFFFL);
            stats.tlvUpdates++;
        }
        if (signers != null) {
            toSign(m, SignTask.UPDATE_OR_NODE, s);
        }
        stats.channelUpdates++;
        if (net.kind[c] == NetworkModel.ORPHAN) {
            stats.orphanUpdates++;
        }
        return m;
    }

    private byte[] nodeAnnouncement(int n, long ts) {
        lastNodeTimestamp[n] = Math.max(lastNodeTimestamp[n], ts);
        byte[] f = NodeLooks.features(features[n]);
        byte[] a = addresses[n];
        byte[] m = new byte[2 + 64 + 2 + f.length + 4 + 33 + 3 + 32 + 2 + a.length];
        int p = put16(m, 0, MessageType.NODE_ANNOUNCEMENT);
        if (signers == null) {
            filler.nextBytes(m, p, 64);
        }
        p += 64;
        p = put16(m, p, f.length);
        System.arraycopy(f, 0, m, p, f.length);
        p = put32(m, p + f.length, ts);
        System.arraycopy(net.nodeIds[n], 0, m, p, 33);
        p += 33;
        m[p++] = (byte) (color[n] >>> 16);
        m[p++] = (byte) (color[n] >>> 8);
        m[p++] = (byte) color[n];
        System.arraycopy(alias[n], 0, m, p, 32);
        p = put16(m, p + 32, a.length);
        System.arraycopy(a, 0, m, p, a.length);
        if (signers != null) {
            toSign(m, SignTask.UPDATE_OR_NODE, n);
        }
        stats.nodeAnnouncements++;
        return m;
    }

    private static int put16(byte[] m, int p, int v) {
        m[p] = (byte) (v >>> 8);
        m[p + 1] = (byte) v;
        return p + 2;
    }

    private static int put32(byte[] m, int p, long v) {
        for (int i = 0; i < 4; i++) {
            m[p + i] = (byte) (v >>> (24 - 8 * i));
        }
        return p + 4;
    }

    private static int put64(byte[] m, int p, long v) {
        for (int i = 0; i < 8; i++) {
            m[p + i] = (byte) (v >>> (56 - 8 * i));
        }
        return p + 8;
    }
}
