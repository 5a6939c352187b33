package io.lngossip.jobs.graphstate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GraphStateJobTest {

    private static GraphStateJob parse(String... args) {
        GraphStateJob job = new GraphStateJob();
        new CommandLine(job).parseArgs(args);
        return job;
    }

    @Test
    void shouldUseTheDocumentedDefaults() {
        GraphStateJob job = parse();
        assertThat(job.kafkaOptions().bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(job.kafkaOptions().topics()).containsExactly("ln.gossip.raw");
        assertThat(job.kafkaOptions().closeTopic()).isNull();
        assertThat(job.options().checkpointInterval()).isEqualTo(Duration.ofHours(6));
        assertThat(job.options().outOfOrderness()).isEqualTo(Duration.ofMinutes(10));
        assertThat(job.options().validation().verifySignatures()).isFalse();
        assertThat(job.jdbcOptions().url()).isEqualTo("jdbc:postgresql://localhost:5432/lngossip");
        assertThat(job.flinkConfiguration().toMap()).containsEntry("state.backend.type", "rocksdb")
                .containsEntry("execution.checkpointing.incremental", "true")
                .containsEntry("execution.checkpointing.interval", "10000 ms")
                .containsEntry("state.backend.rocksdb.use-bloom-filter", "true");
    }

    @Test
    void shouldParseEverySetting() {
        GraphStateJob job = parse("--bootstrap-servers", "k:9093", "--topic", "a,b", "--close-topic", "c",
                "--checkpoint-interval", "30m", "--out-of-orderness", "PT5M", "--verify-signatures",
                "--state-backend", "hashmap", "--checkpoint-dir", "file:///tmp/cp");
        assertThat(job.kafkaOptions().topics()).containsExactly("a", "b");
        assertThat(job.kafkaOptions().closeTopic()).isEqualTo("c");
        assertThat(job.options().checkpointInterval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(job.options().outOfOrderness()).isEqualTo(Duration.ofMinutes(5));
        assertThat(job.options().validation().verifySignatures()).isTrue();
        assertThat(job.flinkConfiguration().toMap()).containsEntry("state.backend.type", "hashmap")
                .containsEntry("execution.checkpointing.dir", "file:///tmp/cp")
                .doesNotContainKey("state.backend.rocksdb.use-bloom-filter");
    }

    @Test
    void shouldExplainBadSettings() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new GraphStateJob()).setErr(new PrintWriter(err));
        assertThat(cli.execute("--checkpoint-interval", "an hour")).isEqualTo(2);
        assertThat(err.toString()).contains("is not a duration");
        for (String bad : List.of("0x", "h", "-1h")) {
            assertThat(new CommandLine(new GraphStateJob()).setErr(new PrintWriter(new StringWriter()))
                    .execute("--out-of-orderness", bad)).isEqualTo(2);
        }
    }
}
