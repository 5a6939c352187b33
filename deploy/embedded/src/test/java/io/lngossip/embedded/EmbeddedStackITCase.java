package io.lngossip.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.embedded.junit.KafkaExtension;
import io.lngossip.embedded.junit.PostgresExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStackITCase {

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension();

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @Test
    void shouldCarryARecordThroughTheEmbeddedKafka() throws Exception {
        KAFKA.kafka().createTopics(Map.of("t", 1));
        KAFKA.kafka().createTopics(Map.of("t", 1)); // idempotent
        Properties p = KAFKA.kafka().clientProperties();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("t", null, 1_700_000_000_000L, null, new byte[] {1, 2})).get();
        }
        p.put("group.id", "g");
        p.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("t"));
            ConsumerRecord<byte[], byte[]> got = null;
            for (int i = 0; i < 50 && got == null; i++) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    got = r;
                }
            }
            assertThat(got).isNotNull();
            assertThat(got.value()).containsExactly(1, 2);
            assertThat(got.timestamp()).isEqualTo(1_700_000_000_000L);
        }
    }

    @Test
    void shouldKeepRecordsOfAnyAgeForever() throws Exception {
        // records carry receipt times from years ago: Kafka's default 7-day retention would delete them within minutes
        KAFKA.kafka().createTopics(Map.of("kept", 1));
        try (org.apache.kafka.clients.admin.Admin admin =
                org.apache.kafka.clients.admin.Admin.create(KAFKA.kafka().clientProperties())) {
            var resource = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "kept");
            var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("retention.ms").value()).isEqualTo("-1");
            assertThat(config.get("retention.bytes").value()).isEqualTo("-1");
        }
    }

    @Test
    void shouldGiveEachTestClassAFreshDatabase() throws Exception {
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_database(), current_setting('server_version_num')")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(POSTGRES.database()).startsWith("test_");
            assertThat(rs.getInt(2)).isGreaterThanOrEqualTo(170000);
        }
    }

    @Test
    void shouldKeepDataAcrossRestartsInAGivenDirectory(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("pg");
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(data, 0)) {
            pg.createDatabase("lngossip");
            try (Connection c = pg.dataSource("lngossip").getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (v int)");
                s.execute("INSERT INTO kept VALUES (42)");
            }
        }
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(data, 0)) {
            pg.createDatabase("lngossip");
            try (Connection c = pg.dataSource("lngossip").getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void shouldServeTheSameTopicAgainAfterTheBrokerRestarted() throws Exception {
        KAFKA.kafka().createTopics(Map.of("restart", 1));
        Properties p = KAFKA.kafka().clientProperties();
        p.put("delivery.timeout.ms", "60000");
        String address = KAFKA.kafka().bootstrapServers();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("restart", new byte[] {1})).get();
            KAFKA.kafka().restartBroker(Duration.ofSeconds(2));
            assertThat(KAFKA.kafka().bootstrapServers()).isEqualTo(address);
            producer.send(new ProducerRecord<>("restart", new byte[] {2})).get(); // the same client reconnects
        }
        p.put("group.id", "restart");
        p.put("auto.offset.reset", "earliest");
        List<Byte> seen = new java.util.ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("restart"));
            for (int i = 0; i < 100 && seen.size() < 2; i++) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()[0]));
            }
        }
        assertThat(seen).containsExactly((byte) 1, (byte) 2);
    }

    @Test
    void shouldKeepItsDataAcrossARestartOnTheSamePort(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"), 0)) {
            pg.createDatabase("kept");
            try (Connection c = pg.dataSource("kept").getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (x int)");
                s.execute("INSERT INTO t VALUES (42)");
            }
            int port = pg.port();
            pg.restart(Duration.ofMillis(500));
            assertThat(pg.port()).isEqualTo(port);
            try (Connection c = pg.dataSource("kept").getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT x FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
    }
}
