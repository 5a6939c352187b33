package io.lngossip.codec.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.lngossip.codec.MessageType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Arbitrary bytes as a Core Lightning gossip_store (decompressed first, as {@link GossipStoreReader#open} does),
 * seeded with the head of the real store and damaged copies. An unknown version byte is refused with an IOException;
 * otherwise the reader never throws: items come in increasing record order, gossip messages are whole records, and
 * the read ends with a reason and a position no further than the bytes it consumed.
 */
class GossipStoreReaderFuzzTest {

    @FuzzTest
    void read(byte[] data) throws IOException {
        GossipStoreReader reader;
        try {
            InputStream in = Compression.decompressing(new ByteArrayInputStream(data));
            reader = GossipStoreReader.read(in, "fuzz");
        } catch (IOException e) {
            return; // not a store of a known version (or a broken compressed stream): refused, as documented
        }
        try (reader) {
            long lastPosition = 0;
            for (FileItem item = reader.next(); item != null; item = reader.next()) {
                assertThat(item.position()).isGreaterThan(lastPosition);
                lastPosition = item.position();
                if (item instanceof FileItem.Message m) {
                    assertThat(MessageType.isGossip(io.lngossip.codec.GossipCodec.typeOf(m.bytes()))).isTrue();
                    assertThat(m.bytes().length).isLessThanOrEqualTo(0xffff);
                } else if (item instanceof FileItem.Quarantined q) {
                    assertThat(q.reason()).isNotNull();
                }
                assertThat(reader.position()).isGreaterThan(item.position());
            }
            ReadEnd end = reader.end();
            assertThat(end).isNotNull();
            assertThat(end.position()).isGreaterThanOrEqualTo(lastPosition);
            assertThat(reader.next()).isNull();
        }
    }
}
