package io.lngossip.cli;

import io.lngossip.flink.kafka.GossipPublisher;
import io.lngossip.flink.kafka.KafkaGossipOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lngossip publish FILE...}: pushes archives into the gossip topic as docs/KAFKA.md describes (receipt time as
 * record timestamp when the file has one, the {@code archive} header when it has none), for the job to ingest like
 * live gossip. Point it at the demo's Kafka (its address is printed) to load your own files into a running demo.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Publishes the messages of GSP and gossip_store files to the gossip topic, or, with",
            "--gossip-store PATH --follow, tails a Core Lightning gossip_store as a live collector."})
final class PublishCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "GSP (.gsp, .gz, .bz2) or gossip_store files")
    List<Path> files = new java.util.ArrayList<>();

    @Option(names = "--gossip-store", paramLabel = "PATH", description = "a live Core Lightning gossip_store to publish"
            + " from, resuming where the last run stopped")
    Path gossipStore;

    @Option(names = "--follow", description = "with --gossip-store: keep publishing what is appended (Ctrl-C stops)")
    boolean follow;

    @Option(names = "--position-file", defaultValue = "${user.home}/.lngossip/collector-position",
            description = "where --gossip-store keeps its position (default: ${DEFAULT-VALUE})")
    Path positionFile;

    @Option(names = "--poll", defaultValue = "1000", description = "milliseconds between polls with --follow"
            + " (default: ${DEFAULT-VALUE})")
    long pollMillis;

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "(default: ${DEFAULT-VALUE})")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = KafkaGossipOptions.DEFAULT_TOPIC, description = "(default: ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--collector", defaultValue = "archive",
            description = "the collector header: who received these messages (default: ${DEFAULT-VALUE})")
    String collector;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (files.isEmpty() && gossipStore == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give FILEs or --gossip-store PATH");
        }
        if (follow && gossipStore == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--follow needs --gossip-store PATH");
        }
        if (gossipStore != null) {
            return collect(out);
        }
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                err.println("lngossip publish: " + f + ": no such file");
                return 1;
            }
        }
        int status = 0;
        try (GossipPublisher publisher = new GossipPublisher(bootstrapServers, topic)) {
            for (Path f : files) {
                try {
                    long[] count = {0};
                    GossipPublisher.Published p = publisher.publish(f, collector, bytes -> {
                        if (++count[0] % 100_000 == 0) {
                            err.printf("\r%s: %,d messages sent", f.getFileName(), count[0]);
                            err.flush();
                        }
                    });
                    out.printf("%s: %,d messages published to %s (%s)%n", f, p.messages(), topic, p.end());
                } catch (IOException e) {
                    err.println("lngossip publish: " + f + ": " + e.getMessage());
                    status = 1;
                }
                out.flush();
            }
        }
        return status;
    }

    /** The live collector: publishes what the store gained since the saved position, and keeps at it with --follow. */
    private int collect(PrintWriter out) throws Exception {
        Files.createDirectories(positionFile.toAbsolutePath().getParent());
        try (GossipPublisher publisher = new GossipPublisher(bootstrapServers, topic)) {
            io.lngossip.flink.kafka.GossipStoreFollower follower = new io.lngossip.flink.kafka.GossipStoreFollower(
                    gossipStore, positionFile, publisher, collector);
            if (!follow) {
                out.printf("%s: %,d messages published to %s%n", gossipStore, follower.pollOnce(), topic);
                return 0;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(follower::close, "collector-stop"));
            out.printf("following %s from offset %d into %s (Ctrl-C stops)%n", gossipStore, follower.position(), topic);
            out.flush();
            follower.follow(java.time.Duration.ofMillis(pollMillis));
            return 0;
        }
    }
}
