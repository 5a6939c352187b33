package io.lngossip.flink.jdbc;

/**
 * Network figures of one hour: messages received by type during it, and the network at its end (Snapshot with the
 * default maxAge). Nullable figures are unknown.
 */
public record StatsRow(long hour, long channelAnnouncements, long nodeAnnouncements, long channelUpdates,
        long channels, long halfChannels, long nodes, Long capacitySat, Long medianFeeBaseMsat, Long medianFeePpm) {}
