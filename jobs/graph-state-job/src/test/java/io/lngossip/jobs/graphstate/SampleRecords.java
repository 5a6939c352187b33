package io.lngossip.jobs.graphstate;

import io.lngossip.codec.GossipParseException;
import io.lngossip.codec.SharedData;
import io.lngossip.codec.io.FileItem;
import io.lngossip.codec.io.GossipFileReader;
import io.lngossip.codec.io.GossipFiles;
import io.lngossip.flink.kafka.GossipHeaders;
import io.lngossip.model.GraphHistory;
import io.lngossip.model.StoredMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The real hourly files and the gossip_store as Kafka records of one collector, as docs/KAFKA.md frames them (receipt
 * time as record timestamp, else {@code nowMs} and the archive header), with what a full replay of them gives and
 * every observation they make.
 */
record SampleRecords(List<ProducerRecord<byte[], byte[]>> records, GraphHistory expected, Set<String> observations) {

    static SampleRecords read(String topic, long nowMs) throws IOException, GossipParseException {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        GraphHistory expected = new GraphHistory();
        Set<String> observations = new HashSet<>();
        for (String file : new String[] {SharedData.HOUR_10, SharedData.HOUR_17, SharedData.GOSSIP_STORE}) {
            try (GossipFileReader reader = GossipFiles.open(SharedData.file(file))) {
                for (FileItem item = reader.next(); item != null; item = reader.next()) {
                    if (item instanceof FileItem.Message m) {
                        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, null,
                                m.receiptTime() == null ? nowMs : m.receiptTime(), null, m.bytes());
                        r.headers().add(GossipHeaders.COLLECTOR, "node".getBytes(StandardCharsets.UTF_8));
                        if (m.receiptTime() == null) {
                            r.headers().add(GossipHeaders.ARCHIVE, file.getBytes(StandardCharsets.UTF_8));
                        }
                        records.add(r);
                        StoredMessage s = StoredMessage.of(m.bytes(),
                                m.receiptTime() == null ? null : m.receiptTime() / 1000);
                        expected.add(s);
                        observations.add(s.id().hex() + "|" + m.receiptTime());
                    }
                }
            }
        }
        return new SampleRecords(List.copyOf(records), expected, observations);
    }
}
