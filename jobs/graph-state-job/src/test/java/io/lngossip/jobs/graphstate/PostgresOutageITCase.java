package io.lngossip.jobs.graphstate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.embedded.EmbeddedPostgresServer;
import io.lngossip.schema.HistorySchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
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
    void shouldCatchUpAfterThirtySecondsWithoutTheDatabase(@TempDir Path dir) throws Exception {
        String topic = "faults-postgres";
        KAFKA.kafka().createTopics(Map.of(topic, 1));
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"), 0)) {
            pg.createDatabase("outage");
            HistorySchema.migrate(pg.dataSource("outage"));
            int half = records.size() / 2;
            produce(topic, 0, half);
            JobClient job = startJob(topic, pg.jdbcUrl("outage"), dir.resolve("checkpoints"));
            try {
                awaitRows(pg.dataSource("outage"), "messages");
                CompletableFuture<Void> outage = CompletableFuture.runAsync(() -> {
                    try {
                        pg.restart(Duration.ofSeconds(30));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(3_000);
                produce(topic, half, records.size()); // arrives while the database is down
                Set<JobStatus> seen = EnumSet.noneOf(JobStatus.class);
                while (!outage.isDone()) {
                    seen.add(job.getJobStatus().get());
                    Thread.sleep(100);
                }
                outage.get();
                assertThat(seen).as("the job failed its writes and restarted during the outage")
                        .contains(JobStatus.RESTARTING);

                awaitFullReplay(() -> pg.dataSource("outage"));
                assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
                assertFullReplay(pg.dataSource("outage"), topic);
            } finally {
                job.cancel().get();
            }
        }
    }
}
