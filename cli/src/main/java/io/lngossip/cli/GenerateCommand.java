package io.lngossip.cli;

import io.lngossip.bench.generator.GenerationStats;
import io.lngossip.bench.generator.GeneratorOptions;
import io.lngossip.bench.generator.GeneratorRun;
import io.lngossip.bench.generator.GeneratorSink;
import io.lngossip.bench.generator.GossipGenerator;
import io.lngossip.bench.generator.GspSink;
import io.lngossip.bench.generator.kafka.KafkaSink;
import io.lngossip.flink.kafka.KafkaGossipOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lngossip generate}: a deterministic, mainnet-shaped gossip history (bench/generator) into a GSP file or
 * straight into the gossip topic, with a progress line and a summary of what it held.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generates a deterministic, mainnet-shaped gossip history (two collectors, orphans, stale and",
            "closed channels, late arrivals) into a GSP file or the Kafka gossip topic."})
final class GenerateCommand implements Callable<Integer> {

    enum Scale { small, mainnet }

    @Option(names = "--scale", defaultValue = "small",
            description = "small (600 channels, for tests) or mainnet (15,000 nodes, 50,000 channels,"
                    + " ~430,000 messages a day) (default: ${DEFAULT-VALUE})")
    Scale scale;

    @Option(names = "--days", description = "days of gossip (default: 2 at small scale, 1 at mainnet scale)")
    Integer days;

    @Option(names = "--seed", defaultValue = "1", description = "the same seed gives the same bytes"
            + " (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--start", paramLabel = "ISO-8601", description = "the history's first instant (default:"
            + " 2025-01-01T00:00:00Z)")
    String start;

    @Option(names = "--sign", description = "sign every message with real secp256k1 keys derived from the seed"
            + " (slower)")
    boolean sign;

    @Option(names = "--nodes", description = "override the scale's node count")
    Integer nodes;

    @Option(names = "--channels", description = "override the scale's channel count")
    Integer channels;

    @Option(names = "--updates-per-day", description = "override the scale's channel_updates a day")
    Integer updatesPerDay;

    @Option(names = "--node-announcements-per-day", description = "override the scale's node_announcements a day")
    Integer nodeAnnouncementsPerDay;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--out", paramLabel = "FILE", required = true,
                description = "a GSP file (.gsp, .gsp.gz, .gsp.bz2); closes go to FILE.closes.ndjson")
        Path out;

        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", required = true,
                description = "publish to Kafka instead")
        String bootstrapServers;
    }

    @Option(names = "--collector", defaultValue = "all", description = "with --out: whose sightings to write, gen-a"
            + " (each message once), gen-b or all (duplicates included) (default: ${DEFAULT-VALUE})")
    String collector;

    @Option(names = "--topic", defaultValue = KafkaGossipOptions.DEFAULT_TOPIC,
            description = "with --bootstrap-servers (default: ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--close-topic", defaultValue = KafkaGossipOptions.DEFAULT_CLOSE_TOPIC,
            description = "with --bootstrap-servers; 'none' leaves closes out (default: ${DEFAULT-VALUE})")
    String closeTopic;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GeneratorOptions options = options();
        String only = switch (collector) {
            case "all" -> null;
            case GeneratorOptions.COLLECTOR_A, GeneratorOptions.COLLECTOR_B -> collector;
            default -> throw new ParameterException(spec.commandLine(),
                    "--collector must be gen-a, gen-b or all: " + collector);
        };
        if (target.out != null) {
            Path parent = target.out.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                err.println("lngossip generate: " + parent + ": no such directory");
                return 1;
            }
        }

        long began = System.nanoTime();
        GossipGenerator generator;
        try {
            generator = GossipGenerator.create(options);
        } catch (IllegalArgumentException e) { // options that are fine one by one but leave no network
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        GeneratorSink sink;
        try {
            sink = target.out != null ? new GspSink(target.out, only)
                    : new KafkaSink(target.bootstrapServers, topic, "none".equals(closeTopic) ? null : closeTopic);
        } catch (IOException | RuntimeException e) {
            err.println("lngossip generate: cannot open " + (target.out != null ? target.out
                    : "Kafka at " + target.bootstrapServers) + ": " + e.getMessage());
            return 1;
        }
        long totalMs = options.end().toEpochMilli() - options.start().toEpochMilli();
        long[] lastPrint = {0};
        GenerationStats stats;
        try {
            stats = generator.writeTo(sink, run -> progress(err, run, options, totalMs, began, lastPrint));
        } catch (IOException e) {
            err.println();
            err.println("lngossip generate: " + e.getMessage());
            return 1;
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        err.println();
        out.printf("generated %d day%s from %s (%s scale, seed %d%s) in %.1f s: %s%n", options.days(),
                options.days() == 1 ? "" : "s", options.start(), scale, seed, sign ? ", signed" : "", seconds, stats);
        out.printf("hot channel %s, busiest node %s%n", generator.hotChannel(), generator.busiestNode());
        if (target.out != null) {
            GspSink gsp = (GspSink) sink;
            out.printf("wrote %,d messages to %s%s%n", gsp.messagesWritten(), target.out,
                    gsp.closesWritten() > 0 ? String.format(" and %,d closes to %s", gsp.closesWritten(),
                            GspSink.closesFile(target.out)) : "");
        } else {
            KafkaSink kafka = (KafkaSink) sink;
            out.printf("published %,d records to %s%s at %s%n", kafka.sent() - kafka.closesSent(), topic,
                    kafka.closesSent() > 0 ? String.format(" and %,d closes to %s", kafka.closesSent(), closeTopic)
                            : "", target.bootstrapServers);
        }
        out.flush();
        return 0;
    }

    private GeneratorOptions options() {
        GeneratorOptions o = scale == Scale.mainnet ? GeneratorOptions.mainnet() : GeneratorOptions.small();
        try {
            o = o.withSeed(seed).withSign(sign);
            if (days != null) {
                o = o.withDays(days);
            }
            if (start != null) {
                o = o.withStart(Instant.parse(start));
            }
            if (nodes != null) {
                o = o.withNodes(nodes);
            }
            if (channels != null) {
                o = o.withChannels(channels);
            }
            if (updatesPerDay != null) {
                o = o.withUpdatesPerDay(updatesPerDay);
            }
            if (nodeAnnouncementsPerDay != null) {
                o = o.withNodeAnnouncementsPerDay(nodeAnnouncementsPerDay);
            }
            return o;
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--start must be ISO-8601 with a zone, e.g."
                    + " 2025-01-01T00:00:00Z: " + start);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** At most one progress line a second, on stderr: where the generator's clock is, and how fast it goes. */
    private static void progress(PrintWriter err, GeneratorRun run, GeneratorOptions options, long totalMs,
            long began, long[] lastPrint) {
        long now = System.nanoTime();
        if (now - lastPrint[0] < 1_000_000_000L && lastPrint[0] != 0) {
            return;
        }
        lastPrint[0] = now;
        double done = Math.min(1, Math.max(0, (double) (run.clockMs() - options.start().toEpochMilli()) / totalMs));
        double seconds = Math.max(1e-3, (now - began) / 1e9);
        GenerationStats s = run.stats();
        err.printf("\rday %.2f of %d: %,d sightings, %,d messages (%,.0f sightings/s)   ", done * options.days(),
                options.days(), s.sightings(), s.messages(), s.sightings() / seconds);
        err.flush();
    }
}
