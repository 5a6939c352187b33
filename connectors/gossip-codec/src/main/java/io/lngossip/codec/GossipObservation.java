package io.lngossip.codec;

import java.util.Objects;

/**
 * One sighting of a message: the bytes as received, when, by which collector, and from which input. This is what
 * every input (Kafka, GSP files, gossip_store files) turns into before deduplication; the same bytes seen twice are
 * two observations of one message (SEMANTICS §3).
 *
 * @param message the message bytes, type included, exactly as received (may be garbage: it is not yet classified)
 * @param receivedAtMillis unix milliseconds of receipt, or null when the input does not say (SEMANTICS §2: never
 *     invented)
 * @param collector id of the collecting node, {@value #UNKNOWN_COLLECTOR} when the input names none
 * @param source where the bytes came from, for people and the quarantine: {@code kafka:TOPIC/PARTITION@OFFSET},
 *     {@code file:NAME@POSITION}
 */
public record GossipObservation(byte[] message, Long receivedAtMillis, String collector, String source) {
    public static final String UNKNOWN_COLLECTOR = "unknown";

    public GossipObservation {
        Objects.requireNonNull(message, "message cannot be null");
        Objects.requireNonNull(collector, "collector cannot be null");
        Objects.requireNonNull(source, "source cannot be null");
    }

    /** Receipt time in unix seconds (floored), or null. */
    public Long receivedAtSeconds() {
        return receivedAtMillis == null ? null : Math.floorDiv(receivedAtMillis, 1000L);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GossipObservation other
                && java.util.Arrays.equals(message, other.message)
                && Objects.equals(receivedAtMillis, other.receivedAtMillis)
                && collector.equals(other.collector)
                && source.equals(other.source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(java.util.Arrays.hashCode(message), receivedAtMillis, collector, source);
    }

    @Override
    public String toString() {
        return "GossipObservation[" + message.length + " bytes, receivedAtMillis=" + receivedAtMillis + ", collector="
                + collector + ", source=" + source + "]";
    }
}
