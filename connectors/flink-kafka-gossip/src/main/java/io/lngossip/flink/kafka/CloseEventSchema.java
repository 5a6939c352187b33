package io.lngossip.flink.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lngossip.codec.ShortChannelId;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the close-events topic: JSON {@code {"scid": "BLOCKxTXxOUT" or u64, "closed_at": unix_seconds}}. A record
 * that is not such an object becomes an error record with the reason, for the quarantine.
 */
public final class CloseEventSchema implements KafkaRecordDeserializationSchema<CloseEventRecord> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<CloseEventRecord> out) {
        byte[] raw = record.value() == null ? new byte[0] : record.value();
        out.collect(parse(raw, "kafka:" + record.topic() + "/" + record.partition() + "@" + record.offset()));
    }

    /** Parses one close event; never throws. */
    public static CloseEventRecord parse(byte[] raw, String source) {
        try {
            JsonNode node = MAPPER.readTree(raw);
            if (node == null || !node.isObject()) {
                return error(raw, source, "not a JSON object");
            }
            JsonNode scid = node.get("scid");
            JsonNode closedAt = node.get("closed_at");
            if (scid == null || !(scid.isTextual() || scid.isIntegralNumber())) {
                return error(raw, source, "scid missing or not a string or integer");
            }
            if (closedAt == null || !closedAt.canConvertToLong() || !closedAt.isIntegralNumber()) {
                return error(raw, source, "closed_at missing or not an integer");
            }
            ShortChannelId id = ShortChannelId.parse(scid.isTextual() ? scid.asText() : scid.bigIntegerValue().toString());
            return new CloseEventRecord(new CloseEvent(id, closedAt.asLong()), raw, null, source);
        } catch (IOException | IllegalArgumentException e) {
            return error(raw, source, e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst()
                    .orElse(""));
        }
    }

    private static CloseEventRecord error(byte[] raw, String source, String why) {
        return new CloseEventRecord(null, raw, "bad close event: " + why, source);
    }

    @Override
    public TypeInformation<CloseEventRecord> getProducedType() {
        return TypeInformation.of(CloseEventRecord.class);
    }
}
