package io.lngossip.flink.jdbc;

/**
 * The network at the end of one hour (Snapshot with the default maxAge): channels, live half-channels, nodes, the
 * announced capacity where known and the median fees of live half-channels. Null figures are unknown.
 */
public record StatsFiguresRow(long hour, long channels, long halfChannels, long nodes, Long capacitySat,
        Long medianFeeBaseMsat, Long medianFeePpm) {}
