package io.lngossip.codec.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.codec.SharedData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The readers stream: reading far more bytes than the heap could hold at once keeps memory flat. */
class ConstantMemoryTest {

    /** Repeats the frames of a real GSP file {@code times} times behind one header, generated on the fly. */
    static InputStream repeatedGsp(byte[] file, int times) {
        byte[] frames = Arrays.copyOfRange(file, 4, file.length);
        return new SequenceInputStream(new ByteArrayInputStream(Arrays.copyOf(file, 4)), new InputStream() {
            private int round;
            private int pos;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (round == times) {
                    return -1;
                }
                int n = Math.min(len, frames.length - pos);
                System.arraycopy(frames, pos, b, off, n);
                pos += n;
                if (pos == frames.length) {
                    pos = 0;
                    round++;
                }
                return n;
            }
        });
    }

    static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }

    @Test
    void shouldStreamAGigabyteScaleFileInFlatMemory() throws IOException {
        byte[] hour = Files.readAllBytes(SharedData.file(SharedData.HOUR_17));
        int rounds = 1_500; // 1,500 x 707 kB: about 1 GB of frames, 5.9 million messages
        long before = usedAfterGc();
        long messages = 0;
        long peak = 0;
        try (GspReader reader = new GspReader(repeatedGsp(hour, rounds))) {
            for (GspFrame f = reader.next(); f != null; f = reader.next()) {
                messages++;
                if (messages % 1_000_000 == 0) {
                    peak = Math.max(peak, usedAfterGc() - before);
                }
            }
            assertThat(reader.end().complete()).isTrue();
        }
        assertThat(messages).isEqualTo(3_932L * rounds);
        assertThat(peak).as("heap growth while streaming").isLessThan(32L * 1024 * 1024);
    }
}
