package io.lngossip.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import io.lngossip.codec.sample.SyntheticGossip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** README command 1 end to end: the embedded stack starts, the samples flow through Kafka and the job into PostgreSQL. */
class DemoCommandITCase {

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = Lngossip.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int status = cli.execute(args);
        assertThat(status).as(out.toString()).isZero();
        return out.toString();
    }

    @Test
    void shouldLoadTheSamplesAndKeepTheHistoryForTheNextRun(@TempDir Path dir) {
        String sample = System.getProperty("lngossip.shared.data", "../../shared/data");
        // SOURCES.txt: 825 + 3,932 + 5,523 messages in the GSP samples and 92 live ones in the store, all distinct;
        // plus the generated history's distinct messages
        long generated = SyntheticGossip.generate(1, 200).stream()
                .map(s -> io.lngossip.codec.GossipId.of(s.message())).distinct().count();
        String total = String.format(java.util.Locale.US, "%,d", 10_372 + generated);
        String first = run("demo", "--data-dir", dir.toString(), "--sample-dir", sample, "--port", "0",
                "--exit-when-loaded");
        assertThat(first).contains("published 3,932 messages of gossip_20250819_17.gsp")
                .contains("ready: " + total + " messages stored (")
                .contains("of a generated history")
                .containsPattern("[1-9][0-9]* checkpoints")
                .contains("HTTP API:   http://localhost:")
                .contains("Explorer:   http://localhost:");
        // a second run on the same data directory: the same history, nothing twice
        String second = run("demo", "--data-dir", dir.toString(), "--sample-dir", sample, "--port", "0",
                "--exit-when-loaded");
        assertThat(second).contains("ready: " + total + " messages stored (");
    }

    @Test
    void shouldAnswerOverHttpWhileRunning(@TempDir Path dir) throws Exception {
        Path sample = Path.of(System.getProperty("lngossip.shared.data", "../../shared/data"));
        io.lngossip.model.GraphHistory expected = new io.lngossip.model.GraphHistory();
        try (DemoStack stack = DemoStack.start(dir, 0);
                io.lngossip.flink.kafka.GossipPublisher publisher = new io.lngossip.flink.kafka.GossipPublisher(
                        stack.bootstrapServers(), "ln.gossip.raw")) {
            var health = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + stack.port() + "/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as("not ready while loading").isEqualTo(503);
            assertThat(health.body()).contains("loading");
            publisher.publish(sample.resolve("gossip_20250819_17.gsp"), "demo", bytes -> {
                try {
                    expected.add(io.lngossip.model.StoredMessage.of(bytes, null));
                } catch (io.lngossip.codec.GossipParseException e) {
                    throw new AssertionError(e);
                }
            });
            assertThat(DemoCommand.waitFor(stack, "SELECT count(*) FROM messages", expected.size(),
                    java.time.Duration.ofSeconds(120))).isEqualTo(expected.size());
            // as the demo does before it says ready: the deltas, written by later steps, may still be on their way
            assertThat(DemoCommand.waitForDeltas(stack, java.time.Duration.ofSeconds(60))).isTrue();
            stack.markLoaded();
            var http = java.net.http.HttpClient.newHttpClient();
            var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:"
                    + stack.port() + "/v1/snapshot?at=2025-08-19T18:00:00Z&format=json")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
            var want = expected.snapshot(1_755_626_400L, io.lngossip.model.MaxAge.DEFAULT).messages();
            assertThat(json.get("messages")).hasSize(want.size());
            assertThat(want).isNotEmpty();
            var page = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:"
                    + stack.port() + "/")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as("the explorer page").isEqualTo(200);
            assertThat(page.body()).contains("explorer.js");

            // lngossip publish pushes another file into the running demo: stored within seconds
            StringWriter out = new StringWriter();
            CommandLine cli = Lngossip.commandLine();
            cli.setOut(new PrintWriter(out, true));
            int status = cli.execute("publish", "--bootstrap-servers", stack.bootstrapServers(), "--collector", "mine",
                    sample.resolve("gossip_20250819_10.gsp").toString());
            assertThat(status).isZero();
            assertThat(out.toString()).contains("825 messages published to ln.gossip.raw");
            // 825 distinct messages more (SOURCES.txt; the two hourly files share none)
            assertThat(DemoCommand.waitFor(stack, "SELECT count(*) FROM messages", expected.size() + 825L,
                    java.time.Duration.ofSeconds(60))).isEqualTo(expected.size() + 825L);
            assertThat(DemoCommand.query(stack, "SELECT count(DISTINCT collector) FROM observations")).isEqualTo(2);

            // the collector: a Core Lightning store published once from its saved position, then nothing twice
            StringWriter collected = new StringWriter();
            CommandLine collect = Lngossip.commandLine();
            collect.setOut(new PrintWriter(collected, true));
            Path position = dir.resolve("collector-position");
            String[] args = {"publish", "--bootstrap-servers", stack.bootstrapServers(), "--gossip-store",
                sample.resolve("cln_pyln-testdata_mainnet-2021-08_gossip_store.bin").toString(), "--position-file",
                position.toString(), "--collector", "cln"};
            assertThat(collect.execute(args)).isZero();
            assertThat(collected.toString()).contains("92 messages published"); // SOURCES.txt: 88 + 4 live ones
            StringWriter again = new StringWriter();
            CommandLine collectAgain = Lngossip.commandLine();
            collectAgain.setOut(new PrintWriter(again, true));
            assertThat(collectAgain.execute(args)).isZero();
            assertThat(again.toString()).contains(": 0 messages published");
            assertThat(DemoCommand.waitFor(stack, "SELECT count(*) FROM messages", expected.size() + 825L + 92L,
                    java.time.Duration.ofSeconds(60))).isEqualTo(expected.size() + 825L + 92L);

            // lngossip replay over the whole topic: everything is already stored, so nothing new, nothing lost
            long stored = DemoCommand.query(stack, "SELECT count(*) FROM messages");
            StringWriter replayed = new StringWriter();
            CommandLine replay = Lngossip.commandLine();
            replay.setOut(new PrintWriter(replayed, true));
            assertThat(replay.execute("replay", "--bootstrap-servers", stack.bootstrapServers(), "--from", "0",
                    "--to", String.valueOf(System.currentTimeMillis() / 1000 + 60), "--jdbc-url", stack.jdbcUrl()))
                    .as(replayed.toString()).isZero();
            assertThat(replayed.toString()).contains(", 0 new messages, 0 newly quarantined");
            assertThat(DemoCommand.query(stack, "SELECT count(*) FROM messages")).isEqualTo(stored);

            // lngossip rebuild-checkpoints against the demo's database leaves no stale checkpoint
            StringWriter rebuilt = new StringWriter();
            CommandLine rebuild = Lngossip.commandLine();
            rebuild.setOut(new PrintWriter(rebuilt, true));
            assertThat(rebuild.execute("rebuild-checkpoints", "--jdbc-url", stack.jdbcUrl())).isZero();
            assertThat(rebuilt.toString()).containsPattern("\\d+ stale checkpoints rebuilt");
            // (the live job may still be flushing an invalidation for late data: rebuild until none is stale)
            String stale = "SELECT count(*) FROM checkpoints c WHERE NOT (" + io.lngossip.schema.CheckpointSql.USABLE
                    + ")";
            for (int i = 0; i < 5 && DemoCommand.query(stack, stale) > 0; i++) {
                Thread.sleep(1000);
                new io.lngossip.query.dao.CheckpointRebuilder(stack.dataSource()).rebuild();
            }
            assertThat(DemoCommand.query(stack, stale)).isZero();
        }
    }

    @Test
    void shouldRefuseAMissingFile(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cli = Lngossip.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        assertThat(cli.execute("demo", "--data-dir", dir.toString(), "--no-sample", "--port", "0", "nope.gsp"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("nope.gsp: no such file");
    }
}
