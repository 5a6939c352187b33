package io.lngossip.codec.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Arbitrary bytes as a GSP file (plain, or whatever a gzip/bzip2 magic makes of them), seeded with heads of the real
 * archives. The reader refuses a bad header with an IOException and otherwise never throws: it returns frames of 1 to
 * 65535 bytes in file order, then stops with an end that says where; the memory it holds is one frame.
 */
class GspReaderFuzzTest {

    @FuzzTest
    void read(byte[] data) throws IOException {
        GspReader reader;
        try {
            reader = new GspReader(new ByteArrayInputStream(data));
        } catch (IOException e) {
            return; // not a GSP file (or a compressed stream broken before its header): refused, as documented
        }
        try (reader) {
            long lastPosition = GspReader.HEADER.length - 1;
            long frames = 0;
            for (GspFrame f = reader.next(); f != null; f = reader.next()) {
                assertThat(f.message().length).isBetween(1, GspReader.MAX_MESSAGE_LENGTH);
                assertThat(f.position()).isGreaterThan(lastPosition);
                assertThat(f.index()).isEqualTo(frames++);
                lastPosition = f.position();
            }
            ReadEnd end = reader.end();
            assertThat(end).isNotNull();
            assertThat(end.position()).isGreaterThanOrEqualTo(GspReader.HEADER.length);
            assertThat(reader.next()).isNull();
            assertThat(reader.messagesRead()).isEqualTo(frames);
        }
    }
}
