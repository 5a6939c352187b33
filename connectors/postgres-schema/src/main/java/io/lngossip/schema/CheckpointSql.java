package io.lngossip.schema;

/**
 * The checkpoint rules in SQL, shared by whoever writes checkpoints (the job's sink, the rebuilder) and whoever picks
 * them (the query service). A checkpoint {@code c} is usable unless an invalidation written after it (greater seq)
 * covers its instant; a checkpoint row only replaces one with a smaller seq.
 */
public final class CheckpointSql {
    /** Condition on a checkpoint aliased {@code c}. */
    public static final String USABLE = "c.complete AND NOT EXISTS (SELECT 1 FROM checkpoint_invalidations i"
            + " WHERE i.from_instant <= c.instant AND c.instant < i.to_instant AND i.seq > c.seq)";

    /**
     * The same rule for a materialized body aliased {@code b} (table snapshot_bodies), and one more: the checkpoint at
     * its instant was not written after it. The live job corrects its last checkpoint in place when late data reaches
     * it (a greater seq, no invalidation, since the corrected row is usable at once); a body built from the row before
     * would then miss the late data. A body newer than its checkpoint row was built from it or from a later one.
     */
    public static final String BODY_USABLE = "NOT EXISTS (SELECT 1 FROM checkpoint_invalidations i"
            + " WHERE i.from_instant <= b.instant AND b.instant < i.to_instant AND i.seq > b.seq)"
            + " AND NOT EXISTS (SELECT 1 FROM checkpoints bc WHERE bc.instant = b.instant AND bc.seq > b.seq)";

    /** Parameters: instant, format_version, seq, body, channels, half_channels, nodes, written_at_ms. */
    public static final String UPSERT = "INSERT INTO checkpoints"
            + " (instant, format_version, complete, seq, body, channels, half_channels, nodes, written_at_ms)"
            + " VALUES (?, ?, true, ?, ?, ?, ?, ?, ?) ON CONFLICT (instant) DO UPDATE SET"
            + " format_version = EXCLUDED.format_version, complete = true, seq = EXCLUDED.seq, body = EXCLUDED.body,"
            + " channels = EXCLUDED.channels, half_channels = EXCLUDED.half_channels, nodes = EXCLUDED.nodes,"
            + " written_at_ms = EXCLUDED.written_at_ms WHERE EXCLUDED.seq > checkpoints.seq";

    private CheckpointSql() {}
}
