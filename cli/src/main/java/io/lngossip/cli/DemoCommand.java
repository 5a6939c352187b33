package io.lngossip.cli;

import io.lngossip.codec.GossipId;
import io.lngossip.codec.GossipValidator;
import io.lngossip.codec.ValidationOptions;
import io.lngossip.codec.sample.SyntheticGossip;
import io.lngossip.codec.Verdict;
import io.lngossip.flink.kafka.GossipPublisher;
import io.lngossip.flink.kafka.KafkaGossipOptions;
import io.lngossip.schema.ImpliedDeltas;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lngossip demo}: the system on embedded defaults in one process, the sample data loaded through Kafka like live
 * gossip, then kept running until Ctrl-C.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Starts Kafka, PostgreSQL and the Flink job in this process, loads the sample data and the given",
            "files through Kafka like live gossip, waits until they are stored, and keeps running (Ctrl-C stops)."})
final class DemoCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "GSP or gossip_store files to load after the sample")
    List<Path> files = new ArrayList<>();

    @Option(names = "--data-dir", defaultValue = "${user.home}/.lngossip/demo",
            description = "where Kafka, PostgreSQL and Flink keep their data (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--sample-dir", defaultValue = "${env:LNGOSSIP_SAMPLE_DIR}",
            description = "the sample data folder (default: ../shared/data beside the checkout)")
    Path sampleDir;

    @Option(names = "--port", defaultValue = "8080", description = "the query service's port on localhost, 0 for any"
            + " free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--no-sample", description = "do not load the sample data")
    boolean noSample;

    @Option(names = "--timeout", defaultValue = "300", description = "seconds to wait for the data to be stored")
    int timeoutSeconds;

    /** Exit after loading instead of running until Ctrl-C (for scripts and tests). */
    @Option(names = "--exit-when-loaded", hidden = true)
    boolean exitWhenLoaded;

    @Spec
    CommandSpec spec;

    static final List<String> SAMPLE = List.of("gossip_20250819_10.gsp", "gossip_20250819_17.gsp",
            "lnresearch_gossip-20251117-1726.gsp", "cln_pyln-testdata_mainnet-2021-08_gossip_store.bin");

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> toLoad = new ArrayList<>();
        if (!noSample) {
            Path dir = sampleDir != null ? sampleDir : Path.of("..", "shared", "data");
            for (String name : SAMPLE) {
                if (Files.isRegularFile(dir.resolve(name))) {
                    toLoad.add(dir.resolve(name));
                }
            }
            if (toLoad.isEmpty()) {
                out.println("lngossip demo: no sample data in " + dir.toAbsolutePath()
                        + " (set --sample-dir or LNGOSSIP_SAMPLE_DIR); starting without it");
            }
        }
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                spec.commandLine().getErr().println("lngossip demo: " + f + ": no such file");
                return 1;
            }
            toLoad.add(f);
        }

        out.println("starting Kafka, PostgreSQL and the Flink job in " + dataDir.toAbsolutePath() + " ...");
        out.flush();
        DemoStack stack = DemoStack.start(dataDir, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                stack.close();
            } catch (Exception e) {
                System.err.println("lngossip demo: stopping: " + e);
            } finally {
                stopped.countDown();
            }
        }, "lngossip-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        Set<GossipId> accepted = new HashSet<>();
        GossipValidator validator = new GossipValidator(ValidationOptions.defaults());
        try (GossipPublisher publisher = new GossipPublisher(stack.bootstrapServers(),
                KafkaGossipOptions.DEFAULT_TOPIC)) {
            for (Path f : toLoad) {
                GossipPublisher.Published p = publisher.publish(f, "demo", bytes -> {
                    if (validator.classify(bytes, null, System.currentTimeMillis() / 1000)
                            instanceof Verdict.Accepted a) {
                        accepted.add(a.id());
                    }
                });
                out.printf("published %,d messages of %s (%s)%n", p.messages(), f.getFileName(), p.end());
                out.flush();
            }
            if (!noSample) {
                // a short synthetic history (two days of 2024, two collectors, late and out-of-order messages)
                List<SyntheticGossip.Sighting> generated = SyntheticGossip.generate(1, 200);
                for (SyntheticGossip.Sighting s : generated) {
                    publisher.publish(s.message(), s.collector(), s.receivedAtMs());
                    accepted.add(GossipId.of(s.message()));
                }
                publisher.flush();
                out.printf("published %,d sightings of a generated history (2024-01-01 to 2024-01-03)%n",
                        generated.size());
                out.flush();
            }
        }
        long stored = waitFor(stack, "SELECT count(*) FROM messages", accepted.size(),
                Duration.ofSeconds(timeoutSeconds));
        // answers come from the delta tables, which later steps write: ready means they hold what messages imply
        waitForDeltas(stack, Duration.ofSeconds(60));
        // the first snapshot checkpoints follow once event time has moved past them
        waitFor(stack, "SELECT count(*) FROM checkpoints", toLoad.isEmpty() ? 0 : 1, Duration.ofSeconds(30));
        stack.markLoaded();
        out.println();
        out.printf("ready: %,d messages stored (%s)%n", stored, summary(stack));
        String api = "http://localhost:" + stack.port();
        out.println("  Explorer:   " + api + "/  (the history as charts, in a browser)");
        out.println("  HTTP API:   " + api + "  (health: " + api + "/health)");
        out.println("  Kafka:      " + stack.bootstrapServers() + "  topics " + KafkaGossipOptions.DEFAULT_TOPIC
                + ", " + KafkaGossipOptions.DEFAULT_CLOSE_TOPIC);
        out.println("  PostgreSQL: " + stack.jdbcUrl());
        out.println("try:");
        out.println("  curl '" + api + "/v1/snapshot?at=2025-08-19T18:00:00Z' -o snap.gsp");
        out.println("  curl '" + api + "/v1/snapshot?at=2025-11-17T18:00:00Z&format=json'");
        out.println("  curl '" + api + "/v1/diff?from=2025-08-19T10:00:00Z&to=2025-08-19T18:00:00Z&format=json'");
        out.println("  curl '" + api + "/v1/gossip?from=2025-08-19T17:00:00Z&to=2025-08-19T17:05:00Z&format=ndjson'");
        out.println("  ./lngossip publish --bootstrap-servers " + stack.bootstrapServers()
                + " --collector mine YOUR_FILE.gsp   # more gossip, live");
        out.println("New messages published to " + KafkaGossipOptions.DEFAULT_TOPIC + " are stored within seconds."
                + " Ctrl-C stops everything; the data stays in " + dataDir.toAbsolutePath() + ".");
        out.flush();
        if (exitWhenLoaded) {
            Runtime.getRuntime().removeShutdownHook(hook);
            stack.close();
            return stored >= accepted.size() ? 0 : 3;
        }
        stopped.await();
        return 0;
    }

    /** Polls {@code countSql} until it reaches {@code expected} or the timeout passes; returns the last count. */
    static long waitFor(DemoStack stack, String countSql, long expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long count = 0;
        while (System.nanoTime() < deadline) {
            count = query(stack, countSql);
            if (count >= expected) {
                return count;
            }
            Thread.sleep(500);
        }
        return count;
    }

    private static String summary(DemoStack stack) throws Exception {
        return String.format("%,d channels announced, %,d channel updates, %,d node announcements, %,d checkpoints,"
                        + " %,d quarantined",
                query(stack, "SELECT count(*) FROM channels"),
                query(stack, "SELECT count(*) FROM half_channel_updates"),
                query(stack, "SELECT count(*) FROM node_updates"),
                query(stack, "SELECT count(*) FROM checkpoints"),
                query(stack, "SELECT count(*) FROM quarantine"));
    }

    /**
     * Polls until the delta tables hold what the stored messages imply ({@link ImpliedDeltas}), or the timeout
     * passes; true when they do.
     */
    static boolean waitForDeltas(DemoStack stack, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean complete = ImpliedDeltas.complete(stack.dataSource());
            if (complete || System.nanoTime() >= deadline) {
                return complete;
            }
            Thread.sleep(200);
        }
    }

    static long query(DemoStack stack, String sql) throws Exception {
        try (Connection c = stack.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
