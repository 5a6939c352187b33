package io.lngossip.flink.kafka;

import io.lngossip.codec.io.FileItem;
import io.lngossip.codec.io.GossipFileReader;
import io.lngossip.codec.io.GossipFiles;
import io.lngossip.codec.io.ReadEnd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes the messages of gossip files to the gossip topic as docs/KAFKA.md describes: one message per record, the
 * receipt time as record timestamp when the file has one, else the {@code archive} header (the file name), and the
 * {@code collector} header. Only messages are published: the file's own records (amounts, hints) stay out.
 */
public final class GossipPublisher implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    /** What one file yielded. */
    public record Published(long messages, ReadEnd end) {}

    public GossipPublisher(String bootstrapServers, String topic) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers cannot be null");
        this.topic = Objects.requireNonNull(topic, "topic cannot be null");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Publishes every message of {@code file} and waits until Kafka has them.
     *
     * @param onMessage sees each message's bytes as it is sent (for progress and counting)
     */
    public Published publish(Path file, String collector, Consumer<byte[]> onMessage)
            throws IOException, InterruptedException {
        long sent = 0;
        String archive = file.getFileName().toString();
        try (GossipFileReader reader = GossipFiles.open(file)) {
            for (FileItem item = reader.next(); item != null; item = reader.next()) {
                if (!(item instanceof FileItem.Message m)) {
                    continue;
                }
                publish(m.bytes(), collector, m.receiptTime(), archive);
                onMessage.accept(m.bytes());
                sent++;
            }
            producer.flush();
            return new Published(sent, reader.end());
        }
    }

    /**
     * Sends one message of a file and does not wait: its receipt time (unix ms) as record timestamp when known, else
     * the {@code archive} header naming the file.
     */
    public void publish(byte[] message, String collector, Long receivedAtMs, String archive) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, receivedAtMs, null, message);
        record.headers().add(GossipHeaders.COLLECTOR, collector.getBytes(StandardCharsets.UTF_8));
        if (receivedAtMs == null) {
            record.headers().add(GossipHeaders.ARCHIVE, archive.getBytes(StandardCharsets.UTF_8));
        }
        producer.send(record);
    }

    /** Sends one message with its receipt time (unix ms) and collector, and does not wait. */
    public void publish(byte[] message, String collector, long receivedAtMs) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, receivedAtMs, null, message);
        record.headers().add(GossipHeaders.COLLECTOR, collector.getBytes(StandardCharsets.UTF_8));
        producer.send(record);
    }

    /** Waits until every message sent so far is in Kafka. */
    public void flush() {
        producer.flush();
    }

    /** Sends one message now, with the current time as receipt time. */
    public void publishLive(byte[] message, String collector) throws InterruptedException, ExecutionException {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, message);
        record.headers().add(GossipHeaders.COLLECTOR, collector.getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
