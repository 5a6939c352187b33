package io.lngossip.bench.generator.kafka;

import io.lngossip.bench.generator.GeneratedEvent;
import io.lngossip.bench.generator.GeneratorSink;
import io.lngossip.bench.generator.GspSink;
import io.lngossip.codec.GossipCodec;
import io.lngossip.codec.MessageType;
import io.lngossip.flink.kafka.GossipHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a generated history to Kafka as docs/KAFKA.md describes, like live collectors would: one message per
 * record of the gossip topic with the receipt time as record timestamp and the {@code collector} header (the
 * {@code archive} header when a sighting has no receipt time), keyed by short_channel_id or node_id so a channel's
 * messages share a partition; closes as JSON to the close topic, timestamped when they are reported.
 *
 * <p>Unlike {@link io.lngossip.flink.kafka.GossipPublisher}, which it mirrors, it checks every send: the first
 * failure is rethrown by the next {@link #accept} or by {@link #close}, so a benchmark never runs on a topic silently
 * missing messages.
 */
public final class KafkaSink implements GeneratorSink {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final String closeTopic;
    private final Map<String, byte[]> collectorBytes = new ConcurrentHashMap<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicLong acknowledged = new AtomicLong();
    private final Callback callback = (metadata, e) -> {
        if (e != null) {
            failure.compareAndSet(null, e);
        } else {
            acknowledged.incrementAndGet();
        }
    };
    private long sent;
    private long closesSent;
    private long closesSkipped;

    /**
     * @param closeTopic the close-events topic, or null to leave closes out
     * @param extra producer settings that override the defaults (acks=all, idempotence, 64 kB batches)
     */
    public KafkaSink(String bootstrapServers, String topic, String closeTopic, Properties extra) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers cannot be null");
        this.topic = Objects.requireNonNull(topic, "topic cannot be null");
        this.closeTopic = closeTopic;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(64 * 1024));
        if (extra != null) {
            p.putAll(extra);
        }
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public KafkaSink(String bootstrapServers, String topic, String closeTopic) {
        this(bootstrapServers, topic, closeTopic, null);
    }

    @Override
    public void accept(GeneratedEvent event) throws IOException {
        Objects.requireNonNull(event, "event cannot be null");
        throwIfFailed();
        if (event instanceof GeneratedEvent.Sighting s) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, s.receivedAtMs(),
                    key(s.message()), s.message());
            record.headers().add(GossipHeaders.COLLECTOR,
                    collectorBytes.computeIfAbsent(s.collector(), c -> c.getBytes(StandardCharsets.UTF_8)));
            if (s.receivedAtMs() == null) {
                record.headers().add(GossipHeaders.ARCHIVE, "generator".getBytes(StandardCharsets.UTF_8));
            }
            producer.send(record, callback);
            sent++;
        } else if (event instanceof GeneratedEvent.Close c) {
            if (closeTopic == null) {
                closesSkipped++;
                return;
            }
            byte[] json = GspSink.closeJson(c).getBytes(StandardCharsets.UTF_8);
            producer.send(new ProducerRecord<>(closeTopic, null, c.publishedAtMs(),
                    c.scid().toString().getBytes(StandardCharsets.UTF_8), json), callback);
            sent++;
            closesSent++;
        }
    }

    /** The short_channel_id's 8 bytes for channel messages, the node_id for node_announcements. */
    static byte[] key(byte[] message) {
        return switch (GossipCodec.typeOf(message)) {
            case MessageType.CHANNEL_UPDATE -> Arrays.copyOfRange(message, 98, 106);
            case MessageType.CHANNEL_ANNOUNCEMENT -> Arrays.copyOfRange(message, 292, 300);
            case MessageType.NODE_ANNOUNCEMENT -> {
                int flen = ((message[66] & 0xff) << 8) | (message[67] & 0xff);
                int at = 68 + flen + 4;
                yield Arrays.copyOfRange(message, at, at + 33);
            }
            default -> null;
        };
    }

    /** Records sent, gossip and closes. */
    public long sent() {
        return sent;
    }

    public long closesSent() {
        return closesSent;
    }

    /** Records Kafka has acknowledged so far. */
    public long acknowledged() {
        return acknowledged.get();
    }

    private void throwIfFailed() throws IOException {
        Exception e = failure.get();
        if (e != null) {
            throw new IOException("Kafka refused a record (" + acknowledged.get() + " of " + sent
                    + " acknowledged): " + e.getMessage(), e);
        }
    }

    /** Waits until Kafka has every record, then closes the producer. */
    @Override
    public void close() throws IOException {
        try {
            producer.flush();
        } finally {
            producer.close();
        }
        if (closesSkipped > 0) {
            LOG.info("{} closes left out: no close topic", closesSkipped);
        }
        throwIfFailed();
    }
}
