package io.lngossip.flink.jdbc;

/** A channel's funding amount as a source knew it (gossip_store 4101). */
public record ChannelCapacityRow(long scid, long capacitySat) {}
