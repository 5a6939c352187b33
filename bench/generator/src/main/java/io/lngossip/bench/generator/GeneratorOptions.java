package io.lngossip.bench.generator;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What to generate. Two presets: {@link #small()} for tests and CI (a few hundred channels), {@link #mainnet()} for
 * benchmarks (the size of Lightning mainnet in 2025); every knob has a with-er.
 *
 * @param seed the seed: the same options give the same bytes, always
 * @param days how many days of gossip after {@code start}
 * @param start the first instant of the history (UTC); scid heights are spread from 2018 up to it
 * @param nodes how many nodes
 * @param channels how many channels exist at {@code start} (orphans, stale and closed ones included)
 * @param opensPerDay channels opened during the history, per day (announced when they open)
 * @param updatesPerDay the mean number of channel_updates per day, spread over the channels with a heavy tail
 * @param nodeAnnouncementsPerDay the mean number of node_announcements per day
 * @param tlvShare the share of channel_updates carrying LND's 12-byte inbound-fee TLV (type 55555)
 * @param staleShare the share of channels whose updates stop more than 14 days before the end
 * @param closedShare the share of channels closed during the history (a close event at the block time)
 * @param orphanShare the share of channels whose channel_announcement never appears (their updates do)
 * @param duplicateShare the share of messages the second collector ({@code gen-b}) sees too
 * @param lateShare the share of updates and node_announcements received much later than they were signed
 * @param lateness the largest delay of a late arrival (the smallest is a tenth of it)
 * @param sign whether to sign every message with real secp256k1 keys derived from the seed (slower)
 */
public record GeneratorOptions(
        long seed,
        int days,
        Instant start,
        int nodes,
        int channels,
        int opensPerDay,
        int updatesPerDay,
        int nodeAnnouncementsPerDay,
        double tlvShare,
        double staleShare,
        double closedShare,
        double orphanShare,
        double duplicateShare,
        double lateShare,
        Duration lateness,
        boolean sign) {

    /** The first collector: sees every message. */
    public static final String COLLECTOR_A = "gen-a";
    /** The second collector: sees a {@code duplicateShare} of them too, the same bytes a little later. */
    public static final String COLLECTOR_B = "gen-b";
    /** 2025-01-01T00:00:00Z, around block 877,000. */
    public static final Instant DEFAULT_START = Instant.parse("2025-01-01T00:00:00Z");

    public GeneratorOptions {
        Objects.requireNonNull(start, "start cannot be null");
        Objects.requireNonNull(lateness, "lateness cannot be null");
        if (days < 1 || days > 3650) {
            throw new IllegalArgumentException("days must be in [1, 3650]: " + days);
        }
        if (nodes < 2) {
            throw new IllegalArgumentException("nodes must be at least 2: " + nodes);
        }
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be at least 1: " + channels);
        }
        if (channels > 10_000_000 || nodes > 10_000_000) {
            throw new IllegalArgumentException("at most 10,000,000 nodes and channels: " + nodes + ", " + channels);
        }
        requireNonNegative(opensPerDay, "opensPerDay");
        requireNonNegative(updatesPerDay, "updatesPerDay");
        requireNonNegative(nodeAnnouncementsPerDay, "nodeAnnouncementsPerDay");
        requireShare(tlvShare, "tlvShare");
        requireShare(staleShare, "staleShare");
        requireShare(closedShare, "closedShare");
        requireShare(orphanShare, "orphanShare");
        requireShare(duplicateShare, "duplicateShare");
        requireShare(lateShare, "lateShare");
        if (staleShare + closedShare + orphanShare > 0.9) {
            throw new IllegalArgumentException("staleShare + closedShare + orphanShare must leave at least 10% of the"
                    + " channels alive: " + (staleShare + closedShare + orphanShare));
        }
        if (lateness.compareTo(Duration.ofMinutes(10)) < 0 || lateness.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("lateness must be between 10 minutes and 7 days: " + lateness);
        }
        if (start.getEpochSecond() < 1_515_542_400L) {
            throw new IllegalArgumentException("start must be after 2018-01-10 (block 505,000): " + start);
        }
        if (start.getEpochSecond() + days * 86_400L > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("the history must end before 2106 (u32 timestamps)");
        }
    }

    private static void requireNonNegative(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }

    private static void requireShare(double value, String name) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1]: " + value);
        }
    }

    /**
     * A small network for tests and CI: 200 nodes, 600 channels, 3,000 updates and 1,300 node_announcements a day,
     * 2 days, unsigned.
     */
    public static GeneratorOptions small() {
        return new GeneratorOptions(1, 2, DEFAULT_START, 200, 600, 6, 3_000, 1_300, 0.5, 0.05, 0.03, 0.02, 0.25,
                0.02, Duration.ofHours(6), false);
    }

    /**
     * Lightning mainnet's size: 15,000 nodes, 50,000 channels, 300,000 channel_updates and 130,000
     * node_announcements a day, 1 day, unsigned.
     */
    public static GeneratorOptions mainnet() {
        return new GeneratorOptions(1, 1, DEFAULT_START, 15_000, 50_000, 250, 300_000, 130_000, 0.5, 0.05, 0.01,
                0.01, 0.25, 0.02, Duration.ofHours(6), false);
    }

    /** The end of the history: {@code start + days}. */
    public Instant end() {
        return start.plusSeconds(days * 86_400L);
    }

    public GeneratorOptions withSeed(long v) {
        return new GeneratorOptions(v, days, start, nodes, channels, opensPerDay, updatesPerDay,
                nodeAnnouncementsPerDay, tlvShare, staleShare, closedShare, orphanShare, duplicateShare, lateShare,
                lateness, sign);
    }

    public GeneratorOptions withDays(int v) {
        return new GeneratorOptions(seed, v, start, nodes, channels, opensPerDay, updatesPerDay,
                nodeAnnouncementsPerDay, tlvShare, staleShare, closedShare, orphanShare, duplicateShare, lateShare,
                lateness, sign);
    }

    public GeneratorOptions withStart(Instant v) {
        return new GeneratorOptions(seed, days, v, nodes, channels, opensPerDay, updatesPerDay,
                nodeAnnouncementsPerDay, tlvShare, staleShare, closedShare, orphanShare, duplicateShare, lateShare,
                lateness, sign);
    }

    public GeneratorOptions withNodes(int v) {
        return new GeneratorOptions(seed, days, start, v, channels, opensPerDay, updatesPerDay,
                nodeAnnouncementsPerDay, tlvShare, staleShare, closedShare, orphanShare, duplicateShare, lateShare,
                lateness, sign);
    }

    public GeneratorOptions withChannels(int v) {
        return new GeneratorOptions(seed, days, start, nodes, v, opensPerDay, updatesPerDay,
                nodeAnnouncementsPerDay, tlvShare, staleShare, closedShare, orphanShare, duplicateShare, lateShare,
                lateness, sign);
    }

    public GeneratorOptions withOpensPerDay(int v) {
        return new GeneratorOptions(seed, days, start, nodes, channels, v, updatesPerDay,
                nodeAnnouncementsPerDay, tlvShare, staleShare, closedShare, orphanShare, duplicateShare, lateShare,
                lateness, sign);
    }

    public GeneratorOptions withUpdatesPerDay(int v) {
        return new GeneratorOptions(seed, days, start, nodes, channels, opensPerDay, v,
                nodeAnnouncementsPerDay, tlvShare, staleShare, closedShare, orphanShare, duplicateShare, lateShare,
                lateness, sign);
    }

    public GeneratorOptions withNodeAnnouncementsPerDay(int v) {
        return new GeneratorOptions(seed, days, start, nodes, channels, opensPerDay, updatesPerDay, v, tlvShare,
                staleShare, closedShare, orphanShare, duplicateShare, lateShare, lateness, sign);
    }

    public GeneratorOptions withTlvShare(double v) {
        return new GeneratorOptions(seed, days, start, nodes, channels, opensPerDay, updatesPerDay,
                nodeAnnouncementsPerDay, v, staleShare, closedShare, orphanShare, duplicateShare, lateShare,
                lateness, sign);
    }

    public GeneratorOptions withStaleShare(double v) {
        return new GeneratorOptions(seed, days, start, nodes, channels, opensPerDay, updatesPerDay,
                nodeAnnouncementsPerDay, tlvShare, v, closedShare, orphanShare, duplicateShare, lateShare,
                lateness, sign);
    }

    public GeneratorOptions withClosedShare(double v) {
        return new GeneratorOptions(seed, days, start, nodes, channels, opensPerDay, updatesPerDay,
                nodeAnnouncementsPerDay, tlvShare, staleShare, v, orphanShare, duplicateShare, lateShare,
                lateness, sign);
    }

    public GeneratorOptions withOrphanShare(double v) {
        return new GeneratorOptions(seed, days, start, nodes, channels, opensPerDay, updatesPerDay,
                nodeAnnouncementsPerDay, tlvShare, staleShare, closedShare, v, duplicateShare, lateShare,
                lateness, sign);
    }

    public GeneratorOptions withDuplicateShare(double v) {
        return new GeneratorOptions(seed, days, start, nodes, channels, opensPerDay, updatesPerDay,
                nodeAnnouncementsPerDay, tlvShare, staleShare, closedShare, orphanShare, v, lateShare, lateness,
                sign);
    }

    public GeneratorOptions withLateShare(double v) {
        return new GeneratorOptions(seed, days, start, nodes, channels, opensPerDay, updatesPerDay,
                nodeAnnouncementsPerDay, tlvShare, staleShare, closedShare, orphanShare, duplicateShare, v,
                lateness, sign);
    }

    public GeneratorOptions withLateness(Duration v) {
        return new GeneratorOptions(seed, days, start, nodes, channels, opensPerDay, updatesPerDay,
                nodeAnnouncementsPerDay, tlvShare, staleShare, closedShare, orphanShare, duplicateShare, lateShare,
                v, sign);
    }

    public GeneratorOptions withSign(boolean v) {
        return new GeneratorOptions(seed, days, start, nodes, channels, opensPerDay, updatesPerDay,
                nodeAnnouncementsPerDay, tlvShare, staleShare, closedShare, orphanShare, duplicateShare, lateShare,
                lateness, v);
    }
}
