package io.lngossip.bench.generator;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The fixed part of a generated network, drawn once from the seed: nodes (keys, how often they announce, their
 * implementation's defaults), channels (scid, endpoints, capacity, how often they update, whether they are orphans,
 * go stale, close or open during the history). Everything that changes message by message lives in {@link
 * GeneratorRun}. Arrays, not objects: at mainnet scale this is a few megabytes.
 */
final class NetworkModel {
    static final byte NORMAL = 0;
    static final byte STALE = 1;
    static final byte CLOSED = 2;
    static final byte ORPHAN = 3;

    static final long DAY_MS = 86_400_000L;
    /** One channel in a hundred belongs to a fee bot... */
    private static final double BOT_SHARE = 0.01;
    /** ...and those make 40% of the updates. */
    private static final double BOT_LOAD = 0.4;
    /** Block 505,000 (2018-01-09) and block 870,000 (2024-11-12): scid heights are interpolated between them. */
    private static final long HEIGHT_LO = 505_000;
    private static final long TIME_LO = 1_515_542_400L;
    private static final long HEIGHT_HI = 870_000;
    private static final long TIME_HI = 1_731_400_000L;

    final GeneratorOptions options;
    final long startMs;
    final long endMs;

    final int nodeCount;
    final byte[][] nodeIds;
    /** Private keys, or null when not signing. */
    final byte[][] nodeKeys;
    final double[] announcementsPerDay;
    final boolean[] inboundFeeTlv;
    /** Seconds the node's clock runs ahead (or behind): its timestamps are its clock, not the collector's. */
    final int[] clockSkew;
    final int[] defaultCltv;
    final long[] defaultHtlcMin;
    final int[] defaultBase;
    final int[] featureTemplate;

    /** Channels that exist at the start; those after them open during the history, in time order. */
    final int preexisting;
    final int channelCount;
    final long[] scid;
    final int[] node1;
    final int[] node2;
    final byte[] kind;
    final double[] updatesPerDay;
    /** The chance that an update of the channel is direction 0's. */
    final double[] share0;
    /** Open time (ms) of the channels opened during the history, 0 for the others. */
    final long[] openAtMs;
    /** When a stale channel stops updating, or a closed one's last update goes out; Long.MAX_VALUE otherwise. */
    final long[] lastUpdateBeforeMs;
    /** Block time (ms) of a closed channel's spending transaction, 0 for the others. */
    final long[] closedAtMs;
    final long[] capacitySat;

    final int hotChannel;
    final int busiestNode;

    NetworkModel(GeneratorOptions o) {
        this.options = o;
        this.startMs = o.start().toEpochMilli();
        this.endMs = o.end().toEpochMilli();
        Rng r = Rng.derive(o.seed(), 1);
        Rng keys = Rng.derive(o.seed(), 3); // its own stream: signing or not, the rest of the network is the same
        Signer signer = o.sign() ? new Signer(o.seed()) : null;

        nodeCount = o.nodes();
        nodeIds = new byte[nodeCount][];
        nodeKeys = signer == null ? null : new byte[nodeCount][];
        double[] attachment = new double[nodeCount];
        for (int i = 0; i < nodeCount; i++) {
            if (signer != null) {
                nodeKeys[i] = signer.privateKey(Signer.NODE_KEY, i);
                nodeIds[i] = signer.publicKey(nodeKeys[i]);
            } else {
                nodeIds[i] = new byte[33];
                keys.nextBytes(nodeIds[i], 1, 32);
                nodeIds[i][0] = (byte) (2 + keys.nextInt(2));
            }
            attachment[i] = Math.min(r.pareto(1.4), 5_000); // a few hubs with hundreds of channels
        }

        preexisting = o.channels();
        long opens = (long) o.opensPerDay() * o.days();
        if (preexisting + opens > 10_000_000L) {
            throw new IllegalArgumentException("channels + opensPerDay * days must stay under 10,000,000");
        }
        channelCount = preexisting + (int) opens;
        scid = new long[channelCount];
        node1 = new int[channelCount];
        node2 = new int[channelCount];
        kind = new byte[channelCount];
        updatesPerDay = new double[channelCount];
        share0 = new double[channelCount];
        openAtMs = new long[channelCount];
        lastUpdateBeforeMs = new long[channelCount];
        closedAtMs = new long[channelCount];
        capacitySat = new long[channelCount];

        double[] cumulative = new double[nodeCount];
        double acc = 0;
        for (int i = 0; i < nodeCount; i++) {
            acc += attachment[i];
            cumulative[i] = acc;
        }
        for (int c = 0; c < channelCount; c++) {
            int a = c < nodeCount ? c : weighted(r, cumulative);
            int b;
            do {
                b = weighted(r, cumulative);
            } while (b == a);
            // BOLT #7: node_id_1 is the lexicographically smaller key
            boolean aFirst = Arrays.compareUnsigned(nodeIds[a], nodeIds[b]) < 0;
            node1[c] = aFirst ? a : b;
            node2[c] = aFirst ? b : a;
        }

        long[] openTimes = new long[(int) opens];
        for (int i = 0; i < openTimes.length; i++) {
            openTimes[i] = r.between(startMs + 15 * 60_000L, endMs - 10 * 60_000L);
        }
        Arrays.sort(openTimes);
        Set<Long> scids = new HashSet<>(channelCount * 2);
        long hi = heightAt(o.start().getEpochSecond()) - 6;
        for (int c = 0; c < channelCount; c++) {
            lastUpdateBeforeMs[c] = Long.MAX_VALUE;
            long height;
            if (c < preexisting) {
                double x = r.nextDouble();
                if (x < o.orphanShare()) {
                    kind[c] = ORPHAN;
                } else if (x < o.orphanShare() + o.staleShare()) {
                    kind[c] = STALE;
                    lastUpdateBeforeMs[c] = r.between(startMs - 30 * DAY_MS, endMs - 14 * DAY_MS - 3_600_000L);
                } else if (x < o.orphanShare() + o.staleShare() + o.closedShare()) {
                    kind[c] = CLOSED;
                    closedAtMs[c] = r.between(startMs + 3_600_000L, endMs - 10 * 60_000L) / 1000 * 1000;
                    lastUpdateBeforeMs[c] = closedAtMs[c] - r.between(30_000, 600_000);
                }
                // channels are older the rarer: more recent heights are likelier
                height = hi - (long) ((hi - HEIGHT_LO) * StrictMath.pow(r.nextDouble(), 1.5));
            } else {
                openAtMs[c] = openTimes[c - preexisting];
                height = heightAt(openAtMs[c] / 1000) - r.between(3, 6);
            }
            long s;
            do {
                double u = r.nextDouble();
                long tx = 1 + (long) (3_500 * u * u);
                double v = r.nextDouble();
                long out = v < 0.6 ? 0 : v < 0.9 ? 1 : 2 + r.nextInt(2);
                s = (height << 40) | (tx << 16) | out;
            } while (!scids.add(s));
            scid[c] = s;
            share0[c] = 0.05 + 0.9 * r.nextDouble();
            capacitySat[c] = Math.max(20_000, Math.min(1_000_000_000L, (long) r.logNormal(2_000_000, 1.3)));
        }

        // Heavy-tailed rates in two tiers, so the tail shows at any scale: one channel in a hundred is a fee bot's
        // (they make BOT_LOAD of the updates between them, Pareto among themselves), the others update a few times
        // a day (a milder Pareto). Each tier is normalised over the time its channels are active.
        int bots = Math.max(1, (int) Math.round(preexisting * BOT_SHARE));
        boolean[] bot = new boolean[channelCount];
        for (int i = 0; i < bots; i++) {
            int c;
            do {
                c = r.nextInt(preexisting);
            } while (bot[c]);
            bot[c] = true;
        }
        double[] weight = new double[channelCount];
        double botExpected = 0;
        double otherExpected = 0;
        for (int c = 0; c < channelCount; c++) {
            weight[c] = bot[c] ? r.pareto(1.5) : r.pareto(2.0);
            if (bot[c]) {
                botExpected += weight[c] * activeShare(c);
            } else {
                otherExpected += weight[c] * activeShare(c);
            }
        }
        double botScale = botExpected == 0 ? 0 : BOT_LOAD * o.updatesPerDay() / botExpected;
        double otherScale = otherExpected == 0 ? 0 : (1 - BOT_LOAD) * o.updatesPerDay() / otherExpected;
        double cap = Math.max(1, o.updatesPerDay() / 20.0);
        // the hot channel: the live, announced one whose rate is nearest updatesPerDay / 300, which it then gets
        double hotRate = Math.max(1, o.updatesPerDay() / 300.0);
        int hot = -1;
        for (int c = 0; c < channelCount; c++) {
            updatesPerDay[c] = Math.min(cap, weight[c] * (bot[c] ? botScale : otherScale));
            if (c < preexisting && kind[c] == NORMAL && (hot < 0
                    || Math.abs(updatesPerDay[c] - hotRate) < Math.abs(updatesPerDay[hot] - hotRate))) {
                hot = c;
            }
        }
        if (hot < 0) {
            throw new IllegalArgumentException("no channel is left alive and announced: lower the shares");
        }
        hotChannel = hot;
        updatesPerDay[hot] = hotRate;
        // the cap and the hot channel took some traffic away: give it back to the uncapped channels
        for (int round = 0; round < 4; round++) {
            double fixed = 0;
            double free = 0;
            for (int c = 0; c < channelCount; c++) {
                double n = updatesPerDay[c] * activeShare(c);
                if (c == hot || updatesPerDay[c] >= cap) {
                    fixed += n;
                } else {
                    free += n;
                }
            }
            if (free <= 0 || o.updatesPerDay() <= fixed) {
                break;
            }
            double f = (o.updatesPerDay() - fixed) / free;
            for (int c = 0; c < channelCount; c++) {
                if (c != hot && updatesPerDay[c] < cap) {
                    updatesPerDay[c] = Math.min(cap, updatesPerDay[c] * f);
                }
            }
        }

        announcementsPerDay = new double[nodeCount];
        double annWeights = 0;
        for (int i = 0; i < nodeCount; i++) {
            announcementsPerDay[i] = r.logNormal(1, 1.0);
            annWeights += announcementsPerDay[i];
        }
        for (int i = 0; i < nodeCount; i++) {
            announcementsPerDay[i] = Math.min(500, announcementsPerDay[i] * o.nodeAnnouncementsPerDay() / annWeights);
        }

        defaultCltv = new int[nodeCount];
        defaultHtlcMin = new long[nodeCount];
        defaultBase = new int[nodeCount];
        featureTemplate = new int[nodeCount];
        clockSkew = new int[nodeCount];
        for (int i = 0; i < nodeCount; i++) {
            defaultCltv[i] = cltv(r);
            defaultHtlcMin[i] = htlcMin(r);
            defaultBase[i] = baseFee(r);
            featureTemplate[i] = NodeLooks.featureTemplate(r);
            clockSkew[i] = r.chance(0.03) ? (int) r.between(-300, 1_200) : 0;
        }

        inboundFeeTlv = chooseTlvNodes(r);
        busiestNode = busiest();
    }

    /** Whether the channel is in the snapshot when its updates are fresh: announced, open, not gone stale. */
    private double activeShare(int c) {
        long from = Math.max(startMs, openAtMs[c]);
        long to = Math.min(endMs, lastUpdateBeforeMs[c]);
        return to <= from ? 0 : (double) (to - from) / (endMs - startMs);
    }

    private static int weighted(Rng r, double[] cumulative) {
        double x = r.nextDouble() * cumulative[cumulative.length - 1];
        int i = Arrays.binarySearch(cumulative, x);
        return Math.min(cumulative.length - 1, i < 0 ? -i - 1 : i + 1);
    }

    /** The expected updates each node signs, then nodes in random order until their share reaches tlvShare. */
    private boolean[] chooseTlvNodes(Rng r) {
        double[] signed = new double[nodeCount];
        double total = 0;
        for (int c = 0; c < channelCount; c++) {
            double n = updatesPerDay[c] * activeShare(c) + 2; // +2: the updates of the first sync or the open
            signed[node1[c]] += n * share0[c];
            signed[node2[c]] += n * (1 - share0[c]);
            total += n;
        }
        int[] order = new int[nodeCount];
        for (int i = 0; i < nodeCount; i++) {
            order[i] = i;
        }
        for (int i = nodeCount - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        boolean[] tlv = new boolean[nodeCount];
        double target = options.tlvShare() * total;
        double acc = 0;
        for (int i : order) {
            if (acc + signed[i] / 2 <= target) {
                tlv[i] = true;
                acc += signed[i];
            }
        }
        return tlv;
    }

    private int busiest() {
        double[] load = new double[nodeCount];
        for (int c = 0; c < channelCount; c++) {
            double n = updatesPerDay[c] * activeShare(c) + (kind[c] == ORPHAN ? 0 : 1);
            load[node1[c]] += n;
            load[node2[c]] += n;
        }
        int best = 0;
        for (int i = 0; i < nodeCount; i++) {
            load[i] += announcementsPerDay[i];
            if (load[i] > load[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The sending node of direction {@code d} of channel {@code c}. */
    int sender(int c, int d) {
        return d == 0 ? node1[c] : node2[c];
    }

    /** Block height at a unix time, by linear interpolation of two known blocks (600 s a block after the second). */
    static long heightAt(long unixSeconds) {
        if (unixSeconds <= TIME_HI) {
            return HEIGHT_LO + (unixSeconds - TIME_LO) * (HEIGHT_HI - HEIGHT_LO) / (TIME_HI - TIME_LO);
        }
        return HEIGHT_HI + (unixSeconds - TIME_HI) / 600;
    }

    private static final int[] CLTV = {80, 144, 40, 72, 100, 34, 48, 18, 112, 120, 50};
    private static final double[] CLTV_WEIGHTS = {31, 31, 17, 5, 5, 3, 2, 1, 1.5, 1, 1};

    private static int cltv(Rng r) {
        return r.chance(0.015) ? (int) r.between(18, 144) : CLTV[r.pick(CLTV_WEIGHTS)];
    }

    private static final long[] HTLC_MIN = {1000, 1, 10_000, 100_000, 0, 1_000_000, 3000, 5000};
    private static final double[] HTLC_MIN_WEIGHTS = {65, 21, 4, 3.5, 2, 2, 1, 1};

    private static long htlcMin(Rng r) {
        return HTLC_MIN[r.pick(HTLC_MIN_WEIGHTS)];
    }

    private static final int[] BASE = {0, 1000, 500, 1, 8, 100};
    private static final double[] BASE_WEIGHTS = {60, 23, 5, 4.5, 3, 1};

    static int baseFee(Rng r) {
        return r.chance(0.035) ? (int) r.between(0, 1000) : BASE[r.pick(BASE_WEIGHTS)];
    }
}
