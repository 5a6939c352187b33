package io.lngossip.flink.kafka;

import io.lngossip.codec.GossipObservation;
import java.util.Locale;
import java.util.Objects;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Builds the Kafka sources of the job from {@link KafkaGossipOptions}. */
public final class GossipKafkaSources {

    private GossipKafkaSources() {}

    /** The unbounded gossip source. */
    public static KafkaSource<GossipObservation> gossip(KafkaGossipOptions options) {
        Objects.requireNonNull(options, "options cannot be null");
        return KafkaSource.<GossipObservation>builder()
                .setBootstrapServers(options.bootstrapServers())
                .setTopics(options.topics())
                .setGroupId(options.groupId())
                .setStartingOffsets(offsets(options.startingOffsets()))
                .setDeserializer(new GossipObservationSchema())
                .setProperty("partition.discovery.interval.ms", "60000")
                .build();
    }

    /**
     * The gossip source bounded to the records with timestamps in [fromMillis, toMillis): offsets are looked up by
     * timestamp, for replays of a range.
     */
    public static KafkaSource<GossipObservation> gossipRange(KafkaGossipOptions options, long fromMillis,
            long toMillis) {
        Objects.requireNonNull(options, "options cannot be null");
        if (toMillis < fromMillis) {
            throw new IllegalArgumentException("to must not be before from");
        }
        return KafkaSource.<GossipObservation>builder()
                .setBootstrapServers(options.bootstrapServers())
                .setTopics(options.topics())
                .setGroupId(options.groupId())
                .setStartingOffsets(OffsetsInitializer.timestamp(fromMillis))
                .setBounded(OffsetsInitializer.timestamp(toMillis))
                .setDeserializer(new GossipObservationSchema())
                .build();
    }

    /** The close-events source; {@code options.closeTopic()} must be set. */
    public static KafkaSource<CloseEventRecord> closes(KafkaGossipOptions options) {
        Objects.requireNonNull(options, "options cannot be null");
        if (options.closeTopic() == null) {
            throw new IllegalArgumentException("no close-events topic configured");
        }
        return KafkaSource.<CloseEventRecord>builder()
                .setBootstrapServers(options.bootstrapServers())
                .setTopics(options.closeTopic())
                .setGroupId(options.groupId() + "-closes")
                .setStartingOffsets(offsets(options.startingOffsets()))
                .setDeserializer(new CloseEventSchema())
                .build();
    }

    static OffsetsInitializer offsets(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("earliest")) {
            return OffsetsInitializer.earliest();
        } else if (s.equals("latest")) {
            return OffsetsInitializer.latest();
        } else if (s.equals("committed")) {
            return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        } else if (s.startsWith("timestamp:")) {
            try {
                return OffsetsInitializer.timestamp(Long.parseLong(s.substring("timestamp:".length())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("starting offsets timestamp must be unix milliseconds: " + spec);
            }
        }
        throw new IllegalArgumentException(
                "starting offsets must be earliest, latest, committed or timestamp:MILLIS, got " + spec);
    }
}
