package io.lngossip.flink.jdbc;

import io.lngossip.schema.CheckpointSql;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.datasource.statements.JdbcQueryStatement;
import org.apache.flink.connector.jdbc.datasource.statements.SimpleJdbcQueryStatement;

/**
 * The job's low-volume writes, a few rows a second (the high-volume ones are {@link BulkStatements}): one idempotent
 * upsert per table, with its binder. Applying any of them twice, or in any order, leaves the table as applying each
 * once would: keys are the facts' natural keys, and where several candidates compete for one key the statement keeps
 * the canonical one (smallest gossip_id, earliest time) whatever the arrival order.
 */
public final class HistoryStatements {

    private HistoryStatements() {}

    public static final String CHANNELS_SQL = "INSERT INTO channels (scid, gossip_id, node_id_1, node_id_2)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (scid) DO UPDATE SET gossip_id = EXCLUDED.gossip_id,"
            + " node_id_1 = EXCLUDED.node_id_1, node_id_2 = EXCLUDED.node_id_2"
            + " WHERE EXCLUDED.gossip_id < channels.gossip_id";

    public static final String CAPACITIES_SQL = "INSERT INTO channel_capacities (scid, capacity_sat) VALUES (?, ?)"
            + " ON CONFLICT (scid) DO UPDATE SET capacity_sat = EXCLUDED.capacity_sat"
            + " WHERE EXCLUDED.capacity_sat > channel_capacities.capacity_sat";

    public static final String CLOSES_SQL = "INSERT INTO channel_closes (scid, closed_at) VALUES (?, ?)"
            + " ON CONFLICT (scid) DO UPDATE SET closed_at = EXCLUDED.closed_at"
            + " WHERE EXCLUDED.closed_at < channel_closes.closed_at";

    public static final String CLOSE_HINTS_SQL = "INSERT INTO close_hints (scid, kind, source) VALUES (?, ?, ?)"
            + " ON CONFLICT DO NOTHING";

    public static final String CHECKPOINTS_SQL = CheckpointSql.UPSERT;

    public static final String QUARANTINE_SQL = "INSERT INTO quarantine"
            + " (observation_key, raw, source, collector, seen_at_ms, reason, detail, quarantined_at_ms)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (observation_key) DO NOTHING";

    public static final String STATS_COUNTS_SQL = "INSERT INTO network_stats_hourly (hour, channel_announcements,"
            + " node_announcements, channel_updates) VALUES (?, ?, ?, ?) ON CONFLICT (hour) DO UPDATE SET"
            + " channel_announcements = EXCLUDED.channel_announcements,"
            + " node_announcements = EXCLUDED.node_announcements, channel_updates = EXCLUDED.channel_updates";

    public static final String STATS_FIGURES_SQL = "INSERT INTO network_stats_hourly (hour, channels, half_channels,"
            + " nodes, capacity_sat, median_fee_base_msat, median_fee_ppm) VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (hour) DO UPDATE SET channels = EXCLUDED.channels,"
            + " half_channels = EXCLUDED.half_channels, nodes = EXCLUDED.nodes, capacity_sat = EXCLUDED.capacity_sat,"
            + " median_fee_base_msat = EXCLUDED.median_fee_base_msat, median_fee_ppm = EXCLUDED.median_fee_ppm";

    public static final String INVALIDATIONS_SQL = "INSERT INTO checkpoint_invalidations (seq, from_instant,"
            + " to_instant) VALUES (?, ?, ?) ON CONFLICT (seq) DO NOTHING";

    /** The checkpoints no later invalidation covers: the ones the planner may use. */
    public static final String USABLE_CHECKPOINTS_SQL = "SELECT c.instant FROM checkpoints c WHERE "
            + CheckpointSql.USABLE;

    public static final String COVERAGE_SQL = "INSERT INTO coverage_hours (collector, hour, messages) VALUES (?, ?, ?)"
            + " ON CONFLICT (collector, hour) DO UPDATE SET messages = EXCLUDED.messages"
            + " WHERE EXCLUDED.messages > coverage_hours.messages";

    public static final String PROGRESS_SQL = "INSERT INTO ingest_progress"
            + " (job, event_time_watermark, checkpoint_id, updated_at_ms) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (job) DO UPDATE SET event_time_watermark = EXCLUDED.event_time_watermark,"
            + " checkpoint_id = EXCLUDED.checkpoint_id, updated_at_ms = EXCLUDED.updated_at_ms"
            + " WHERE EXCLUDED.checkpoint_id > ingest_progress.checkpoint_id";

    public static JdbcQueryStatement<ChannelRow> channels() {
        return statement(CHANNELS_SQL, (ps, r) -> {
            ps.setLong(1, r.scid());
            ps.setBytes(2, r.gossipId());
            ps.setBytes(3, r.nodeId1());
            ps.setBytes(4, r.nodeId2());
        });
    }

    public static JdbcQueryStatement<ChannelCapacityRow> capacities() {
        return statement(CAPACITIES_SQL, (ps, r) -> {
            ps.setLong(1, r.scid());
            ps.setLong(2, r.capacitySat());
        });
    }

    public static JdbcQueryStatement<CloseRow> closes() {
        return statement(CLOSES_SQL, (ps, r) -> {
            ps.setLong(1, r.scid());
            ps.setLong(2, r.closedAt());
        });
    }

    public static JdbcQueryStatement<CloseHintRow> closeHints() {
        return statement(CLOSE_HINTS_SQL, (ps, r) -> {
            ps.setLong(1, r.scid());
            ps.setString(2, r.kind());
            ps.setString(3, r.source());
        });
    }

    public static JdbcQueryStatement<CheckpointRow> checkpoints() {
        return statement(CHECKPOINTS_SQL, (ps, r) -> {
            ps.setLong(1, r.instant());
            ps.setShort(2, (short) r.formatVersion());
            ps.setLong(3, r.seq());
            ps.setBytes(4, r.body());
            ps.setInt(5, r.channels());
            ps.setInt(6, r.halfChannels());
            ps.setInt(7, r.nodes());
            ps.setLong(8, r.writtenAtMs());
        });
    }

    public static JdbcQueryStatement<QuarantineRow> quarantine() {
        return statement(QUARANTINE_SQL, (ps, r) -> {
            ps.setBytes(1, r.observationKey());
            ps.setBytes(2, r.raw());
            ps.setString(3, r.source());
            ps.setString(4, r.collector());
            setLong(ps, 5, r.seenAtMs());
            ps.setString(6, r.reason());
            ps.setString(7, r.detail());
            ps.setLong(8, r.quarantinedAtMs());
        });
    }

    public static JdbcQueryStatement<StatsCountsRow> statsCounts() {
        return statement(STATS_COUNTS_SQL, (ps, r) -> {
            ps.setLong(1, r.hour());
            ps.setLong(2, r.channelAnnouncements());
            ps.setLong(3, r.nodeAnnouncements());
            ps.setLong(4, r.channelUpdates());
        });
    }

    public static JdbcQueryStatement<StatsFiguresRow> statsFigures() {
        return statement(STATS_FIGURES_SQL, (ps, r) -> {
            ps.setLong(1, r.hour());
            ps.setLong(2, r.channels());
            ps.setLong(3, r.halfChannels());
            ps.setLong(4, r.nodes());
            setLong(ps, 5, r.capacitySat());
            setLong(ps, 6, r.medianFeeBaseMsat());
            setLong(ps, 7, r.medianFeePpm());
        });
    }

    public static JdbcQueryStatement<InvalidationRow> invalidations() {
        return statement(INVALIDATIONS_SQL, (ps, r) -> {
            ps.setLong(1, r.seq());
            ps.setLong(2, r.fromInclusive());
            ps.setLong(3, r.toExclusive());
        });
    }

    public static JdbcQueryStatement<CoverageRow> coverage() {
        return statement(COVERAGE_SQL, (ps, r) -> {
            ps.setString(1, r.collector());
            ps.setLong(2, r.hour());
            ps.setLong(3, r.messages());
        });
    }

    public static JdbcQueryStatement<ProgressRow> progress() {
        return statement(PROGRESS_SQL, (ps, r) -> {
            ps.setString(1, r.job());
            ps.setLong(2, r.eventTimeWatermark());
            ps.setLong(3, r.checkpointId());
            ps.setLong(4, r.updatedAtMs());
        });
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    private static <T> JdbcQueryStatement<T> statement(String sql, JdbcStatementBuilder<T> binder) {
        return new SimpleJdbcQueryStatement<>(sql, binder);
    }
}
