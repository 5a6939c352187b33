package io.lngossip.bench.generator;

import io.lngossip.codec.ShortChannelId;
import java.util.Objects;

/** One thing the generator publishes, in publication order: a message seen by a collector, or a channel close. */
public sealed interface GeneratedEvent permits GeneratedEvent.Sighting, GeneratedEvent.Close {

    /** When it is published (unix ms): the receipt time of a sighting, the moment a close is seen on chain. */
    long publishedAtMs();

    /**
     * A collector received a message.
     *
     * @param message the BOLT #7 message: 2-byte type, then the payload
     * @param collector {@link GeneratorOptions#COLLECTOR_A} or {@link GeneratorOptions#COLLECTOR_B}
     * @param receivedAtMs the receipt time, unix ms (the generator always knows it; null is kept for the writers'
     *     sake, meaning "unknown" as SEMANTICS §2 says)
     */
    record Sighting(byte[] message, String collector, Long receivedAtMs) implements GeneratedEvent {
        public Sighting {
            Objects.requireNonNull(message, "message cannot be null");
            Objects.requireNonNull(collector, "collector cannot be null");
        }

        @Override
        public long publishedAtMs() {
            return receivedAtMs == null ? 0 : receivedAtMs;
        }
    }

    /**
     * A channel's funding output was spent (SEMANTICS §2).
     *
     * @param closedAt the block time of the spending transaction, unix seconds
     * @param publishedAtMs when a chain watcher reports it, a few minutes after the block
     */
    record Close(ShortChannelId scid, long closedAt, long publishedAtMs) implements GeneratedEvent {
        public Close {
            Objects.requireNonNull(scid, "scid cannot be null");
        }
    }
}
