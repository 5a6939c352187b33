package io.lngossip.flink.jdbc;

import java.io.Serializable;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.datasource.statements.JdbcQueryStatement;

/**
 * Builds the job's at-least-once JDBC sinks. At-least-once is enough because every statement is an idempotent
 * upsert; the XA exactly-once sink is not used.
 */
public final class HistorySinks implements Serializable {
    private static final long serialVersionUID = 1L;

    private final JdbcOptions options;

    public HistorySinks(JdbcOptions options) {
        this.options = Objects.requireNonNull(options, "options cannot be null");
    }

    public <T> Sink<T> sink(JdbcQueryStatement<T> statement) {
        Objects.requireNonNull(statement, "statement cannot be null");
        return new FailoverSafeSink<>(JdbcSink.<T>builder()
                .withQueryStatement(statement)
                .withExecutionOptions(JdbcExecutionOptions.builder()
                        .withBatchSize(options.batchSize())
                        .withBatchIntervalMs(options.batchIntervalMs())
                        .withMaxRetries(options.maxRetries())
                        .build())
                .buildAtLeastOnce(connectionOptions()));
    }

    private JdbcConnectionOptions connectionOptions() {
        var b = new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                .withUrl(options.url())
                .withDriverName("org.postgresql.Driver");
        if (options.user() != null) {
            b.withUsername(options.user());
        }
        if (options.password() != null) {
            b.withPassword(options.password());
        }
        return b.build();
    }
}
