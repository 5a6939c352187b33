package io.lngossip.codec.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lngossip.codec.GossipCodec;
import io.lngossip.codec.GossipParseException;
import io.lngossip.codec.MessageType;
import io.lngossip.codec.QuarantineReason;
import io.lngossip.codec.SharedData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GspReaderTest {

    /**
     * Counts by type from SOURCES.txt, checked independently with a few lines of Python reading the framing by hand:
     * {@code while i < len(d): L = d[i] if d[i] < 0xfd else int.from_bytes(d[i+1:i+3], 'big'); ...}.
     */
    @ParameterizedTest
    @CsvSource({
        SharedData.HOUR_17 + ", 1, 497, 3434, 707101",
        SharedData.HOUR_10 + ", 0, 102, 723, 148745",
        SharedData.DAILY + ", 4, 507, 5012, 942523"
    })
    void shouldCountRealFilesByType(String file, int announcements, int nodes, int updates, long size)
            throws Exception {
        Map<Integer, Integer> counts = new TreeMap<>();
        try (GspReader reader = GspReader.open(SharedData.file(file))) {
            for (GspFrame f = reader.next(); f != null; f = reader.next()) {
                counts.merge(GossipCodec.typeOf(f.message()), 1, Integer::sum);
            }
            assertThat(reader.end()).isEqualTo(ReadEnd.clean(size));
            assertThat(reader.messagesRead()).isEqualTo(announcements + nodes + updates);
        }
        Map<Integer, Integer> expected = new TreeMap<>();
        if (announcements > 0) {
            expected.put(MessageType.CHANNEL_ANNOUNCEMENT, announcements);
        }
        expected.put(MessageType.NODE_ANNOUNCEMENT, nodes);
        expected.put(MessageType.CHANNEL_UPDATE, updates);
        assertThat(counts).isEqualTo(expected);
    }

    @Test
    void shouldReadTheDamagedFileUpToItsBreakAndSayWhere() throws Exception {
        // By hand (Python, same framing loop): 1,511 good messages, then 7 frames of junk types starting at byte
        // 227614 (frame 1511's prefix at 227613), then a zero length at byte 228627.
        List<byte[]> frames = new ArrayList<>();
        try (GspReader reader = GspReader.open(SharedData.file(SharedData.CORRUPT))) {
            for (GspFrame f = reader.next(); f != null; f = reader.next()) {
                frames.add(f.message());
            }
            assertThat(reader.end().kind()).isEqualTo(ReadEnd.Kind.BROKEN);
            assertThat(reader.end().position()).isEqualTo(228627);
            assertThat(reader.end().detail()).contains("frame 1518").contains("length 0");
            assertThat(reader.next()).isNull();
        }
        assertThat(frames).hasSize(1518);
        int decodable = 0;
        for (int i = 0; i < frames.size(); i++) {
            try {
                GossipCodec.decode(frames.get(i));
                decodable++;
                assertThat(i).isLessThan(1511);
            } catch (GossipParseException e) {
                assertThat(i).isGreaterThanOrEqualTo(1511);
                assertThat(e.reason()).isEqualTo(QuarantineReason.UNKNOWN_TYPE);
            }
        }
        assertThat(decodable).isEqualTo(1511);
    }

    @ParameterizedTest
    @ValueSource(strings = {"copy.gsp", "copy.gsp.gz", "copy.gsp.bz2", "renamed-without-extension"})
    void shouldWriteAndReadBackPlainAndCompressedFiles(String name, @TempDir Path dir) throws Exception {
        List<byte[]> original = read(SharedData.file(SharedData.HOUR_10));
        Path copy = dir.resolve(name);
        try (GspWriter writer = GspWriter.open(copy)) {
            for (byte[] m : original) {
                writer.write(m);
            }
        }
        if (name.endsWith(".gsp")) {
            assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(SharedData.file(SharedData.HOUR_10)));
        } else if (name.endsWith(".bz2")) {
            assertThat(Files.readAllBytes(copy)).startsWith('B', 'Z', 'h');
        }
        List<byte[]> back = read(copy);
        assertThat(back).hasSameSizeAs(original);
        for (int i = 0; i < original.size(); i++) {
            assertThat(back.get(i)).isEqualTo(original.get(i));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"copy.gsp", "copy.gsp.gz", "copy.gsp.bz2"})
    void shouldReportHowMuchOfTheStoredFileWasConsumed(String name, @TempDir Path dir) throws Exception {
        Path copy = dir.resolve(name);
        List<byte[]> hour = read(SharedData.file(SharedData.HOUR_17));
        try (GspWriter writer = GspWriter.open(copy)) {
            for (int round = 0; round < 4; round++) { // several bzip2 blocks of 900 kB
                for (byte[] m : hour) {
                    writer.write(m);
                }
            }
        }
        long size = Files.size(copy);
        try (GossipFileReader reader = GossipFiles.open(copy)) {
            long last = 0;
            boolean halfway = false;
            for (FileItem item = reader.next(); item != null; item = reader.next()) {
                assertThat(reader.sourcePosition()).isGreaterThanOrEqualTo(last).isLessThanOrEqualTo(size);
                halfway |= reader.sourcePosition() > 0 && reader.sourcePosition() < size;
                last = reader.sourcePosition();
            }
            assertThat(halfway).as("a position strictly inside the file was reported").isTrue();
            assertThat(reader.sourcePosition()).isEqualTo(size);
            if (name.endsWith(".gsp")) {
                assertThat(reader.sourcePosition()).isEqualTo(reader.position());
            } else {
                assertThat(reader.sourcePosition()).isLessThan(reader.position());
            }
        }
    }

    @Test
    void shouldFrameLongMessagesWithAThreeByteLength() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] big = new byte[300];
        big[0] = 1;
        try (GspWriter writer = new GspWriter(out)) {
            writer.write(big);
        }
        byte[] bytes = out.toByteArray();
        assertThat(Arrays.copyOfRange(bytes, 0, 7)).containsExactly('G', 'S', 'P', 1, 0xfd, 0x01, 0x2c);
        try (GspReader reader = new GspReader(new ByteArrayInputStream(bytes))) {
            assertThat(reader.next().message()).isEqualTo(big);
            assertThat(reader.next()).isNull();
            assertThat(reader.end().complete()).isTrue();
        }
    }

    @Test
    void shouldReportANonMinimalLengthAsABreak() throws Exception {
        byte[] bytes = {'G', 'S', 'P', 1, 0x02, 0x01, 0x02, (byte) 0xfd, 0x00, 0x05, 1, 2, 3, 4, 5};
        try (GspReader reader = new GspReader(new ByteArrayInputStream(bytes))) {
            assertThat(reader.next().message()).containsExactly(1, 2);
            assertThat(reader.next()).isNull();
            assertThat(reader.end().kind()).isEqualTo(ReadEnd.Kind.BROKEN);
            assertThat(reader.end().position()).isEqualTo(7);
            assertThat(reader.end().detail()).contains("non-minimal");
        }
    }

    @Test
    void shouldRefuseWhatIsNotAGspFile(@TempDir Path dir) throws Exception {
        Path store = SharedData.file(SharedData.GOSSIP_STORE);
        assertThatThrownBy(() -> GspReader.open(store)).isInstanceOf(GspReader.NotGspException.class)
                .hasMessageContaining("not a GSP file").hasMessageContaining(store.getFileName().toString());
        Path v2 = Files.write(dir.resolve("v2.gsp"), new byte[] {'G', 'S', 'P', 2});
        assertThatThrownBy(() -> GspReader.open(v2)).hasMessageContaining("unsupported GSP version 2");
        Path empty = Files.write(dir.resolve("empty.gsp"), new byte[0]);
        assertThatThrownBy(() -> GspReader.open(empty)).isInstanceOf(GspReader.NotGspException.class);
        assertThatThrownBy(() -> GspReader.open(dir.resolve("missing.gsp"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void shouldNeverThrowOnRandomTruncationsAndFlips() throws Exception {
        byte[] file = Files.readAllBytes(SharedData.file(SharedData.HOUR_10));
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            byte[] mutated = Arrays.copyOf(file, 4 + random.nextInt(file.length - 3));
            for (int flips = random.nextInt(4); flips > 0; flips--) {
                int at = 4 + random.nextInt(mutated.length - 4 + 1 == 1 ? 1 : mutated.length - 4);
                if (at < mutated.length) {
                    mutated[at] ^= (byte) random.nextInt(256);
                }
            }
            try (GspReader reader = new GspReader(new ByteArrayInputStream(mutated))) {
                long last = -1;
                for (GspFrame f = reader.next(); f != null; f = reader.next()) {
                    assertThat(f.position()).isGreaterThan(last);
                    last = f.position();
                }
                assertThat(reader.end()).isNotNull();
                assertThat(reader.end().position()).isBetween(4L, (long) mutated.length);
            }
        }
    }

    @Test
    void shouldReportACorruptCompressedStreamAsAnIoErrorNotAnException(@TempDir Path dir) throws Exception {
        Path gz = dir.resolve("x.gsp.gz");
        try (GspWriter writer = GspWriter.open(gz)) {
            for (byte[] m : read(SharedData.file(SharedData.HOUR_10))) {
                writer.write(m);
            }
        }
        byte[] bytes = Files.readAllBytes(gz);
        byte[] cut = Arrays.copyOf(bytes, bytes.length / 2);
        try (GspReader reader = new GspReader(new ByteArrayInputStream(cut))) {
            int n = 0;
            while (reader.next() != null) {
                n++;
            }
            assertThat(n).isBetween(1, 824);
            assertThat(reader.end().kind()).isIn(ReadEnd.Kind.IO_ERROR, ReadEnd.Kind.BROKEN);
        }
    }

    private static List<byte[]> read(Path path) throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (GspReader reader = GspReader.open(path)) {
            for (GspFrame f = reader.next(); f != null; f = reader.next()) {
                out.add(f.message());
            }
            assertThat(reader.end().complete()).isTrue();
        }
        return out;
    }

    /** Found by GspReaderFuzzTest: commons-compress threw ArrayIndexOutOfBoundsException out of the reader. */
    @Test
    void shouldRefuseACorruptBzip2StreamWithAnIoException(@TempDir Path dir) throws Exception {
        byte[] damaged;
        try (var in = GspReaderTest.class.getResourceAsStream("GspReaderFuzzTestInputs/read/bzip2_bad_huffman_table")) {
            damaged = in.readAllBytes();
        }
        assertThatThrownBy(() -> new GspReader(new ByteArrayInputStream(damaged)))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("corrupt compressed stream");
        Path file = dir.resolve("damaged.gsp.bz2");
        Files.write(file, damaged);
        assertThatThrownBy(() -> GossipFiles.open(file)).isInstanceOf(GossipFiles.NotAGossipFileException.class);
    }
}
