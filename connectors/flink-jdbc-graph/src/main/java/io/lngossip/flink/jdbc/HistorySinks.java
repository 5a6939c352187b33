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
 *
 * <p>Statements that only insert ({@code ON CONFLICT ... DO NOTHING}: observations, quarantine, invalidations, close
 * hints) are sent with the driver's {@code reWriteBatchedInserts}, which turns a batch into multi-row INSERTs. The
 * upserts are not: a multi-row {@code INSERT ... ON CONFLICT DO UPDATE} fails when two of its rows share a key
 * ("cannot affect row a second time"), and a batch may hold two candidates for one key.
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
                .buildAtLeastOnce(connectionOptions(insertOnly(statement.query()))));
    }

    /** Whether a statement never updates a row, so its batches may become multi-row INSERTs. */
    static boolean insertOnly(String sql) {
        return sql.startsWith("INSERT ") && sql.endsWith(" DO NOTHING");
    }

    /** The URL with {@code reWriteBatchedInserts=true} added, unless it already says. */
    static String rewritingUrl(String url) {
        if (url.contains("reWriteBatchedInserts=")) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
    }

    private JdbcConnectionOptions connectionOptions(boolean rewriteBatches) {
        var b = new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                .withUrl(rewriteBatches ? rewritingUrl(options.url()) : options.url())
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
