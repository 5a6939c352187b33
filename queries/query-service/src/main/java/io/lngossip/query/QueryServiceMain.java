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
 * {@code LNGOSSIP_DB_PASSWORD}, {@code LNGOSSIP_DB_POOL_SIZE} (8).
 */
public final class QueryServiceMain {

    private QueryServiceMain() {}

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        int port = Integer.parseInt(env.getOrDefault("LNGOSSIP_PORT", "8080"));
        HikariDataSource db = dataSource(env.getOrDefault("LNGOSSIP_DB_URL", "jdbc:postgresql://localhost:5432/lngossip"),
                env.get("LNGOSSIP_DB_USER"), env.get("LNGOSSIP_DB_PASSWORD"),
                Integer.parseInt(env.getOrDefault("LNGOSSIP_DB_POOL_SIZE", "8")));
        Javalin app = QueryServiceApp.create(new QueryService(new HistoryDao(db)));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            db.close();
        }, "query-service-shutdown"));
        app.start(port);
    }

    /** A read-mostly pool that starts even when the database is down (health then says so). */
    public static HikariDataSource dataSource(String url, String user, String password, int poolSize) {
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
        c.setInitializationFailTimeout(-1);
        c.setConnectionTimeout(5_000);
        c.setPoolName("lngossip-query");
        return new HikariDataSource(c);
    }
}
