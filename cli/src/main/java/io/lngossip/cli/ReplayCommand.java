package io.lngossip.cli;

import io.lngossip.flink.kafka.KafkaGossipOptions;
import io.lngossip.jobs.backfill.BackfillProgress;
import io.lngossip.jobs.backfill.KafkaReplay;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lngossip replay --from T --to T}: re-processes the records of a Kafka range (offsets found by record
 * timestamp) into the database with the job's pipeline in backfill mode, then rebuilds the checkpoints it made stale.
 * For historical backfills published to Kafka and for repairs; safe beside the live job and idempotent.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Re-processes a time range of the gossip topic into the database, then rebuilds checkpoints.")
final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "(default: ${DEFAULT-VALUE})")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = KafkaGossipOptions.DEFAULT_TOPIC, split = ",",
            description = "(default: ${DEFAULT-VALUE})")
    List<String> topics;

    @Option(names = "--from", required = true, description = "record time to start at: unix seconds or ISO-8601")
    String from;

    @Option(names = "--to", required = true, description = "record time to stop before: unix seconds or ISO-8601")
    String to;

    @Mixin
    DatabaseOptions database;

    @Spec
    CommandSpec spec;

    static long seconds(CommandSpec spec, String name, String value) {
        try {
            return value.chars().allMatch(Character::isDigit) ? Long.parseLong(value)
                    : OffsetDateTime.parse(value).toEpochSecond();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), name + " must be unix seconds or ISO-8601 with a zone: "
                    + value);
        }
    }

    @Option(names = "--no-progress", description = "no progress bar or progress lines on stderr")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        long fromMs = seconds(spec, "--from", from) * 1000;
        long toMs = seconds(spec, "--to", to) * 1000;
        if (toMs < fromMs) {
            throw new ParameterException(spec.commandLine(), "--to is before --from");
        }
        KafkaGossipOptions kafka = KafkaGossipOptions.defaults().withBootstrapServers(bootstrapServers)
                .withTopics(topics).withGroupId("lngossip-replay");
        KafkaReplay.Summary s = new KafkaReplay(database.jdbcOptions()).run(kafka, fromMs, toMs,
                noProgress ? BackfillProgress.NONE : ConsoleProgress.stderr());
        long quarantined = s.quarantined().values().stream().mapToLong(Long::longValue).sum();
        spec.commandLine().getOut().printf("replayed %s to %s in %d s: %,d records read, %,d new messages, %,d newly"
                        + " quarantined%s, %d checkpoints rebuilt%n", from, to, s.took().toSeconds(), s.read(),
                s.added(), quarantined, quarantined == 0 ? "" : " (" + ImportCommand.reasons(s.quarantined()) + ")",
                s.checkpointsRebuilt());
        return 0;
    }
}
