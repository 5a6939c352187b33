package io.lngossip.bench.generator.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lngossip.bench.generator.GeneratedEvent;
import io.lngossip.bench.generator.GenerationStats;
import io.lngossip.bench.generator.GeneratorOptions;
import io.lngossip.bench.generator.GossipGenerator;
import io.lngossip.codec.GossipObservation;
import io.lngossip.embedded.junit.KafkaExtension;
import io.lngossip.flink.kafka.CloseEvent;
import io.lngossip.flink.kafka.CloseEventRecord;
import io.lngossip.flink.kafka.CloseEventSchema;
import io.lngossip.flink.kafka.GossipObservationSchema;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A generated history published to a real Kafka node reads back, with the job's own deserializers, as generated. */
class KafkaSinkITCase {
    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension();

    private static final GeneratorOptions TINY = GeneratorOptions.small().withDays(1).withNodes(60).withChannels(150)
            .withUpdatesPerDay(800).withNodeAnnouncementsPerDay(300).withClosedShare(0.06);

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, long expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            for (int polls = 0; polls < 120 && out.size() < expected; polls++) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void shouldPublishEverySightingWithItsReceiptTimeAndCollectorAndTheClosesAsJson() throws Exception {
        KAFKA.kafka().createTopics(Map.of("gen.raw", 1, "gen.closes", 1));
        GossipGenerator generator = GossipGenerator.create(TINY);
        GenerationStats stats = generator.writeTo(new KafkaSink(KAFKA.bootstrapServers(), "gen.raw", "gen.closes"),
                run -> { });

        List<GeneratedEvent.Sighting> sightings = new ArrayList<>();
        List<GeneratedEvent.Close> closes = new ArrayList<>();
        for (GeneratedEvent e : generator) {
            if (e instanceof GeneratedEvent.Sighting s) {
                sightings.add(s);
            } else {
                closes.add((GeneratedEvent.Close) e);
            }
        }
        assertThat(stats.sightings()).isEqualTo(sightings.size());
        assertThat(closes).isNotEmpty();

        List<ConsumerRecord<byte[], byte[]>> records = readAll("gen.raw", sightings.size());
        assertThat(records).hasSize(sightings.size());
        GossipObservationSchema schema = new GossipObservationSchema();
        for (int i = 0; i < records.size(); i++) {
            List<GossipObservation> read = new ArrayList<>();
            schema.deserialize(records.get(i), collector(read));
            GossipObservation o = read.get(0);
            GeneratedEvent.Sighting s = sightings.get(i);
            assertThat(o.message()).isEqualTo(s.message());
            assertThat(o.receivedAtMillis()).isEqualTo(s.receivedAtMs());
            assertThat(o.collector()).isEqualTo(s.collector());
            assertThat(records.get(i).key()).isNotNull();
        }

        List<ConsumerRecord<byte[], byte[]>> closeRecords = readAll("gen.closes", closes.size());
        assertThat(closeRecords).hasSize(closes.size());
        for (int i = 0; i < closes.size(); i++) {
            CloseEventRecord parsed = CloseEventSchema.parse(closeRecords.get(i).value(), "test");
            assertThat(parsed.valid()).as(parsed.error()).isTrue();
            assertThat(parsed.event()).isEqualTo(new CloseEvent(closes.get(i).scid(), closes.get(i).closedAt()));
            assertThat(closeRecords.get(i).timestamp()).isEqualTo(closes.get(i).publishedAtMs());
        }
    }

    @Test
    void shouldKeyChannelMessagesByScid() {
        for (GeneratedEvent e : GossipGenerator.create(TINY)) {
            if (e instanceof GeneratedEvent.Sighting s && io.lngossip.codec.GossipCodec.typeOf(s.message()) == 258) {
                long scid = ByteBuffer.wrap(KafkaSink.key(s.message())).getLong();
                assertThat(scid).isEqualTo(ByteBuffer.wrap(s.message(), 98, 8).getLong());
                return;
            }
        }
        throw new AssertionError("no channel_update generated");
    }

    @Test
    void shouldFailLoudlyWhenKafkaRefusesRecords() {
        Properties tooSmall = new Properties();
        tooSmall.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "100"); // every message is larger
        assertThatThrownBy(() -> GossipGenerator.create(TINY).writeTo(
                new KafkaSink(KAFKA.bootstrapServers(), "gen.refused", null, tooSmall), run -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining("Kafka refused a record");
    }

    private static <T> Collector<T> collector(List<T> into) {
        return new Collector<>() {
            @Override
            public void collect(T record) {
                into.add(record);
            }

            @Override
            public void close() {}
        };
    }
}
