package io.lngossip.flink.jdbc;

/**
 * Checkpoints in [fromInclusive, toExclusive) written before {@code seq} are stale: late data changed them. The
 * planner skips them (see {@link HistoryStatements#USABLE_CHECKPOINTS_SQL}) until they are rewritten.
 */
public record InvalidationRow(long seq, long fromInclusive, long toExclusive) {}
