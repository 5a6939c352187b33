package io.lngossip.bench.generator;

import io.lngossip.codec.NodeId;
import io.lngossip.codec.ShortChannelId;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A deterministic, seeded generator of mainnet-shaped BOLT #7 gossip: {@link #create} draws the network (nodes,
 * channels, their rates), {@link #iterator()} streams its history in publication order (see {@link GeneratorRun} for
 * how it unfolds). The same options give the same bytes, on every run and every iteration; memory stays flat
 * however many days are generated.
 *
 * <pre>{@code
 * GossipGenerator g = GossipGenerator.create(GeneratorOptions.small().withDays(3));
 * for (GeneratedEvent e : g) { ... }
 * }</pre>
 */
public final class GossipGenerator implements Iterable<GeneratedEvent> {
    private final NetworkModel network;

    private GossipGenerator(NetworkModel network) {
        this.network = network;
    }

    /**
     * Draws the network of {@code options} (with signing, this derives every node's key: a second per 15,000 nodes).
     *
     * @throws IllegalArgumentException if the options leave no channel alive and announced
     * @throws IllegalStateException if signing is asked for and libsecp256k1 cannot be loaded
     */
    public static GossipGenerator create(GeneratorOptions options) {
        Objects.requireNonNull(options, "options cannot be null");
        return new GossipGenerator(new NetworkModel(options));
    }

    public GeneratorOptions options() {
        return network.options;
    }

    /** A fresh pass over the whole history, from its first message. */
    @Override
    public GeneratorRun iterator() {
        return new GeneratorRun(network);
    }

    /** Streams the whole history to {@code sink} and returns what it held. */
    public GenerationStats generate(Consumer<? super GeneratedEvent> sink) {
        Objects.requireNonNull(sink, "sink cannot be null");
        GeneratorRun run = iterator();
        while (run.hasNext()) {
            sink.accept(run.next());
        }
        return run.stats();
    }

    /** Sees the run now and then while {@link #writeTo} works: every 10,000 events, and once at the end. */
    @FunctionalInterface
    public interface Progress {
        void at(GeneratorRun run);
    }

    /**
     * Streams the whole history into {@code sink}, then closes it (so everything is written or acknowledged).
     *
     * @return what the history held
     */
    public GenerationStats writeTo(GeneratorSink sink, Progress progress) throws IOException {
        Objects.requireNonNull(sink, "sink cannot be null");
        Objects.requireNonNull(progress, "progress cannot be null");
        GeneratorRun run = iterator();
        try (GeneratorSink s = sink) {
            long n = 0;
            while (run.hasNext()) {
                s.accept(run.next());
                if (++n % 10_000 == 0) {
                    progress.at(run);
                }
            }
        }
        progress.at(run);
        return run.stats();
    }

    /**
     * The channel for by-scid benchmarks: announced, never stale or closed, updated about {@code updatesPerDay / 300}
     * times a day (1,000 at mainnet scale, so 30,000 over 30 days). A few channels update even more often.
     */
    public ShortChannelId hotChannel() {
        return new ShortChannelId(network.scid[network.hotChannel]);
    }

    /** The node with the most expected messages (its channels' updates and its own announcements), for by-node benchmarks. */
    public NodeId busiestNode() {
        return NodeId.of(network.nodeIds[network.busiestNode]);
    }

    /** How many nodes the network has. */
    public int nodeCount() {
        return network.nodeCount;
    }

    /** How many channels the history names: those existing at the start (orphans included) and those opened later. */
    public int channelCount() {
        return network.channelCount;
    }
}
