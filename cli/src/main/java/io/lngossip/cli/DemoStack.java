package io.lngossip.cli;

import io.lngossip.codec.GossipObservation;
import io.lngossip.embedded.EmbeddedKafka;
import io.lngossip.embedded.EmbeddedPostgresServer;
import io.lngossip.flink.jdbc.JdbcOptions;
import io.lngossip.flink.kafka.CloseEventRecord;
import io.lngossip.flink.kafka.GossipKafkaSources;
import io.lngossip.flink.kafka.KafkaGossipOptions;
import io.lngossip.jobs.graphstate.GraphStateOptions;
import io.lngossip.jobs.graphstate.GraphStatePipeline;
import io.lngossip.jobs.graphstate.GraphStateSinks;
import io.lngossip.query.QueryServiceMain;
import io.lngossip.query.dao.HistoryDao;
import io.lngossip.query.http.QueryServiceApp;
import io.lngossip.query.service.QueryService;
import io.lngossip.schema.HistorySchema;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system in one process, on embedded defaults: a KRaft Kafka node, PostgreSQL, the graph-state job on a
 * local Flink MiniCluster and the HTTP query service on localhost. Everything lives under one data directory, so a second start keeps the history: the
 * database and Kafka's log stay, and the job resumes from its last retained Flink checkpoint.
 */
final class DemoStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoStack.class);
    static final String DATABASE = "lngossip";

    private final EmbeddedKafka kafka;
    private final EmbeddedPostgresServer postgres;
    private final JobClient job;
    private final Path dataDir;
    private final HikariDataSource queryPool;
    private final Javalin http;
    private final java.util.concurrent.atomic.AtomicBoolean loaded;

    private DemoStack(EmbeddedKafka kafka, EmbeddedPostgresServer postgres, JobClient job, Path dataDir,
            HikariDataSource queryPool, Javalin http, java.util.concurrent.atomic.AtomicBoolean loaded) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.job = job;
        this.dataDir = dataDir;
        this.queryPool = queryPool;
        this.http = http;
        this.loaded = loaded;
    }

    /** From now on /health reports ready: what the demo promised to load is stored. */
    void markLoaded() {
        loaded.set(true);
    }

    static DemoStack start(Path dataDir, int port) throws Exception {
        Files.createDirectories(dataDir);
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir.resolve("postgres"), 0);
        EmbeddedKafka kafka = null;
        try {
            postgres.createDatabase(DATABASE);
            HistorySchema.migrate(postgres.dataSource(DATABASE));
            kafka = EmbeddedKafka.start(dataDir.resolve("kafka"));
            kafka.createTopics(Map.of(KafkaGossipOptions.DEFAULT_TOPIC, 1, KafkaGossipOptions.DEFAULT_CLOSE_TOPIC, 1));
            JobClient job = startJob(kafka.bootstrapServers(), postgres.jdbcUrl(DATABASE), dataDir);
            // the query service reads as lngossip_reader, as in a deployment
            try (var c = postgres.dataSource(DATABASE).getConnection(); var s = c.createStatement()) {
                s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lngossip_query') THEN"
                        + " CREATE ROLE lngossip_query LOGIN IN ROLE lngossip_reader; END IF; END $$");
            }
            HikariDataSource pool = QueryServiceMain.dataSource(postgres.jdbcUrl(DATABASE, "lngossip_query"), null,
                    null, 8 + QueryService.WINDOW_READERS); // as the service's main: 8 for requests, the rest read ahead
            java.util.concurrent.atomic.AtomicBoolean loaded = new java.util.concurrent.atomic.AtomicBoolean();
            Javalin http = QueryServiceApp.create(new QueryService(new HistoryDao(pool)),
                    QueryServiceApp.metricsRegistry(), null, loaded::get,
                    QueryServiceMain.httpOptions(System.getenv(), 8)) // the service's LNGOSSIP_* limits
                    .start("localhost", port);
            return new DemoStack(kafka, postgres, job, dataDir, pool, http, loaded);
        } catch (Exception e) {
            if (kafka != null) {
                kafka.close();
            }
            postgres.close();
            throw e;
        }
    }

    private static JobClient startJob(String bootstrap, String jdbcUrl, Path dataDir) throws Exception {
        Path checkpoints = dataDir.resolve("flink-checkpoints");
        Configuration conf = new Configuration();
        conf.setString("state.backend.type", "hashmap");
        conf.setString("execution.checkpointing.dir", checkpoints.toUri().toString());
        conf.setString("execution.checkpointing.interval", "5 s");
        conf.setString("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        conf.setString("execution.checkpointing.num-retained", "2");
        Optional<Path> restore = latestCheckpoint(checkpoints);
        restore.ifPresent(p -> {
            LOG.info("resuming the job from {}", p);
            conf.setString("execution.state-recovery.path", p.toUri().toString());
        });
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        KafkaGossipOptions kafka = KafkaGossipOptions.defaults().withBootstrapServers(bootstrap)
                .withCloseTopic(KafkaGossipOptions.DEFAULT_CLOSE_TOPIC).withGroupId("lngossip-demo")
                .withStartingOffsets("earliest");
        DataStream<GossipObservation> observations = env.fromSource(GossipKafkaSources.gossip(kafka),
                WatermarkStrategy.noWatermarks(), "gossip").uid("source-gossip");
        DataStream<CloseEventRecord> closes = env.fromSource(GossipKafkaSources.closes(kafka),
                WatermarkStrategy.noWatermarks(), "closes").uid("source-closes");
        GraphStatePipeline.build(observations, closes, GraphStateSinks.jdbc(JdbcOptions.defaults().withUrl(jdbcUrl)
                .withBatch(2000, 500)),
                // an idle input (the close topic, mostly) stops holding event time back after 5 s, not a minute
                GraphStateOptions.defaults().withIdleness(java.time.Duration.ofSeconds(5)), System::currentTimeMillis);
        return env.executeAsync("lngossip-demo");
    }

    /** The newest retained checkpoint under {@code dir} (a {@code chk-N} folder with its metadata), if any. */
    static Optional<Path> latestCheckpoint(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> paths = Files.walk(dir, 3)) {
            return paths.filter(p -> p.getFileName().toString().startsWith("chk-")
                            && Files.exists(p.resolve("_metadata")))
                    .max(Comparator.comparingLong(p -> {
                        try {
                            return Files.getLastModifiedTime(p.resolve("_metadata")).toMillis();
                        } catch (IOException e) {
                            return Long.MIN_VALUE;
                        }
                    }));
        }
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    String jdbcUrl() {
        return postgres.jdbcUrl(DATABASE);
    }

    DataSource dataSource() {
        return postgres.dataSource(DATABASE);
    }

    Path dataDir() {
        return dataDir;
    }

    /** The query service's port. */
    int port() {
        return http.port();
    }

    @Override
    public void close() throws Exception {
        http.stop();
        queryPool.close();
        try {
            // bounded: on Ctrl-C Flink's own shutdown hooks may be closing the MiniCluster at the same time
            job.cancel().get(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("cancelling the job: {}", e.toString());
        }
        try {
            kafka.close();
        } finally {
            postgres.close();
        }
    }
}
