package io.lngossip.jobs.graphstate;

import io.lngossip.schema.HistorySchema;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Kafka broker restarted under the running job: it reconnects and loses nothing. */
class KafkaRestartITCase extends OutageTestBase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void shouldLoseNothingWhenTheKafkaBrokerRestarts() throws Exception {
        String topic = "faults-kafka";
        KAFKA.kafka().createTopics(Map.of(topic, 1));
        HistorySchema.migrate(POSTGRES.dataSource());
        int half = records.size() / 2;
        produce(topic, 0, half);
        JobClient job = startJob(topic, POSTGRES.jdbcUrl());
        try {
            awaitRows(POSTGRES.dataSource(), "messages");
            KAFKA.kafka().restartBroker(Duration.ofSeconds(10));
            produce(topic, half, records.size());

            awaitFullReplay(POSTGRES::dataSource);
            assertFullReplay(POSTGRES.dataSource(), topic);
        } finally {
            job.cancel().get();
        }
    }
}
