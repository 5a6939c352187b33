package io.lngossip.embedded;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One combined KRaft node (broker and controller in one) running in this JVM, with replication factors of 1. For the
 * demo and for integration tests; production uses a real cluster.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /**
     * Formats and starts a node.
     *
     * @param baseDirectory where the log lives (kept after close, so a second run keeps its topics), or null for a
     *     temporary directory removed on close
     */
    public static EmbeddedKafka start(Path baseDirectory) throws Exception {
        long started = System.nanoTime();
        TestKitNodes.Builder nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1);
        if (baseDirectory != null) {
            // a kept log must be started with the cluster id it was formatted with
            nodes.setBaseDirectory(baseDirectory).setClusterId(clusterId(baseDirectory));
        }
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes.build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                // Gossip records carry their receipt time, often months or years old (archives, the samples, the
                // generator's 2025 histories). Kafka's default 7-day retention deletes such a log within minutes (at
                // the first retention check), so records would vanish before the job read them. Keep everything.
                .setConfigProp("log.retention.ms", "-1")
                .setConfigProp("log.retention.bytes", "-1")
                .setDeleteOnClose(baseDirectory == null)
                .build();
        try {
            if (baseDirectory == null || !formatted(baseDirectory)) {
                cluster.format();
            }
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        LOG.info("embedded Kafka up at {} in {} ms", cluster.bootstrapServers(),
                (System.nanoTime() - started) / 1_000_000);
        return new EmbeddedKafka(cluster);
    }

    private static boolean formatted(Path baseDirectory) throws java.io.IOException {
        try (var paths = java.nio.file.Files.walk(baseDirectory, 2)) {
            return paths.anyMatch(p -> p.getFileName().toString().equals("meta.properties"));
        }
    }

    private static String clusterId(Path baseDirectory) throws java.io.IOException {
        Path file = baseDirectory.resolve("cluster.id");
        if (java.nio.file.Files.exists(file)) {
            return java.nio.file.Files.readString(file).trim();
        }
        java.nio.file.Files.createDirectories(baseDirectory);
        String id = org.apache.kafka.common.Uuid.randomUuid().toString();
        java.nio.file.Files.writeString(file, id);
        return id;
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Properties a client needs to reach this node. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }

    /** Creates the topics that do not exist yet, with replication factor 1; they keep their records forever. */
    public void createTopics(Map<String, Integer> partitionsByTopic) throws InterruptedException {
        Objects.requireNonNull(partitionsByTopic, "partitionsByTopic cannot be null");
        try (Admin admin = Admin.create(clientProperties())) {
            for (Map.Entry<String, Integer> e : partitionsByTopic.entrySet()) {
                try {
                    admin.createTopics(List.of(new NewTopic(e.getKey(), e.getValue(), (short) 1))).all().get();
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + e.getKey(), ex.getCause());
                    }
                }
            }
        }
    }

    /**
     * Stops the broker (the controller keeps running), waits {@code down}, and starts it again on the same address:
     * clients see a broker outage and reconnect by themselves. For fault tests.
     */
    public void restartBroker(java.time.Duration down) throws Exception {
        Objects.requireNonNull(down, "down cannot be null");
        var broker = cluster.brokers().values().iterator().next();
        String address = bootstrapServers();
        broker.shutdown();
        broker.awaitShutdown();
        LOG.info("embedded Kafka broker at {} stopped for {} ms", address, down.toMillis());
        Thread.sleep(down.toMillis());
        broker.startup();
        cluster.waitForReadyBrokers();
        LOG.info("embedded Kafka broker up again at {}", bootstrapServers());
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
