package io.lngossip.cli;

import io.lngossip.codec.GossipObservation;
import io.lngossip.embedded.EmbeddedKafka;
import io.lngossip.flink.jdbc.JdbcOptions;
import io.lngossip.flink.kafka.GossipKafkaSources;
import io.lngossip.flink.kafka.GossipPublisher;
import io.lngossip.flink.kafka.KafkaGossipOptions;
import io.lngossip.jobs.graphstate.GraphStateOptions;
import io.lngossip.jobs.graphstate.GraphStatePipeline;
import io.lngossip.jobs.graphstate.GraphStateSinks;
import io.lngossip.query.dao.CheckpointRebuilder;
import io.lngossip.schema.HistorySchema;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lngossip import FILE...}: GSP and gossip_store files into the database through the job's own pipeline in
 * backfill mode, then a checkpoint rebuild. The files are spooled through a private, temporary Kafka node, so memory
 * stays flat on archives of any size and the pipeline is exactly the live one. Idempotent: importing the same files
 * again, or again after an interruption, leaves the database as one clean import would.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Imports GSP and gossip_store files into the database with the job's pipeline.")
final class ImportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "GSP (.gsp, .gz, .bz2) or gossip_store files")
    List<Path> files;

    @Option(names = "--collector", defaultValue = "archive", description = "(default: ${DEFAULT-VALUE})")
    String collector;

    @Option(names = "--jdbc-url", defaultValue = "jdbc:postgresql://localhost:5432/lngossip",
            description = "(default: ${DEFAULT-VALUE})")
    String jdbcUrl;

    @Option(names = "--jdbc-user", defaultValue = "${env:LNGOSSIP_JDBC_USER}", description = "(default: $LNGOSSIP_JDBC_USER)")
    String user;

    @Option(names = "--jdbc-password", defaultValue = "${env:LNGOSSIP_JDBC_PASSWORD}",
            description = "(default: $LNGOSSIP_JDBC_PASSWORD)")
    String password;

    @Option(names = "--force", description = "import even though a live job is writing to this database")
    boolean force;

    @Spec
    CommandSpec spec;

    /** A live job that updated its progress this recently is considered running. */
    static final long LIVE_WINDOW_MS = 10 * 60 * 1000L;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                err.println("lngossip import: " + f + ": no such file");
                return 1;
            }
        }
        PGSimpleDataSource db = new PGSimpleDataSource();
        db.setURL(jdbcUrl);
        if (user != null) {
            db.setUser(user);
        }
        if (password != null) {
            db.setPassword(password);
        }
        HistorySchema.migrate(db);
        long lastProgress = count(db, "SELECT COALESCE(max(updated_at_ms), 0) FROM ingest_progress");
        if (!force && System.currentTimeMillis() - lastProgress < LIVE_WINDOW_MS) {
            // the live job's state would not learn of what is imported behind its back, and its later checkpoints
            // would miss it: give the files to the live job instead
            err.printf("lngossip import: a live job is writing to this database (progress %d s ago); publish the"
                    + " files to its topic instead (lngossip publish), or stop it, or use --force%n",
                    (System.currentTimeMillis() - lastProgress) / 1000);
            return 1;
        }
        long messagesBefore = count(db, "SELECT count(*) FROM messages");
        Map<String, Long> quarantineBefore = reasons(db);
        long started = System.nanoTime();

        Path spool = Files.createTempDirectory("lngossip-import-");
        long read = 0;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(spool)) {
            String topic = KafkaGossipOptions.DEFAULT_TOPIC;
            kafka.createTopics(Map.of(topic, 1));
            try (GossipPublisher publisher = new GossipPublisher(kafka.bootstrapServers(), topic)) {
                for (Path f : files) {
                    long[] n = {0};
                    GossipPublisher.Published p = publisher.publish(f, collector, bytes -> {
                        if (++n[0] % 100_000 == 0) {
                            err.printf("\r%s: %,d messages read", f.getFileName(), n[0]);
                            err.flush();
                        }
                    });
                    read += p.messages();
                    out.printf("%s: %,d messages read (%s)%n", f, p.messages(), p.end());
                    out.flush();
                }
            }
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            KafkaSource<GossipObservation> source = KafkaSource.<GossipObservation>builder()
                    .setBootstrapServers(kafka.bootstrapServers()).setTopics(topic).setGroupId("lngossip-import")
                    .setStartingOffsets(OffsetsInitializer.earliest()).setBounded(OffsetsInitializer.latest())
                    .setDeserializer(new io.lngossip.flink.kafka.GossipObservationSchema()).build();
            GraphStatePipeline.build(env.fromSource(source, WatermarkStrategy.noWatermarks(), "import"), null,
                    GraphStateSinks.jdbc(JdbcOptions.defaults().withUrl(jdbcUrl).withCredentials(user, password)),
                    GraphStateOptions.defaults().withBackfill(true).withWatermarkEveryMessage(true),
                    System::currentTimeMillis);
            env.execute("lngossip-import");
        } finally {
            deleteTree(spool);
        }
        CheckpointRebuilder rebuilder = new CheckpointRebuilder(db);
        int rebuilt = rebuilder.rebuild() + rebuilder.fillMissing(GraphStateOptions.defaults().checkpointInterval()
                .toSeconds());
        long added = count(db, "SELECT count(*) FROM messages") - messagesBefore;
        StringBuilder quarantined = new StringBuilder();
        reasons(db).forEach((reason, n) -> {
            long more = n - quarantineBefore.getOrDefault(reason, 0L);
            if (more > 0) {
                quarantined.append(quarantined.length() == 0 ? "" : ", ").append(String.format("%,d %s", more, reason));
            }
        });
        out.printf("imported %,d messages in %d s: %,d new, %,d already stored, quarantined: %s; %d checkpoints"
                        + " written%n", read, (System.nanoTime() - started) / 1_000_000_000L, added,
                Math.max(0, read - added), quarantined.length() == 0 ? "none" : quarantined, rebuilt);
        return 0;
    }

    private static long count(DataSource db, String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<String, Long> reasons(DataSource db) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT reason, count(*) FROM quarantine GROUP BY reason")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.toList());
            all.sort(Comparator.reverseOrder());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (Exception e) {
            System.err.println("lngossip import: could not remove " + dir + ": " + e);
        }
    }
}
