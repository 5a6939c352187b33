package io.lngossip.schema;

import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The history's PostgreSQL schema, applied by versioned migrations ({@code db/lngossip/V*__*.sql}). The job migrates
 * on start; the query service only checks the version it needs is there.
 */
public final class HistorySchema {
    /** Where the migrations live on the classpath. */
    public static final String LOCATION = "classpath:db/lngossip";

    private HistorySchema() {}

    /**
     * Brings the database up to the newest version. Safe to call from several processes and on every start.
     *
     * @return the schema version now in place
     */
    public static String migrate(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource cannot be null");
        MigrateResult result = flyway(dataSource).migrate();
        return result.targetSchemaVersion != null ? result.targetSchemaVersion : currentVersion(dataSource);
    }

    /** The version in place, or null for an empty database. */
    public static String currentVersion(DataSource dataSource) {
        var current = flyway(dataSource).info().current();
        return current == null ? null : current.getVersion().getVersion();
    }

    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .table("schema_history")
                .load();
    }
}
