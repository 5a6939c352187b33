package io.lngossip.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.bench.generator.GeneratedEvent;
import io.lngossip.bench.generator.GeneratorOptions;
import io.lngossip.bench.generator.GossipGenerator;
import io.lngossip.codec.io.GspFrame;
import io.lngossip.codec.io.GspReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        CommandLine cli = Lngossip.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void shouldWriteTheGeneratorsHistoryToAGspFile() throws Exception {
        Path file = dir.resolve("small.gsp.gz");
        int status = run("generate", "--days", "1", "--seed", "7", "--collector", "gen-a", "--out", file.toString());
        assertThat(status).as(err.toString()).isZero();

        List<byte[]> expected = new ArrayList<>();
        GossipGenerator generator = GossipGenerator.create(GeneratorOptions.small().withDays(1).withSeed(7));
        for (GeneratedEvent e : generator) {
            if (e instanceof GeneratedEvent.Sighting s && s.collector().equals(GeneratorOptions.COLLECTOR_A)) {
                expected.add(s.message());
            }
        }
        List<byte[]> written = new ArrayList<>();
        try (GspReader reader = GspReader.open(file)) {
            for (GspFrame f = reader.next(); f != null; f = reader.next()) {
                written.add(f.message());
            }
        }
        assertThat(written).containsExactlyElementsOf(expected);
        assertThat(out.toString())
                .contains("generated 1 day from 2025-01-01T00:00:00Z (small scale, seed 7)")
                .contains(String.format("wrote %,d messages to %s", expected.size(), file))
                .contains("hot channel " + generator.hotChannel())
                .contains("busiest node " + generator.busiestNode());
        assertThat(Files.readAllLines(dir.resolve("small.gsp.gz.closes.ndjson"))).allMatch(l -> l.startsWith("{\"scid\":"));
        assertThat(err.toString()).contains("day 1.00 of 1");
    }

    @Test
    void shouldAskForExactlyOneTarget() {
        assertThat(run("generate")).isEqualTo(2);
        assertThat(err.toString()).contains("--out").contains("--bootstrap-servers");
        err.getBuffer().setLength(0);
        assertThat(run("generate", "--out", dir.resolve("a.gsp").toString(), "--bootstrap-servers", "h:1"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("mutually exclusive");
    }

    @Test
    void shouldRefuseBadKnobsByName() {
        assertThat(run("generate", "--days", "0", "--out", dir.resolve("a.gsp").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("days must be in [1, 3650]: 0");
        assertThat(run("generate", "--start", "2025-01-01", "--out", dir.resolve("a.gsp").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--start must be ISO-8601");
        assertThat(run("generate", "--collector", "gen-c", "--out", dir.resolve("a.gsp").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--collector must be gen-a, gen-b or all");
        assertThat(run("generate", "--scale", "huge", "--out", dir.resolve("a.gsp").toString())).isEqualTo(2);
        assertThat(run("generate", "--out", dir.resolve("missing/a.gsp").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("no such directory");
        assertThat(Files.exists(dir.resolve("a.gsp"))).isFalse();
    }
}
