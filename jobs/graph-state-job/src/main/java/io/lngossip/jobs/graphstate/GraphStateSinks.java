package io.lngossip.jobs.graphstate;

import io.lngossip.flink.jdbc.BulkStatements;
import io.lngossip.flink.jdbc.ChannelRow;
import io.lngossip.flink.jdbc.CheckpointRow;
import io.lngossip.flink.jdbc.CloseRow;
import io.lngossip.flink.jdbc.CoverageRow;
import io.lngossip.flink.jdbc.HalfChannelUpdateRow;
import io.lngossip.flink.jdbc.HistorySinks;
import io.lngossip.flink.jdbc.HistoryStatements;
import io.lngossip.flink.jdbc.InvalidationRow;
import io.lngossip.flink.jdbc.JdbcOptions;
import io.lngossip.flink.jdbc.MessageRow;
import io.lngossip.flink.jdbc.NodeUpdateRow;
import io.lngossip.flink.jdbc.ObservationRow;
import io.lngossip.flink.jdbc.ProgressRow;
import io.lngossip.flink.jdbc.QuarantineRow;
import io.lngossip.flink.jdbc.StatsCountsRow;
import io.lngossip.flink.jdbc.StatsFiguresRow;
import java.io.Serializable;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where the pipeline writes each kind of row. {@link #jdbc} is the real one (idempotent upserts, at-least-once); a
 * test may substitute any other sink per row type.
 */
public interface GraphStateSinks extends Serializable {
    Sink<MessageRow> messages();

    Sink<ObservationRow> observations();

    Sink<ChannelRow> channels();

    Sink<HalfChannelUpdateRow> halfChannelUpdates();

    Sink<NodeUpdateRow> nodeUpdates();

    Sink<CloseRow> closes();

    Sink<CheckpointRow> checkpoints();

    Sink<InvalidationRow> invalidations();

    Sink<QuarantineRow> quarantine();

    Sink<StatsCountsRow> statsCounts();

    Sink<StatsFiguresRow> statsFigures();

    Sink<CoverageRow> coverage();

    Sink<ProgressRow> progress();

    /**
     * Every row to PostgreSQL: the high-volume tables in one statement per batch ({@link HistorySinks#bulk}), the
     * rest through flink-connector-jdbc.
     */
    static GraphStateSinks jdbc(JdbcOptions options) {
        HistorySinks sinks = new HistorySinks(options);
        return new GraphStateSinks() {
            private static final long serialVersionUID = 1L;

            @Override
            public Sink<MessageRow> messages() {
                return sinks.bulk(BulkStatements.messages());
            }

            @Override
            public Sink<ObservationRow> observations() {
                return sinks.bulk(BulkStatements.observations());
            }

            @Override
            public Sink<ChannelRow> channels() {
                return sinks.sink(HistoryStatements.channels());
            }

            @Override
            public Sink<HalfChannelUpdateRow> halfChannelUpdates() {
                return sinks.bulk(BulkStatements.halfChannelUpdates());
            }

            @Override
            public Sink<NodeUpdateRow> nodeUpdates() {
                return sinks.bulk(BulkStatements.nodeUpdates());
            }

            @Override
            public Sink<CloseRow> closes() {
                return sinks.sink(HistoryStatements.closes());
            }

            @Override
            public Sink<CheckpointRow> checkpoints() {
                return sinks.sink(HistoryStatements.checkpoints());
            }

            @Override
            public Sink<InvalidationRow> invalidations() {
                return sinks.sink(HistoryStatements.invalidations());
            }

            @Override
            public Sink<QuarantineRow> quarantine() {
                return sinks.sink(HistoryStatements.quarantine());
            }

            @Override
            public Sink<StatsCountsRow> statsCounts() {
                return sinks.sink(HistoryStatements.statsCounts());
            }

            @Override
            public Sink<StatsFiguresRow> statsFigures() {
                return sinks.sink(HistoryStatements.statsFigures());
            }

            @Override
            public Sink<CoverageRow> coverage() {
                return sinks.sink(HistoryStatements.coverage());
            }

            @Override
            public Sink<ProgressRow> progress() {
                return sinks.sink(HistoryStatements.progress());
            }
        };
    }
}
