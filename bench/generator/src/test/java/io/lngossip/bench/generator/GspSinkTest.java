package io.lngossip.bench.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.codec.io.GspFrame;
import io.lngossip.codec.io.GspReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A history written as GSP reads back as the same messages in the same order; its closes sit beside it. */
class GspSinkTest {
    private static final GeneratorOptions ONE_DAY = GeneratorOptions.small().withDays(1);

    @TempDir
    Path dir;

    private static List<byte[]> read(Path file) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (GspReader reader = GspReader.open(file)) {
            for (GspFrame f = reader.next(); f != null; f = reader.next()) {
                out.add(f.message());
            }
            assertThat(reader.end().complete()).isTrue();
        }
        return out;
    }

    @Test
    void shouldWriteEverySightingAsGzippedGspAndTheClosesBesideIt() throws IOException {
        Path file = dir.resolve("history.gsp.gz");
        GossipGenerator generator = GossipGenerator.create(ONE_DAY);
        AtomicInteger progressCalls = new AtomicInteger();
        GenerationStats stats = generator.writeTo(new GspSink(file, null), run -> progressCalls.incrementAndGet());

        List<byte[]> expected = new ArrayList<>();
        List<String> expectedCloses = new ArrayList<>();
        for (GeneratedEvent e : generator) {
            if (e instanceof GeneratedEvent.Sighting s) {
                expected.add(s.message());
            } else if (e instanceof GeneratedEvent.Close c) {
                expectedCloses.add("{\"scid\":\"" + c.scid() + "\",\"closed_at\":" + c.closedAt() + "}");
            }
        }
        assertThat(Files.readAllBytes(file)).startsWith(0x1f, 0x8b);
        assertThat(read(file)).containsExactlyElementsOf(expected);
        assertThat(stats.sightings()).isEqualTo(expected.size());
        assertThat(progressCalls.get()).isGreaterThanOrEqualTo(1);
        assertThat(expectedCloses).isNotEmpty();
        assertThat(Files.readAllLines(GspSink.closesFile(file))).containsExactlyElementsOf(expectedCloses);
    }

    @Test
    void shouldWriteEachMessageOnceForOneCollector() throws IOException {
        Path file = dir.resolve("gen-a.gsp");
        GossipGenerator generator = GossipGenerator.create(ONE_DAY);
        GenerationStats stats = generator.writeTo(new GspSink(file, GeneratorOptions.COLLECTOR_A), run -> { });
        List<byte[]> messages = read(file);
        assertThat(messages).hasSize((int) stats.messages());
        assertThat(messages.stream().map(java.nio.ByteBuffer::wrap).distinct().count()).isEqualTo(messages.size());
    }
}
