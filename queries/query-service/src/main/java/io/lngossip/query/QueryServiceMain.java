package io.lngossip.query;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.lngossip.query.dao.HistoryDao;
import io.lngossip.query.http.QueryServiceApp;
import io.lngossip.query.service.QueryService;
import java.util.Map;

/**
 * Runs the query service with its settings from the environment (README table): {@code LNGOSSIP_PORT} (8080),
 * {@code LNGOSSIP_DB_URL} (jdbc:postgresql://localhost:5432/lngossip), {@code LNGOSSIP_DB_USER},
 * {@code LNGOSSIP_DB_PASSWORD}, {@code LNGOSSIP_DB_POOL_SIZE} (8), {@code LNGOSSIP_REQUEST_TIMEOUT} (60 seconds of
 * database work per statement), {@code LNGOSSIP_BEARER_TOKEN} (none: open).
 */
public final class QueryServiceMain {

    private QueryServiceMain() {}

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        int port = Integer.parseInt(env.getOrDefault("LNGOSSIP_PORT", "8080"));
        HikariDataSource db = dataSource(env.getOrDefault("LNGOSSIP_DB_URL", "jdbc:postgresql://localhost:5432/lngossip"),
                env.get("LNGOSSIP_DB_USER"), env.get("LNGOSSIP_DB_PASSWORD"),
                Integer.parseInt(env.getOrDefault("LNGOSSIP_DB_POOL_SIZE", "8")),
                Integer.parseInt(env.getOrDefault("LNGOSSIP_REQUEST_TIMEOUT", "60")));
        var metrics = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        Javalin app = QueryServiceApp.create(new QueryService(new HistoryDao(db)), metrics,
                env.get("LNGOSSIP_BEARER_TOKEN"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            db.close();
        }, "query-service-shutdown"));
        app.start(port);
    }

    /** A read-only pool that starts even when the database is down (health then says so); 60 s statements. */
    public static HikariDataSource dataSource(String url, String user, String password, int poolSize) {
        return dataSource(url, user, password, poolSize, 60);
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
        c.setInitializationFailTimeout(-1);
        c.setConnectionTimeout(5_000);
        c.setPoolName("lngossip-query");
        return new HikariDataSource(c);
    }
}
