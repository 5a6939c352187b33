package io.lngossip.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.bench.generator.GeneratedEvent;
import io.lngossip.bench.generator.GeneratorOptions;
import io.lngossip.bench.generator.GossipGenerator;
import io.lngossip.embedded.junit.KafkaExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** {@code lngossip generate --bootstrap-servers} fills the gossip topic and the close topic of a real Kafka node. */
class GenerateCommandITCase {
    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension();

    private static long count(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            return c.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
        }
    }

    @Test
    void shouldPublishTheHistoryAndTheCloses() throws Exception {
        KAFKA.kafka().createTopics(Map.of("g.raw", 1, "g.closes", 1));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Lngossip.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute("generate", "--days", "1", "--nodes", "50", "--channels", "150",
                "--updates-per-day", "500", "--node-announcements-per-day", "200", "--bootstrap-servers",
                KAFKA.bootstrapServers(), "--topic", "g.raw", "--close-topic", "g.closes");
        assertThat(status).as(err.toString()).isZero();

        long sightings = 0;
        long closes = 0;
        for (GeneratedEvent e : GossipGenerator.create(GeneratorOptions.small().withDays(1).withNodes(50)
                .withChannels(150).withUpdatesPerDay(500).withNodeAnnouncementsPerDay(200))) {
            if (e instanceof GeneratedEvent.Sighting) {
                sightings++;
            } else {
                closes++;
            }
        }
        assertThat(count("g.raw")).isEqualTo(sightings);
        assertThat(count("g.closes")).isEqualTo(closes);
        assertThat(out.toString()).contains(String.format("published %,d records to g.raw", sightings));
    }
}
