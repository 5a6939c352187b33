package io.lngossip.jobs.graphstate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.schema.HistorySchema;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The TaskManager running the live job is killed mid-ingest, after a Flink checkpoint; a new one starts and the job
 * restores from that checkpoint (RocksDB, incremental) while more messages arrive: nothing lost, nothing duplicated.
 */
class TaskManagerKillITCase extends OutageTestBase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).setConfiguration(heartbeats()).build());

    /** A TaskManager that dies without saying goodbye is noticed by its missed heartbeats: 3 s here, not 50 s. */
    private static Configuration heartbeats() {
        Configuration conf = new Configuration();
        conf.setString("heartbeat.interval", "500 ms");
        conf.setString("heartbeat.timeout", "3 s");
        return conf;
    }

    @Test
    void shouldRestoreFromTheLastCheckpointWhenTheTaskManagerIsKilled(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        String topic = "faults-taskmanager";
        KAFKA.kafka().createTopics(Map.of(topic, 1));
        HistorySchema.migrate(POSTGRES.dataSource());
        int half = records.size() / 2;
        produce(topic, 0, half);
        JobClient job = startJob(topic, POSTGRES.jdbcUrl());
        try {
            // ingest_progress is written when a Flink checkpoint completes: then there is something to restore
            awaitRows(POSTGRES.dataSource(), "ingest_progress", "messages");

            cluster.terminateTaskManager(0).get();
            produce(topic, half, records.size()); // arrives while no TaskManager runs
            cluster.startTaskManager();

            awaitFullReplay(POSTGRES::dataSource, cluster, job.getJobID());
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            // the execution graph remembers when it last went through each status (0: never)
            assertThat(cluster.getExecutionGraph(job.getJobID()).get().getStatusTimestamp(JobStatus.RESTARTING))
                    .as("the job lost its tasks and restarted").isPositive();
            assertFullReplay(POSTGRES.dataSource(), topic);
        } finally {
            job.cancel().get();
        }
    }
}
