package io.lngossip.flink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.codec.Bytes;
import io.lngossip.codec.ChainHash;
import io.lngossip.codec.ChannelUpdate;
import io.lngossip.codec.GossipCodec;
import io.lngossip.codec.ShortChannelId;
import io.lngossip.codec.io.GossipStoreFixture;
import io.lngossip.embedded.junit.KafkaExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The live collector against a store being written, torn, rewritten, and a restart. */
class GossipStoreFollowerITCase {

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension();

    static byte[] update(int n) {
        return GossipCodec.encode(new ChannelUpdate(Bytes.of(new byte[64]), ChainHash.BITCOIN_MAINNET,
                ShortChannelId.of(800_000, n, 0), 1_700_000_000L + n, 1, 0, 40, 1, 1000, 1, 5000, Bytes.EMPTY));
    }

    static List<ConsumerRecord<byte[], byte[]>> consumeAll(String topic, int atLeast) {
        Properties p = KAFKA.kafka().clientProperties();
        p.put("group.id", "check-" + System.nanoTime());
        p.put("auto.offset.reset", "earliest");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            for (int i = 0; i < 40 && out.size() < atLeast; i++) {
                c.poll(Duration.ofMillis(250)).forEach(out::add);
            }
            // a little longer, to see that nothing more comes
            c.poll(Duration.ofMillis(500)).forEach(out::add);
        }
        return out;
    }

    @Test
    void shouldPublishAppendedMessagesOnceAndFollowARewrittenStore(@TempDir Path dir) throws Exception {
        String topic = "follow-" + System.nanoTime();
        KAFKA.kafka().createTopics(Map.of(topic, 1));
        Path store = dir.resolve("gossip_store");
        Path position = dir.resolve("position");
        GossipStoreFixture f = new GossipStoreFixture(0x0f).record(0, 1_700_000_100L, update(1))
                .record(0x8000, 1_700_000_101L, update(2)); // deleted: never published
        Files.write(store, f.bytes());

        try (GossipPublisher publisher = new GossipPublisher(KAFKA.bootstrapServers(), topic)) {
            GossipStoreFollower follower = new GossipStoreFollower(store, position, publisher, "node-x");
            assertThat(follower.pollOnce()).isEqualTo(1);
            assertThat(follower.pollOnce()).as("nothing new").isZero();

            // Core Lightning appends a record and is in the middle of the next one
            f.record(0, 1_700_000_102L, update(3));
            byte[] complete = new GossipStoreFixture(0x0f).record(0, 0, update(4)).bytes();
            byte[] torn = Arrays.copyOfRange(complete, 1, 20);
            Files.write(store, concat(f.bytes(), torn));
            assertThat(follower.pollOnce()).isEqualTo(1);
            // the torn record completes
            Files.write(store, concat(f.bytes(), Arrays.copyOfRange(complete, 1, complete.length)));
            assertThat(follower.pollOnce()).isEqualTo(1);

            // a restart with the saved position republishes nothing
            GossipStoreFollower restarted = new GossipStoreFollower(store, position, publisher, "node-x");
            assertThat(restarted.pollOnce()).isZero();

            // Core Lightning rewrites the store: end-of-store in the old file, then a new, shorter file
            byte[] ended = new GossipStoreFixture(0x0f).record(0, 0, GossipStoreFixture.internal(4105, 0)).bytes();
            Files.write(store, concat(concat(f.bytes(), Arrays.copyOfRange(complete, 1, complete.length)),
                    Arrays.copyOfRange(ended, 1, ended.length)));
            assertThat(restarted.pollOnce()).isZero();
            assertThat(restarted.position()).isEqualTo(1);
            Files.write(store, new GossipStoreFixture(0x0f).record(0, 1_700_000_200L, update(5)).bytes());
            assertThat(restarted.pollOnce()).isEqualTo(1);
        }

        List<ConsumerRecord<byte[], byte[]>> got = consumeAll(topic, 4);
        assertThat(got).extracting(ConsumerRecord::value).containsExactly(update(1), update(3), update(4), update(5));
        assertThat(got.get(0).timestamp()).isEqualTo(1_700_000_100_000L);
        assertThat(new String(got.get(0).headers().lastHeader(GossipHeaders.COLLECTOR).value(),
                StandardCharsets.UTF_8)).isEqualTo("node-x");
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
