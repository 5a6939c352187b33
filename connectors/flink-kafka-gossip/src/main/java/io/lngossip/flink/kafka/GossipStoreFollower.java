package io.lngossip.flink.kafka;

import io.lngossip.codec.io.FileItem;
import io.lngossip.codec.io.GossipStoreReader;
import io.lngossip.codec.io.ReadEnd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live collector: tails a Core Lightning gossip_store and publishes each new message to Kafka, as ln-history's
 * node plugin and lnresearch's historian do. Its position (the offset of the next record) is persisted after Kafka
 * acknowledged everything before it, so a restart resumes there: at least once, and the job deduplicates. A torn last
 * record is read again on the next poll; an end-of-store record (Core Lightning rewrote the file) or a file shorter
 * than the position (replaced) starts over at the new file's first record.
 */
public final class GossipStoreFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GossipStoreFollower.class);

    private final Path store;
    private final Path positionFile;
    private final GossipPublisher publisher;
    private final String collector;
    private volatile boolean closed;

    public GossipStoreFollower(Path store, Path positionFile, GossipPublisher publisher, String collector) {
        this.store = Objects.requireNonNull(store, "store cannot be null");
        this.positionFile = Objects.requireNonNull(positionFile, "positionFile cannot be null");
        this.publisher = Objects.requireNonNull(publisher, "publisher cannot be null");
        this.collector = Objects.requireNonNull(collector, "collector cannot be null");
    }

    /** The offset of the next record to read (1: the first record). */
    public long position() throws IOException {
        if (!Files.exists(positionFile)) {
            return 1;
        }
        String text = Files.readString(positionFile, StandardCharsets.US_ASCII).trim();
        try {
            return Math.max(1, Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new IOException(positionFile + " does not hold a store offset: " + text);
        }
    }

    private void savePosition(long offset) throws IOException {
        Path tmp = positionFile.resolveSibling(positionFile.getFileName() + ".tmp");
        Files.writeString(tmp, Long.toString(offset), StandardCharsets.US_ASCII);
        Files.move(tmp, positionFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Publishes what was appended since the last poll.
     *
     * @return the number of messages published
     */
    public long pollOnce() throws IOException, InterruptedException {
        long from = position();
        long size;
        try {
            size = Files.size(store);
        } catch (NoSuchFileException e) {
            return 0; // between Core Lightning's rewrite and the new file appearing
        }
        if (size < from) {
            LOG.info("{} is shorter than the saved position {}: a new file, reading it from the start", store, from);
            from = 1;
        }
        long published = 0;
        try (GossipStoreReader reader = GossipStoreReader.open(store, from)) {
            for (FileItem item = reader.next(); item != null; item = reader.next()) {
                if (item instanceof FileItem.Message m) {
                    publisher.publish(m.bytes(), collector, m.receiptTime() == null ? System.currentTimeMillis()
                            : m.receiptTime());
                    published++;
                }
            }
            publisher.flush();
            ReadEnd end = reader.end();
            switch (end.kind()) {
                case END_OF_STORE -> {
                    LOG.info("{} was rewritten (end-of-store record): following the new file", store);
                    savePosition(1);
                }
                case IO_ERROR -> throw new IOException("reading " + store + ": " + end.detail());
                default -> savePosition(end.position()); // clean end, or the start of a torn record
            }
        }
        return published;
    }

    /** Polls until {@link #close()}. */
    public void follow(Duration every) throws IOException, InterruptedException {
        while (!closed) {
            long n = pollOnce();
            if (n > 0) {
                LOG.info("published {} new messages from {}", n, store);
            }
            Thread.sleep(every.toMillis());
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
