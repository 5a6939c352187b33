package io.lngossip.jobs.graphstate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.embedded.EmbeddedPostgresServer;
import io.lngossip.schema.HistorySchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stopped for 30 s under the running job while messages keep arriving: the job's writes fail, it restarts
 * from its last Flink checkpoint with backoff until the database is back, then catches up with nothing lost.
 */
class PostgresOutageITCase extends OutageTestBase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void shouldCatchUpAfterThirtySecondsWithoutTheDatabase(@TempDir Path dir, @InjectMiniCluster MiniCluster cluster)
            throws Exception {
        String topic = "faults-postgres";
        KAFKA.kafka().createTopics(Map.of(topic, 1));
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"), 0)) {
            pg.createDatabase("outage");
            HistorySchema.migrate(pg.dataSource("outage"));
            int half = records.size() / 2;
            produce(topic, 0, half);
            JobClient job = startJob(topic, pg.jdbcUrl("outage"));
            try {
                awaitRows(pg.dataSource("outage"), "ingest_progress", "messages");
                long down = System.currentTimeMillis();
                CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
                    try {
                        Thread.sleep(3_000);
                        produce(topic, half, records.size()); // arrives while the database is down
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                pg.restart(Duration.ofSeconds(30));
                producer.get();
                // the execution graph remembers when it last went through each status (0: never)
                assertThat(cluster.getExecutionGraph(job.getJobID()).get().getStatusTimestamp(JobStatus.RESTARTING))
                        .as("the job failed its writes and restarted after the database went down").isGreaterThan(down);

                awaitFullReplay(() -> pg.dataSource("outage"), cluster, job.getJobID());
                assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
                assertFullReplay(pg.dataSource("outage"), topic);
            } finally {
                job.cancel().get();
            }
        }
    }
}
