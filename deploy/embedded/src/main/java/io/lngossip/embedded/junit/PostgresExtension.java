package io.lngossip.embedded.junit;

import io.lngossip.embedded.EmbeddedPostgresServer;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class its own fresh database on a real PostgreSQL server started for the class. Register it as a
 * static field with {@code @RegisterExtension}.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback {
    private EmbeddedPostgresServer server;
    private String database;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = EmbeddedPostgresServer.start(null, 0);
        database = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        server.createDatabase(database);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null) {
            server.close();
        }
    }

    public EmbeddedPostgresServer server() {
        return server;
    }

    public String database() {
        return database;
    }

    public String jdbcUrl() {
        return server.jdbcUrl(database);
    }

    public DataSource dataSource() {
        return server.dataSource(database);
    }
}
