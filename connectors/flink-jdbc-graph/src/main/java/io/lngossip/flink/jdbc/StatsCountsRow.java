package io.lngossip.flink.jdbc;

/** Messages by type whose time falls in one hour: absolute counts kept by the job, upserted. */
public record StatsCountsRow(long hour, long channelAnnouncements, long nodeAnnouncements, long channelUpdates) {}
