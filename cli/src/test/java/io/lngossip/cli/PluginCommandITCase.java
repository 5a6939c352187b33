package io.lngossip.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lngossip.embedded.junit.KafkaExtension;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Core Lightning plugin in a scripted conversation with "lightningd": manifest, init, collecting, shutdown. */
class PluginCommandITCase {

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension();

    @Test
    void shouldAnswerTheManifestThenFollowTheStoreOfTheLightningDir(@TempDir Path lightningDir) throws Exception {
        String sample = System.getProperty("lngossip.shared.data", "../../shared/data");
        Files.copy(Path.of(sample, "cln_pyln-testdata_mainnet-2021-08_gossip_store.bin"),
                lightningDir.resolve("gossip_store"));
        String topic = "plugin-" + System.nanoTime();
        KAFKA.kafka().createTopics(Map.of(topic, 1));

        PipedOutputStream lightningd = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(lightningd, 1 << 16);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        CompletableFuture<Integer> plugin = CompletableFuture.supplyAsync(() -> {
            try {
                return new PluginCommand(stdin, stdout).call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        lightningd.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getmanifest\",\"params\":{}}\n\n")
                .getBytes(StandardCharsets.UTF_8));
        lightningd.write(("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"init\",\"params\":{\"options\":"
                + "{\"lngossip-bootstrap-servers\":\"" + KAFKA.bootstrapServers() + "\",\"lngossip-topic\":\"" + topic
                + "\",\"lngossip-collector\":\"mynode\"},\"configuration\":{\"lightning-dir\":\""
                + lightningDir.toString().replace("\\", "\\\\") + "\",\"rpc-file\":\"lightning-rpc\"}}}\n\n")
                .getBytes(StandardCharsets.UTF_8));
        lightningd.flush();

        // the 92 live gossip messages of the store (SOURCES.txt: 88 announcements, 4 updates) reach Kafka
        Properties p = KAFKA.kafka().clientProperties();
        p.put("group.id", "plugin-check");
        p.put("auto.offset.reset", "earliest");
        List<byte[]> got = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            for (int i = 0; i < 80 && got.size() < 92; i++) {
                c.poll(Duration.ofMillis(250)).forEach(r -> got.add(r.value()));
            }
        }
        assertThat(got).hasSize(92);

        lightningd.close(); // lightningd shuts down
        assertThat(plugin.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(lightningDir.resolve("lngossip-position")).exists();

        List<JsonNode> responses = new ArrayList<>();
        try (MappingIterator<JsonNode> it = new ObjectMapper().readerFor(JsonNode.class)
                .readValues(stdout.toByteArray())) {
            it.forEachRemaining(responses::add);
        }
        assertThat(responses).hasSize(2);
        assertThat(responses.get(0).get("id").asInt()).isEqualTo(1);
        List<String> options = new ArrayList<>();
        responses.get(0).path("result").path("options").forEach(o -> options.add(o.path("name").asText()));
        assertThat(options).contains("lngossip-bootstrap-servers", "lngossip-topic", "lngossip-collector");
        assertThat(responses.get(1).get("id").asInt()).isEqualTo(2);
        assertThat(responses.get(1).has("result")).isTrue();
    }
}
