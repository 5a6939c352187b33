package io.lngossip.flink.kafka;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Where and how to read gossip from Kafka.
 *
 * @param bootstrapServers Kafka's {@code bootstrap.servers}
 * @param topics gossip topics, read as one stream
 * @param closeTopic the close-events topic, or null to read none
 * @param groupId consumer group (offsets are committed on Flink checkpoints; the job's own state is authoritative)
 * @param startingOffsets where a job without state starts: {@code earliest}, {@code latest}, {@code committed} (falling
 *     back to earliest) or {@code timestamp:MILLIS}
 */
public record KafkaGossipOptions(
        String bootstrapServers, List<String> topics, String closeTopic, String groupId, String startingOffsets)
        implements Serializable {

    public static final String DEFAULT_TOPIC = "ln.gossip.raw";
    public static final String DEFAULT_CLOSE_TOPIC = "ln.channel.closes";

    public KafkaGossipOptions {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers cannot be null");
        topics = List.copyOf(Objects.requireNonNull(topics, "topics cannot be null"));
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("at least one gossip topic is needed");
        }
        Objects.requireNonNull(groupId, "groupId cannot be null");
        Objects.requireNonNull(startingOffsets, "startingOffsets cannot be null");
        GossipKafkaSources.offsets(startingOffsets); // fail early on a typo
    }

    /** localhost:9092, {@value #DEFAULT_TOPIC}, no close topic, group {@code lngossip-graph-state}, committed offsets. */
    public static KafkaGossipOptions defaults() {
        return new KafkaGossipOptions("localhost:9092", List.of(DEFAULT_TOPIC), null, "lngossip-graph-state",
                "committed");
    }

    public KafkaGossipOptions withBootstrapServers(String servers) {
        return new KafkaGossipOptions(servers, topics, closeTopic, groupId, startingOffsets);
    }

    public KafkaGossipOptions withTopics(List<String> newTopics) {
        return new KafkaGossipOptions(bootstrapServers, newTopics, closeTopic, groupId, startingOffsets);
    }

    public KafkaGossipOptions withCloseTopic(String topic) {
        return new KafkaGossipOptions(bootstrapServers, topics, topic, groupId, startingOffsets);
    }

    public KafkaGossipOptions withGroupId(String group) {
        return new KafkaGossipOptions(bootstrapServers, topics, closeTopic, group, startingOffsets);
    }

    public KafkaGossipOptions withStartingOffsets(String offsets) {
        return new KafkaGossipOptions(bootstrapServers, topics, closeTopic, groupId, offsets);
    }
}
