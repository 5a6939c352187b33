package io.lngossip.cli;

import io.lngossip.flink.jdbc.JdbcOptions;
import picocli.CommandLine.Option;

/** The database options of every command that writes to PostgreSQL (a picocli mixin). */
final class DatabaseOptions {

    @Option(names = "--jdbc-url", defaultValue = "jdbc:postgresql://localhost:5432/lngossip",
            description = "(default: ${DEFAULT-VALUE})")
    String jdbcUrl;

    @Option(names = "--jdbc-user", defaultValue = "${env:LNGOSSIP_JDBC_USER}", description = "(default: $LNGOSSIP_JDBC_USER)")
    String user;

    @Option(names = "--jdbc-password", defaultValue = "${env:LNGOSSIP_JDBC_PASSWORD}",
            description = "(default: $LNGOSSIP_JDBC_PASSWORD)")
    String password;

    /** The job's JDBC defaults with this URL and these credentials. */
    JdbcOptions jdbcOptions() {
        return JdbcOptions.defaults().withUrl(jdbcUrl).withCredentials(user, password);
    }
}
