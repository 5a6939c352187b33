package io.lngossip.flink.kafka;

/** The Kafka record headers of the gossip topic (docs/KAFKA.md). */
public final class GossipHeaders {
    /** UTF-8 id of the node that collected the message. */
    public static final String COLLECTOR = "collector";
    /** Present on messages replayed from a file without receipt times: the record timestamp is then not a receipt time. */
    public static final String ARCHIVE = "archive";

    private GossipHeaders() {}
}
