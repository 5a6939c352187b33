package io.lngossip.flink.kafka;

import io.lngossip.codec.GossipObservation;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads the gossip topic: record value = one raw message, record timestamp = receipt time (unless the {@code archive}
 * header says the message was replayed from a file that has none), header {@code collector} = the collecting node.
 * Never fails on content: an empty or absent value still becomes an observation, which classification quarantines.
 */
public final class GossipObservationSchema implements KafkaRecordDeserializationSchema<GossipObservation> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<GossipObservation> out) {
        out.collect(toObservation(record));
    }

    static GossipObservation toObservation(ConsumerRecord<byte[], byte[]> record) {
        byte[] value = record.value() == null ? new byte[0] : record.value();
        boolean archive = record.headers().lastHeader(GossipHeaders.ARCHIVE) != null;
        Long receivedAt = archive || record.timestamp() < 0 ? null : record.timestamp();
        Header collectorHeader = record.headers().lastHeader(GossipHeaders.COLLECTOR);
        String collector = collectorHeader == null || collectorHeader.value() == null
                        || collectorHeader.value().length == 0
                ? GossipObservation.UNKNOWN_COLLECTOR
                : new String(collectorHeader.value(), StandardCharsets.UTF_8);
        String source = "kafka:" + record.topic() + "/" + record.partition() + "@" + record.offset();
        return new GossipObservation(value, receivedAt, collector, source);
    }

    @Override
    public TypeInformation<GossipObservation> getProducedType() {
        return TypeInformation.of(GossipObservation.class);
    }
}
