package io.lngossip.flink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.codec.GossipObservation;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class GossipObservationSchemaTest {

    private static ConsumerRecord<byte[], byte[]> record(byte[] value, long timestamp, RecordHeaders headers) {
        return new ConsumerRecord<>("ln.gossip.raw", 2, 41L, timestamp, TimestampType.CREATE_TIME, 0,
                value == null ? 0 : value.length, null, value, headers, Optional.empty());
    }

    @Test
    void shouldTakeTheRecordTimestampAsReceiptTimeAndTheCollectorHeader() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(GossipHeaders.COLLECTOR, "node-a".getBytes(StandardCharsets.UTF_8));
        GossipObservation o = GossipObservationSchema.toObservation(record(new byte[] {1, 2, 3}, 1_755_621_881_123L,
                headers));
        assertThat(o.message()).containsExactly(1, 2, 3);
        assertThat(o.receivedAtMillis()).isEqualTo(1_755_621_881_123L);
        assertThat(o.receivedAtSeconds()).isEqualTo(1_755_621_881L);
        assertThat(o.collector()).isEqualTo("node-a");
        assertThat(o.source()).isEqualTo("kafka:ln.gossip.raw/2@41");
    }

    @Test
    void shouldNotInventAReceiptTimeForArchiveReplays() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(GossipHeaders.ARCHIVE, "gossip-20201014.gsp.bz2".getBytes(StandardCharsets.UTF_8));
        GossipObservation o = GossipObservationSchema.toObservation(record(new byte[] {1, 2}, 1_700_000_000_000L,
                headers));
        assertThat(o.receivedAtMillis()).isNull();
        assertThat(o.receivedAtSeconds()).isNull();
        assertThat(o.collector()).isEqualTo(GossipObservation.UNKNOWN_COLLECTOR);
    }

    @Test
    void shouldKeepAnEmptyValueForTheQuarantineInsteadOfFailing() {
        GossipObservation o = GossipObservationSchema.toObservation(record(null, -1L, new RecordHeaders()));
        assertThat(o.message()).isEmpty();
        assertThat(o.receivedAtMillis()).isNull();
    }
}
