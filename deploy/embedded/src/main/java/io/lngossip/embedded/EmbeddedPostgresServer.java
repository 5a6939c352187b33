package io.lngossip.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A real PostgreSQL server (the binaries zonky ships) run as a child process, for the demo and integration tests. */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final Path dataDirectory;
    private EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts a server.
     *
     * @param dataDirectory where the cluster lives (kept, so a second run keeps its data), or null for a temporary one
     * @param port the port, or 0 for any free one
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) throws IOException {
        long started = System.nanoTime();
        EmbeddedPostgres pg = launch(dataDirectory, port);
        LOG.info("embedded PostgreSQL up on port {} in {} ms", pg.getPort(), (System.nanoTime() - started) / 1_000_000);
        return new EmbeddedPostgresServer(pg, dataDirectory);
    }

    private static EmbeddedPostgres launch(Path dataDirectory, int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (dataDirectory != null) {
            builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
        }
        if (port > 0) {
            builder.setPort(port);
        }
        builder.setServerConfig("max_connections", "200");
        return builder.start();
    }

    /**
     * Stops the server, waits {@code down}, and starts it again on the same port and data: clients see a database
     * outage. Only for a server started with a data directory (a temporary one is removed when it stops). For fault
     * tests.
     */
    public void restart(java.time.Duration down) throws IOException, InterruptedException {
        Objects.requireNonNull(down, "down cannot be null");
        if (dataDirectory == null) {
            throw new IllegalStateException("only a server with a data directory can be restarted");
        }
        int port = postgres.getPort();
        long stopping = System.nanoTime();
        postgres.close();
        // zonky gives pg_ctl 5 s and only logs when the server takes longer: the outage starts when the port is shut
        awaitPortClosed(port, java.time.Duration.ofSeconds(60));
        LOG.info("embedded PostgreSQL on port {} stopped in {} ms, down for {} ms", port,
                (System.nanoTime() - stopping) / 1_000_000, down.toMillis());
        Thread.sleep(down.toMillis());
        postgres = launch(dataDirectory, port);
        LOG.info("embedded PostgreSQL up again on port {}", port);
    }

    /** Waits until nothing accepts connections on {@code port} of the loopback interface. */
    static void awaitPortClosed(int port, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress("localhost", port), 1_000); // as the JDBC URLs name it
            } catch (IOException refused) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("PostgreSQL still accepts connections on port " + port + " after "
                        + timeout.toSeconds() + " s of stopping");
            }
            Thread.sleep(100);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** JDBC URL of {@code database} as the superuser {@code postgres}. */
    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl("postgres", database);
    }

    public DataSource dataSource(String database) {
        return postgres.getDatabase("postgres", database);
    }

    /** {@code database} as {@code user} (the embedded server trusts local connections). */
    public DataSource dataSource(String database, String user) {
        return postgres.getDatabase(user, database);
    }

    /** JDBC URL of {@code database} as {@code user}. */
    public String jdbcUrl(String database, String user) {
        return postgres.getJdbcUrl(user, database);
    }

    /** Creates {@code database} unless it exists. */
    public void createDatabase(String database) throws SQLException {
        Objects.requireNonNull(database, "database cannot be null");
        if (!NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("database name must match " + NAME + ": " + database);
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + database);
            }
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
