package io.lngossip.jobs.backfill;

import io.lngossip.codec.GossipObservation;
import io.lngossip.codec.io.FileItem;
import io.lngossip.codec.io.GossipFileReader;
import io.lngossip.codec.io.GossipFiles;
import io.lngossip.codec.io.ReadEnd;
import io.lngossip.embedded.EmbeddedKafka;
import io.lngossip.flink.jdbc.JdbcOptions;
import io.lngossip.flink.kafka.GossipObservationSchema;
import io.lngossip.flink.kafka.GossipPublisher;
import io.lngossip.flink.kafka.KafkaGossipOptions;
import io.lngossip.jobs.graphstate.GraphStateOptions;
import io.lngossip.query.dao.CheckpointRebuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports GSP and gossip_store files into the database with the streaming job's own pipeline in backfill mode, then
 * rebuilds the checkpoints the files made stale, writes those an empty database lacks, and materializes the snapshot
 * bodies they call for. What a file holds besides
 * messages (Core Lightning's channel amounts and close hints, records the reader quarantined) is written directly.
 *
 * <p>The files are first spooled, in order, through a private Kafka node in a temporary directory: memory stays flat
 * on archives of any size, and the pipeline reads exactly what the live job reads. Idempotent: importing the same
 * files again, or again after an interrupted run, leaves every content table as one clean import would, since every
 * write is an upsert on its natural key.
 *
 * <p>Imports write behind a live job's back: its state would not learn of the imported messages, and its later
 * checkpoints would miss them. {@link #checkNoLiveJob} refuses while one reports progress; give the files to the live
 * job instead ({@code lngossip publish}).
 */
public final class GossipImport {
    private static final Logger LOG = LoggerFactory.getLogger(GossipImport.class);

    /** A live job that recorded progress this recently is considered running. */
    public static final Duration LIVE_WINDOW = Duration.ofMinutes(10);

    /** What one file held. */
    public record FileResult(Path file, GossipFileReader.Format format, long messages, ReadEnd end) {}

    /** What an import did. */
    public record Summary(List<FileResult> files, long read, long added, Map<String, Long> quarantined,
            int checkpointsWritten, Duration took) {
        /** Messages read that were stored already (or repeated within the files). */
        public long alreadyStored() {
            return Math.max(0, read - added);
        }
    }

    /** A live job is writing to the database. */
    public static final class LiveJobRunningException extends Exception {
        private final Duration since;

        LiveJobRunningException(Duration since) {
            super("a live job is writing to this database (progress " + since.toSeconds() + " s ago)");
            this.since = since;
        }

        public Duration since() {
            return since;
        }
    }

    private final JdbcOptions jdbc;
    private final BackfillDatabase db;

    /** Connects to the database of {@code jdbc} and migrates its schema. */
    public GossipImport(JdbcOptions jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc cannot be null");
        this.db = BackfillDatabase.open(jdbc);
    }

    /** Throws when a live job recorded progress within {@link #LIVE_WINDOW}. */
    public void checkNoLiveJob() throws SQLException, LiveJobRunningException {
        long age = System.currentTimeMillis() - db.lastLiveProgressMs();
        if (age < LIVE_WINDOW.toMillis()) {
            throw new LiveJobRunningException(Duration.ofMillis(Math.max(0, age)));
        }
    }

    /**
     * Imports {@code files} in order as observations of {@code collector}.
     *
     * @throws java.nio.file.NoSuchFileException when a file is missing (nothing is imported then)
     */
    public Summary run(List<Path> files, String collector, BackfillProgress progress) throws Exception {
        Objects.requireNonNull(files, "files cannot be null");
        Objects.requireNonNull(collector, "collector cannot be null");
        Objects.requireNonNull(progress, "progress cannot be null");
        long totalBytes = 0;
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new java.nio.file.NoSuchFileException(f.toString());
            }
            totalBytes += Files.size(f);
        }
        long started = System.nanoTime();
        long messagesBefore = db.messages();
        Map<String, Long> quarantineBefore = db.quarantineByReason();

        Path spool = Files.createTempDirectory("lngossip-import-");
        List<FileResult> results = new ArrayList<>();
        long read = 0;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(spool)) {
            String topic = KafkaGossipOptions.DEFAULT_TOPIC;
            kafka.createTopics(Map.of(topic, 1));
            progress.start("reading", totalBytes, BackfillProgress.Unit.BYTES);
            try (GossipPublisher publisher = new GossipPublisher(kafka.bootstrapServers(), topic);
                    FileRecordWriter records = new FileRecordWriter(db.dataSource(), collector)) {
                long doneBytes = 0;
                for (Path f : files) {
                    FileResult r = spool(publisher, records, f, collector, progress, doneBytes, read);
                    results.add(r);
                    read += r.messages();
                    doneBytes += Files.size(f);
                    LOG.info("{}: {} messages read ({})", f, r.messages(), r.end());
                }
                publisher.flush();
            } finally {
                progress.finish();
            }
            KafkaSource<GossipObservation> source = KafkaSource.<GossipObservation>builder()
                    .setBootstrapServers(kafka.bootstrapServers()).setTopics(topic).setGroupId("lngossip-import")
                    .setStartingOffsets(OffsetsInitializer.earliest()).setBounded(OffsetsInitializer.latest())
                    .setDeserializer(new GossipObservationSchema()).build();
            BoundedRun.run("import", source, jdbc, GraphStateOptions.defaults().withWatermarkEveryMessage(true), read,
                    progress);
        } finally {
            deleteTree(spool);
        }
        CheckpointRebuilder rebuilder = new CheckpointRebuilder(db.dataSource());
        int rebuilt = rebuilder.rebuild();
        long messages = read;
        try {
            // fillMissing tells (0, total) once before the first checkpoint
            rebuilt += rebuilder.fillMissing(GraphStateOptions.defaults().checkpointInterval().toSeconds(),
                    (done, total) -> {
                        if (done == 0) {
                            progress.start("checkpoints", total, BackfillProgress.Unit.CHECKPOINTS);
                        }
                        progress.update(done, messages);
                    });
            rebuilder.materialize(CheckpointRebuilder.DEFAULT_BODY_INTERVAL_SECONDS);
        } finally {
            progress.finish();
        }
        return new Summary(List.copyOf(results), read, db.messages() - messagesBefore,
                BackfillDatabase.added(quarantineBefore, db.quarantineByReason()), rebuilt,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private static FileResult spool(GossipPublisher publisher, FileRecordWriter records, Path file, String collector,
            BackfillProgress progress, long bytesBefore, long messagesBefore) throws IOException, SQLException {
        try (GossipFileReader reader = GossipFiles.open(file)) {
            long n = 0;
            for (FileItem item = reader.next(); item != null; item = reader.next()) {
                if (item instanceof FileItem.Message m) {
                    publisher.publish(m.bytes(), collector, m.receiptTime(), file.getFileName().toString());
                    if (++n % 1024 == 0) {
                        progress.update(bytesBefore + reader.sourcePosition(), messagesBefore + n);
                    }
                } else {
                    records.accept(file, item);
                }
            }
            progress.update(bytesBefore + Files.size(file), messagesBefore + n);
            return new FileResult(file, reader.format(), n, reader.end());
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.toList());
            all.sort(Comparator.reverseOrder());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("could not remove the import's spool {}: {}", dir, e.toString());
        }
    }
}
