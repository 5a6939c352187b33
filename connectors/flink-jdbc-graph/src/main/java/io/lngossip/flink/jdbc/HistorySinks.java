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
 * upsert; the XA exactly-once sink is not used. The four tables that take about three rows per sighting (messages,
 * observations, the two delta tables) are written by {@link #bulk}, one statement per batch; the rest, a few rows a
 * second, through flink-connector-jdbc's sink ({@link #sink}).
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

    /**
     * A sink of our own for the high-volume tables: one statement per batch, the batch holding one row per key
     * ({@link BulkSink}).
     */
    public <T> Sink<T> bulk(BulkStatement<T> statement) {
        return new BulkSink<>(options, statement);
    }

    /** Whether a statement never updates a row, so its batches may become multi-row INSERTs. */
    static boolean insertOnly(String sql) {
        return sql.startsWith("INSERT ") && sql.endsWith(" DO NOTHING");
    }

    /**
     * The longest a sink waits for PostgreSQL to answer one statement, in seconds, unless the URL sets
     * {@code socketTimeout}. Without it a connection the network dropped silently (a database host gone, a partition:
     * no reset ever comes) blocks its sink in a socket read until the kernel gives up, a quarter of an hour on Linux,
     * and a blocked task cannot even be cancelled for the restart. The sinks' largest statement, a mainnet-scale
     * checkpoint row, takes about a second.
     */
    public static final int SOCKET_TIMEOUT_SECONDS = 120;
    /** The longest a sink waits to connect and log in, in seconds, unless the URL sets {@code loginTimeout}. */
    public static final int LOGIN_TIMEOUT_SECONDS = 30;

    /** The URL with {@code reWriteBatchedInserts=true} added, unless it already says. */
    static String rewritingUrl(String url) {
        return withDefault(url, "reWriteBatchedInserts", "true");
    }

    /** The URL with the sinks' network timeouts and TCP keepalive added, where it does not set them itself. */
    static String sinkUrl(String url) {
        String u = withDefault(url, "socketTimeout", String.valueOf(SOCKET_TIMEOUT_SECONDS));
        u = withDefault(u, "loginTimeout", String.valueOf(LOGIN_TIMEOUT_SECONDS));
        return withDefault(u, "tcpKeepAlive", "true");
    }

    /** The URL with {@code name=value} added as a query parameter, unless it already sets {@code name}. */
    static String withDefault(String url, String name, String value) {
        int query = url.indexOf('?');
        if (query >= 0) {
            for (String p : url.substring(query + 1).split("&")) {
                if (p.startsWith(name + "=")) {
                    return url;
                }
            }
        }
        return url + (query >= 0 ? "&" : "?") + name + "=" + value;
    }

    private JdbcConnectionOptions connectionOptions(boolean rewriteBatches) {
        var b = new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                .withUrl(sinkUrl(rewriteBatches ? rewritingUrl(options.url()) : options.url()))
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
