package io.lngossip.flink.jdbc;

/** A close of {@code scid} at {@code closedAt}; the earliest known close wins in the table. */
public record CloseRow(long scid, long closedAt) {}
