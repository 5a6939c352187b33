package io.lngossip.cli;

import io.lngossip.query.dao.CheckpointRebuilder;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code lngossip rebuild-checkpoints}: rewrites the checkpoints late data made stale, from the database alone, so
 * answers near them are fast again, and materializes the snapshot bodies that are due (up to the live job's ingest
 * watermark) or stale. Safe beside the live job; run it after a backfill, and periodically (the k8s CronJob).
 */
@Command(name = "rebuild-checkpoints", mixinStandardHelpOptions = true,
        description = "Rebuilds the snapshot checkpoints that late data made stale and materializes due snapshot"
                + " bodies (from the database alone).")
final class RebuildCheckpointsCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions database;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        javax.sql.DataSource db = database.jdbcOptions().dataSource();
        long started = System.nanoTime();
        CheckpointRebuilder rebuilder = new CheckpointRebuilder(db);
        int n = rebuilder.rebuild();
        int bodies = rebuilder.materialize(CheckpointRebuilder.DEFAULT_BODY_INTERVAL_SECONDS);
        spec.commandLine().getOut().printf("%d stale checkpoints rebuilt, %d snapshot bodies materialized in %d ms%n",
                n, bodies, (System.nanoTime() - started) / 1_000_000);
        return 0;
    }
}
