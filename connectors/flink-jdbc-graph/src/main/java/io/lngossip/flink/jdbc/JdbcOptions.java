package io.lngossip.flink.jdbc;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where and how the job writes.
 *
 * @param url JDBC URL of the PostgreSQL database
 * @param user user name, or null to take it from the URL
 * @param password password, or null
 * @param batchSize rows per batch of one sink
 * @param batchIntervalMs a batch is written at the latest after this long (and always at a Flink checkpoint): at live
 *     rates (a few hundred messages a second) batches never fill, so this interval is most of the time from publish
 *     to visible in the query service
 * @param maxRetries retries of a failed batch before the job fails and restarts from its last checkpoint
 */
public record JdbcOptions(String url, String user, String password, int batchSize, long batchIntervalMs,
        int maxRetries) implements Serializable {

    public JdbcOptions {
        Objects.requireNonNull(url, "url cannot be null");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
        if (batchIntervalMs < 0 || maxRetries < 0) {
            throw new IllegalArgumentException("batchIntervalMs and maxRetries must not be negative");
        }
    }

    /**
     * jdbc:postgresql://localhost:5432/lngossip, 5000 rows, 200 ms, 5 retries. 200 ms rather than 1 s keeps the live
     * lag's p99 under 2 s on a loaded machine (bench/README.md); under catch-up load batches fill by size first.
     */
    public static JdbcOptions defaults() {
        return new JdbcOptions("jdbc:postgresql://localhost:5432/lngossip", null, null, 5000, 200, 5);
    }

    public JdbcOptions withUrl(String newUrl) {
        return new JdbcOptions(newUrl, user, password, batchSize, batchIntervalMs, maxRetries);
    }

    public JdbcOptions withCredentials(String newUser, String newPassword) {
        return new JdbcOptions(url, newUser, newPassword, batchSize, batchIntervalMs, maxRetries);
    }

    public JdbcOptions withBatch(int size, long intervalMs) {
        return new JdbcOptions(url, user, password, size, intervalMs, maxRetries);
    }

    /** A plain (unpooled) data source for this database and user, for the job's own statements outside the sinks. */
    public javax.sql.DataSource dataSource() {
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setURL(url);
        if (user != null) {
            ds.setUser(user);
        }
        if (password != null) {
            ds.setPassword(password);
        }
        return ds;
    }

    @Override
    public String toString() {
        return "JdbcOptions[url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                + ", batchSize=" + batchSize + ", batchIntervalMs=" + batchIntervalMs + ", maxRetries=" + maxRetries
                + "]";
    }
}
