package io.lngossip.cli;

import io.lngossip.codec.GossipObservation;
import io.lngossip.flink.jdbc.JdbcOptions;
import io.lngossip.flink.kafka.GossipKafkaSources;
import io.lngossip.flink.kafka.KafkaGossipOptions;
import io.lngossip.jobs.graphstate.GraphStateOptions;
import io.lngossip.jobs.graphstate.GraphStatePipeline;
import io.lngossip.jobs.graphstate.GraphStateSinks;
import io.lngossip.query.dao.CheckpointRebuilder;
import io.lngossip.schema.HistorySchema;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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

    @Option(names = "--jdbc-url", defaultValue = "jdbc:postgresql://localhost:5432/lngossip",
            description = "(default: ${DEFAULT-VALUE})")
    String jdbcUrl;

    @Option(names = "--jdbc-user", defaultValue = "${env:LNGOSSIP_JDBC_USER}", description = "(default: $LNGOSSIP_JDBC_USER)")
    String user;

    @Option(names = "--jdbc-password", defaultValue = "${env:LNGOSSIP_JDBC_PASSWORD}",
            description = "(default: $LNGOSSIP_JDBC_PASSWORD)")
    String password;

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

    @Override
    public Integer call() throws Exception {
        long fromMs = seconds(spec, "--from", from) * 1000;
        long toMs = seconds(spec, "--to", to) * 1000;
        if (toMs < fromMs) {
            throw new ParameterException(spec.commandLine(), "--to is before --from");
        }
        PrintWriter out = spec.commandLine().getOut();
        PGSimpleDataSource db = new PGSimpleDataSource();
        db.setURL(jdbcUrl);
        if (user != null) {
            db.setUser(user);
        }
        if (password != null) {
            db.setPassword(password);
        }
        HistorySchema.migrate(db);
        long before = count(db, "SELECT count(*) FROM messages");
        long quarantinedBefore = count(db, "SELECT count(*) FROM quarantine");

        KafkaGossipOptions kafka = KafkaGossipOptions.defaults().withBootstrapServers(bootstrapServers)
                .withTopics(topics).withGroupId("lngossip-replay");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        GraphStatePipeline.build(env.fromSource(GossipKafkaSources.gossipRange(kafka, fromMs, toMs),
                        WatermarkStrategy.<GossipObservation>noWatermarks(), "replay"), null,
                GraphStateSinks.jdbc(JdbcOptions.defaults().withUrl(jdbcUrl).withCredentials(user, password)),
                GraphStateOptions.defaults().withBackfill(true), System::currentTimeMillis);
        long started = System.nanoTime();
        env.execute("lngossip-replay");
        int rebuilt = new CheckpointRebuilder(db).rebuild();
        out.printf("replayed %s to %s in %d s: %,d new messages, %,d newly quarantined, %d checkpoints rebuilt%n",
                from, to, (System.nanoTime() - started) / 1_000_000_000L,
                count(db, "SELECT count(*) FROM messages") - before,
                count(db, "SELECT count(*) FROM quarantine") - quarantinedBefore, rebuilt);
        return 0;
    }

    private static long count(javax.sql.DataSource db, String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
