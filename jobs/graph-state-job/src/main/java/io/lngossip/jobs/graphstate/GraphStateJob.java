package io.lngossip.jobs.graphstate;

import io.lngossip.codec.ChainHash;
import io.lngossip.codec.GossipObservation;
import io.lngossip.codec.ValidationOptions;
import io.lngossip.flink.jdbc.JdbcOptions;
import io.lngossip.flink.kafka.CloseEventRecord;
import io.lngossip.flink.kafka.GossipKafkaSources;
import io.lngossip.flink.kafka.KafkaGossipOptions;
import io.lngossip.schema.HistorySchema;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The streaming job's entry point: parses the settings once, migrates the schema, wires Kafka and PostgreSQL around
 * {@link GraphStatePipeline} and runs it. Submit it to a Flink cluster (the shaded jar's main class) or run it locally.
 */
@Command(name = "graph-state-job", mixinStandardHelpOptions = true,
        description = "Kafka gossip -> dedup -> per-channel/per-node state -> deltas and checkpoints in PostgreSQL.")
public final class GraphStateJob implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "Kafka (default: ${DEFAULT-VALUE})")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = KafkaGossipOptions.DEFAULT_TOPIC, split = ",",
            description = "gossip topic(s) (default: ${DEFAULT-VALUE})")
    List<String> topics;

    @Option(names = "--close-topic", description = "close-events topic (default: none)")
    String closeTopic;

    @Option(names = "--group-id", defaultValue = "lngossip-graph-state", description = "(default: ${DEFAULT-VALUE})")
    String groupId;

    @Option(names = "--starting-offsets", defaultValue = "committed",
            description = "earliest, latest, committed or timestamp:MILLIS (default: ${DEFAULT-VALUE})")
    String startingOffsets;

    @Option(names = "--jdbc-url", defaultValue = "jdbc:postgresql://localhost:5432/lngossip",
            description = "(default: ${DEFAULT-VALUE})")
    String jdbcUrl;

    @Option(names = "--jdbc-user", defaultValue = "${env:LNGOSSIP_JDBC_USER}", description = "(default: $LNGOSSIP_JDBC_USER)")
    String jdbcUser;

    @Option(names = "--jdbc-password", defaultValue = "${env:LNGOSSIP_JDBC_PASSWORD}",
            description = "(default: $LNGOSSIP_JDBC_PASSWORD)")
    String jdbcPassword;

    @Option(names = "--checkpoint-interval", defaultValue = "6h", converter = Durations.class,
            description = "event time between snapshot checkpoints (default: ${DEFAULT-VALUE})")
    Duration checkpointInterval;

    @Option(names = "--out-of-orderness", defaultValue = "10m", converter = Durations.class,
            description = "watermark delay behind the newest message timestamp (default: ${DEFAULT-VALUE})")
    Duration outOfOrderness;

    @Option(names = "--flink-checkpoint-interval", defaultValue = "10s", converter = Durations.class,
            description = "Flink state checkpoints, and JDBC flushes (default: ${DEFAULT-VALUE})")
    Duration flinkCheckpointInterval;

    @Option(names = "--state-backend", defaultValue = "rocksdb",
            description = "rocksdb (incremental checkpoints) or hashmap (default: ${DEFAULT-VALUE})")
    String stateBackend;

    @Option(names = "--checkpoint-dir", description = "durable storage for Flink checkpoints, e.g. s3://bucket/lngossip"
            + " (default: the cluster's)")
    String checkpointDir;

    @Option(names = "--verify-signatures", description = "quarantine messages whose signature does not verify")
    boolean verifySignatures;

    @Option(names = "--chain", description = "chain_hash to accept (default: Bitcoin mainnet)")
    String chain;

    public static void main(String[] args) {
        System.exit(new CommandLine(new GraphStateJob()).execute(args));
    }

    GraphStateOptions options() {
        ValidationOptions validation = ValidationOptions.defaults().withSignatureChecks(verifySignatures);
        if (chain != null) {
            validation = validation.withChain(ChainHash.fromHex(chain));
        }
        return GraphStateOptions.defaults().withCheckpointInterval(checkpointInterval)
                .withOutOfOrderness(outOfOrderness).withFlinkCheckpointInterval(flinkCheckpointInterval)
                .withValidation(validation);
    }

    KafkaGossipOptions kafkaOptions() {
        return KafkaGossipOptions.defaults().withBootstrapServers(bootstrapServers).withTopics(topics)
                .withCloseTopic(closeTopic).withGroupId(groupId).withStartingOffsets(startingOffsets);
    }

    JdbcOptions jdbcOptions() {
        return JdbcOptions.defaults().withUrl(jdbcUrl).withCredentials(jdbcUser, jdbcPassword);
    }

    /** The Flink settings the job needs: state backend, checkpoints, restarts. */
    Configuration flinkConfiguration() {
        if (!stateBackend.equals("rocksdb") && !stateBackend.equals("hashmap")) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--state-backend must be rocksdb or hashmap, got " + stateBackend);
        }
        return flinkConfiguration(stateBackend, flinkCheckpointInterval, checkpointDir);
    }

    /**
     * The job's Flink settings (state backend, incremental exactly-once checkpoints, exponential restarts), for
     * anything that runs the live pipeline as the job does (the live ingest benchmark).
     *
     * @param checkpointDir durable storage for Flink checkpoints, or null for the cluster's
     */
    public static Configuration flinkConfiguration(String stateBackend, Duration flinkCheckpointInterval,
            String checkpointDir) {
        Objects.requireNonNull(stateBackend, "stateBackend cannot be null");
        Objects.requireNonNull(flinkCheckpointInterval, "flinkCheckpointInterval cannot be null");
        Configuration conf = new Configuration();
        conf.setString("state.backend.type", stateBackend);
        if (stateBackend.equals("rocksdb")) {
            // a Bloom filter per SST file: the dedup step's lookups of new gossip ids and the slots step's of new
            // slots miss, and a miss without one reads an index and data block in every level
            conf.setString("state.backend.rocksdb.use-bloom-filter", "true");
        }
        conf.setString("execution.checkpointing.incremental", "true");
        conf.setString("execution.checkpointing.interval", flinkCheckpointInterval.toMillis() + " ms");
        conf.setString("execution.checkpointing.mode", "EXACTLY_ONCE");
        conf.setString("restart-strategy.type", "exponential-delay");
        conf.setString("restart-strategy.exponential-delay.initial-backoff", "1 s");
        conf.setString("restart-strategy.exponential-delay.max-backoff", "1 min");
        if (checkpointDir != null) {
            conf.setString("execution.checkpointing.dir", checkpointDir);
        }
        return conf;
    }

    @Override
    public Integer call() throws Exception {
        GraphStateOptions options = options();
        KafkaGossipOptions kafka = kafkaOptions();
        JdbcOptions jdbc = jdbcOptions();

        HistorySchema.migrate(jdbc.dataSource());

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration());
        DataStream<GossipObservation> observations = env.fromSource(GossipKafkaSources.gossip(kafka),
                WatermarkStrategy.noWatermarks(), "gossip").uid("source-gossip");
        DataStream<CloseEventRecord> closes = kafka.closeTopic() == null ? null
                : env.fromSource(GossipKafkaSources.closes(kafka), WatermarkStrategy.noWatermarks(), "closes")
                        .uid("source-closes");
        GraphStatePipeline.build(observations, closes, GraphStateSinks.jdbc(jdbc), options,
                System::currentTimeMillis);
        env.execute(options.jobName());
        return 0;
    }
}
