package io.lngossip.jobs.graphstate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.schema.HistorySchema;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database stops answering without closing anything (a partition, a host gone: no reset ever comes) while
 * messages keep arriving. The sinks' socket timeout turns the silent wait into a failed write, so the job restarts
 * from its last Flink checkpoint instead of hanging in a socket read, and once the network heals it catches up with
 * nothing lost. The job here sets a 3 s timeout in its URL, as a deployment may; the sinks' default is
 * {@code HistorySinks.SOCKET_TIMEOUT_SECONDS}.
 */
class NetworkPartitionITCase extends OutageTestBase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void shouldRestartInsteadOfHangingWhenTheDatabaseStopsAnswering(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        String topic = "faults-partition";
        KAFKA.kafka().createTopics(Map.of(topic, 1));
        HistorySchema.migrate(POSTGRES.dataSource());
        try (FreezingProxy proxy = new FreezingProxy(POSTGRES.server().port())) {
            String direct = POSTGRES.jdbcUrl();
            String url = direct.replace("localhost:" + POSTGRES.server().port() + "/", "localhost:" + proxy.port()
                    + "/") + (direct.contains("?") ? "&" : "?") + "socketTimeout=3&loginTimeout=3";
            assertThat(url).as("the job goes through the proxy").contains(":" + proxy.port() + "/");
            int half = records.size() / 2;
            produce(topic, 0, half);
            JobClient job = startJob(topic, url);
            try {
                awaitRows(POSTGRES.dataSource(), "ingest_progress", "messages");
                long frozen = System.currentTimeMillis();
                proxy.freeze();
                produce(topic, half, records.size()); // arrives while the database does not answer
                Thread.sleep(15_000);
                // the execution graph remembers when it last went through each status (0: never)
                assertThat(cluster.getExecutionGraph(job.getJobID()).get().getStatusTimestamp(JobStatus.RESTARTING))
                        .as("the job timed out its writes and restarted during the partition").isGreaterThan(frozen);
                proxy.heal();

                awaitFullReplay(POSTGRES::dataSource, cluster, job.getJobID());
                assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
                assertFullReplay(POSTGRES.dataSource(), topic);
            } finally {
                job.cancel().get();
            }
        }
    }
}
