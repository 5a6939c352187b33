package io.lngossip.query;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.lngossip.query.dao.HistoryDao;
import io.lngossip.query.http.HttpOptions;
import io.lngossip.query.http.QueryServiceApp;
import io.lngossip.query.service.QueryService;
import java.util.Map;

/**
 * Runs the query service with its settings from the environment (README table): {@code LNGOSSIP_PORT} (8080),
 * {@code LNGOSSIP_DB_URL} (jdbc:postgresql://localhost:5432/lngossip), {@code LNGOSSIP_DB_USER},
 * {@code LNGOSSIP_DB_PASSWORD}, {@code LNGOSSIP_DB_POOL_SIZE} (8, and {@value QueryService#WINDOW_READERS} more for the
 * snapshots' window read ahead), {@code LNGOSSIP_REQUEST_TIMEOUT} (60 seconds of
 * database work per statement), {@code LNGOSSIP_BEARER_TOKEN} (none: open), and the limits of {@link HttpOptions}:
 * {@code LNGOSSIP_MAX_CONCURRENT_QUERIES} (twice the pool size), {@code LNGOSSIP_QUERY_QUEUE} (32),
 * {@code LNGOSSIP_QUERY_QUEUE_TIMEOUT} (10 seconds), {@code LNGOSSIP_MAX_HEADER_BYTES} (8192),
 * {@code LNGOSSIP_MAX_PARAMETERS} (16), {@code LNGOSSIP_MAX_PARAMETER_LENGTH} (256).
 */
public final class QueryServiceMain {

    private QueryServiceMain() {}

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        int port = setting(env, "LNGOSSIP_PORT", 8080);
        int poolSize = setting(env, "LNGOSSIP_DB_POOL_SIZE", 8);
        HttpOptions options = httpOptions(env, poolSize);
        // the pool's connections for requests, and one for each window a snapshot reads ahead: an admitted request
        // never waits for a connection, whatever the read ahead holds
        HikariDataSource db = dataSource(env.getOrDefault("LNGOSSIP_DB_URL", "jdbc:postgresql://localhost:5432/lngossip"),
                env.get("LNGOSSIP_DB_USER"), env.get("LNGOSSIP_DB_PASSWORD"), poolSize + QueryService.WINDOW_READERS,
                setting(env, "LNGOSSIP_REQUEST_TIMEOUT", 60));
        Javalin app = QueryServiceApp.create(new QueryService(new HistoryDao(db)), QueryServiceApp.metricsRegistry(),
                env.get("LNGOSSIP_BEARER_TOKEN"), () -> true, options);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            db.close();
        }, "query-service-shutdown"));
        app.start(port);
    }

    /**
     * The HTTP limits from the environment; the default concurrency is the pool size, since an expensive request holds
     * one pooled connection while it streams: more at once would only wait for a connection and fail with 503 after
     * the pool's 5 s, where the limiter's queue waits its own timeout and answers 429.
     */
    public static HttpOptions httpOptions(Map<String, String> env, int poolSize) {
        HttpOptions d = HttpOptions.defaults();
        return new HttpOptions(setting(env, "LNGOSSIP_MAX_HEADER_BYTES", d.maxHeaderBytes()),
                setting(env, "LNGOSSIP_MAX_PARAMETERS", d.maxParameters()),
                setting(env, "LNGOSSIP_MAX_PARAMETER_LENGTH", d.maxParameterLength()),
                setting(env, "LNGOSSIP_MAX_CONCURRENT_QUERIES", poolSize),
                setting(env, "LNGOSSIP_QUERY_QUEUE", d.queueLength()),
                java.time.Duration.ofSeconds(setting(env, "LNGOSSIP_QUERY_QUEUE_TIMEOUT",
                        (int) d.queueTimeout().toSeconds())));
    }

    /** An integer setting, or a clear error naming it. */
    public static int setting(Map<String, String> env, String name, int defaultValue) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer: " + value);
        }
    }

    /** A read-only pool that starts even when the database is down (health then says so); 60 s statements. */
    public static HikariDataSource dataSource(String url, String user, String password, int poolSize) {
        return dataSource(url, user, password, poolSize, 60);
    }

    /** The driver's own read timeout: the statement timeout and 30 s for the server's answer to it. */
    static int socketTimeoutSeconds(int statementTimeoutSeconds) {
        return Math.addExact(statementTimeoutSeconds, 30);
    }

    /**
     * A read-only pool that starts even when the database is down (health then says so).
     *
     * @param timeoutSeconds the longest a statement may run: an expensive request is cut there (503)
     */
    public static HikariDataSource dataSource(String url, String user, String password, int poolSize,
            int timeoutSeconds) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        if (user != null) {
            c.setUsername(user);
        }
        if (password != null) {
            c.setPassword(password);
        }
        c.setMaximumPoolSize(poolSize);
        c.setReadOnly(true);
        c.setConnectionInitSql("SET statement_timeout = " + Math.multiplyExact(timeoutSeconds, 1000));
        // statement_timeout is the server's: a database that stops answering without closing (a partition, its host
        // gone) never sends the error, so the driver gives up itself a little after it
        c.addDataSourceProperty("socketTimeout", String.valueOf(socketTimeoutSeconds(timeoutSeconds)));
        c.addDataSourceProperty("tcpKeepAlive", "true");
        // results in the binary format from a statement's first execution: by default the driver asks for text until
        // a statement has run five times on a connection, and bytea as text is hex, twice the bytes on the wire,
        // decoded back a character pair at a time (a fifth of a snapshot's samples, JFR); a URL that sets
        // prepareThreshold itself keeps its value
        c.addDataSourceProperty("prepareThreshold", "-1");
        c.setInitializationFailTimeout(-1);
        c.setConnectionTimeout(5_000);
        c.setPoolName("lngossip-query");
        return new HikariDataSource(c);
    }
}
