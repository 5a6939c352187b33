package io.lngossip.cli;

import io.lngossip.flink.jdbc.JdbcOptions;
import io.lngossip.query.dao.CheckpointRebuilder;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lngossip rebuild-checkpoints}: rewrites the checkpoints late data made stale, from the database alone, so
 * answers near them are fast again. Safe beside the live job; run it after a backfill, or periodically.
 */
@Command(name = "rebuild-checkpoints", mixinStandardHelpOptions = true,
        description = "Rebuilds the snapshot checkpoints that late data made stale (from the database alone).")
final class RebuildCheckpointsCommand implements Callable<Integer> {

    @Option(names = "--jdbc-url", defaultValue = "jdbc:postgresql://localhost:5432/lngossip",
            description = "(default: ${DEFAULT-VALUE})")
    String jdbcUrl;

    @Option(names = "--jdbc-user", defaultValue = "${env:LNGOSSIP_JDBC_USER}", description = "(default: $LNGOSSIP_JDBC_USER)")
    String user;

    @Option(names = "--jdbc-password", defaultValue = "${env:LNGOSSIP_JDBC_PASSWORD}",
            description = "(default: $LNGOSSIP_JDBC_PASSWORD)")
    String password;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        javax.sql.DataSource db = JdbcOptions.defaults().withUrl(jdbcUrl).withCredentials(user, password)
                .dataSource();
        long started = System.nanoTime();
        int n = new CheckpointRebuilder(db).rebuild();
        spec.commandLine().getOut().printf("%d stale checkpoints rebuilt in %d ms%n", n,
                (System.nanoTime() - started) / 1_000_000);
        return 0;
    }
}
