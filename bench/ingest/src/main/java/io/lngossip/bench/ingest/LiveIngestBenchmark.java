package io.lngossip.bench.ingest;

import io.lngossip.bench.generator.GeneratedEvent;
import io.lngossip.bench.generator.GeneratorOptions;
import io.lngossip.bench.generator.GeneratorRun;
import io.lngossip.bench.generator.GossipGenerator;
import io.lngossip.bench.generator.kafka.KafkaSink;
import io.lngossip.codec.GossipId;
import io.lngossip.embedded.EmbeddedKafka;
import io.lngossip.embedded.EmbeddedPostgresServer;
import io.lngossip.flink.jdbc.JdbcOptions;
import io.lngossip.flink.kafka.GossipKafkaSources;
import io.lngossip.flink.kafka.KafkaGossipOptions;
import io.lngossip.jobs.graphstate.GraphStateJob;
import io.lngossip.jobs.graphstate.GraphStateOptions;
import io.lngossip.jobs.graphstate.GraphStatePipeline;
import io.lngossip.jobs.graphstate.GraphStateSinks;
import io.lngossip.schema.HistorySchema;
import io.lngossip.schema.ImpliedDeltas;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.postgresql.PGConnection;

/**
 * The live job measured end to end, in one run: a generated mainnet-shaped history (both collectors' sightings,
 * duplicates included) is first published to an embedded Kafka topic; then the streaming job's pipeline starts as
 * {@link GraphStateJob} runs it (live mode, RocksDB, its Flink checkpoints, the machine's parallelism) on a local
 * MiniCluster from the earliest offset, and the clock runs until PostgreSQL holds every message, observation and
 * delta. Then, with the job caught up, live lag: generator messages published at a fixed rate with record time now,
 * each sampled one polled through the query service (HTTP, port 0) until its exact bytes are in the answer. Last, the
 * floor: a plain binary COPY of the same {@code messages} rows into a fresh schema. Also the JVM heap after GC and the
 * RocksDB and Flink checkpoint directories' sizes at the end of the catch-up.
 *
 * <p>Usage: {@code LiveIngestBenchmark [messages] [pipeline] [scale] [live-seconds] [live-rate] [results-dir]}
 * (defaults: 300,000, live, mainnet, 60, 100 msg/s, bench/results). {@code pipeline} {@code backfill} runs the same
 * topology in backfill mode (no checkpoint step, no hourly counts): the rest of the pipeline on its own. Work data
 * under {@code $LNGOSSIP_BENCH_DIR} (default /tmp/ingest), deleted at the end; {@code $BENCH_CATCH_UP_S} (5400) bounds
 * the catch-up: a run that does not finish reports what it stored by then instead; {@code $BENCH_FLINK_CHECKPOINT_MS}
 * replaces the job's Flink checkpoint interval (10 s), {@code $BENCH_MANAGED_MEMORY} the TaskManager's managed memory
 * (RocksDB's block cache and write buffers; {@value #MANAGED_MEMORY}, what a TaskManager of the k8s manifest gets).
 */
public final class LiveIngestBenchmark {

    /** Sightings a mainnet day holds after the first one (which has ~744k with the first sync). */
    private static final long SIGHTINGS_PER_DAY = 500_000;
    /** One sampled message in this many is polled for its lag. */
    private static final int LAG_SAMPLE_EVERY = 10;
    private static final long POLL_MS = 50;
    private static final long SMALL_SIGHTINGS_PER_DAY = 3_000;
    private static final int PARTITIONS = 2;
    /** The TaskManager's managed memory: what Flink gives a 4 GiB TaskManager (k8s/base/graph-state-job.yaml). */
    static final String MANAGED_MEMORY = "1300m";

    private LiveIngestBenchmark() {}

    public static void main(String[] args) throws Exception {
        long messages = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 300_000;
        String pipeline = args.length > 1 ? args[1] : "live";
        String scale = args.length > 2 ? args[2] : "mainnet";
        int liveSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        int liveRate = args.length > 4 ? Integer.parseInt(args[4]) : 100;
        Path results = Path.of(args.length > 5 ? args[5] : "bench/results");
        if (!pipeline.equals("live") && !pipeline.equals("backfill")) {
            throw new IllegalArgumentException("pipeline must be live or backfill: " + pipeline);
        }
        boolean small = scale.equals("small");
        long liveMessages = (long) liveSeconds * liveRate;
        long perDay = small ? SMALL_SIGHTINGS_PER_DAY : SIGHTINGS_PER_DAY;
        int days = (int) Math.min(3650, 1 + (messages + liveMessages) / perDay);
        GeneratorOptions generator = (small ? GeneratorOptions.small() : GeneratorOptions.mainnet()).withDays(days);
        Duration catchUpTimeout = Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("BENCH_CATCH_UP_S",
                "5400")));

        Path base = Path.of(System.getenv().getOrDefault("LNGOSSIP_BENCH_DIR", "/tmp/ingest"));
        Files.createDirectories(base);
        Path work = Files.createTempDirectory(base, "live-");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("benchmark", "ingest-live");
        r.put("date", Instant.now().toString());
        Map<String, Object> machine = IngestBenchmark.machine();
        machine.put("flink", "2.2.1 MiniCluster (RocksDB, Flink checkpoints every 10 s)");
        r.put("machine", machine);
        r.put("generator", scale + " scale, seed 1, " + days + " days from 2025-01-01, both collectors");
        r.put("pipeline", pipeline.equals("live") ? "live (GraphStateOptions.defaults())"
                : "backfill mode (no checkpoint step, no hourly counts)");
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(work.resolve("pg"), 0);
                EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
            pg.createDatabase("lngossip");
            pg.createDatabase("floor");
            DataSource db = pg.dataSource("lngossip");
            HistorySchema.migrate(db);
            String topic = KafkaGossipOptions.DEFAULT_TOPIC;
            try (Admin admin = Admin.create(kafka.clientProperties())) {
                admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1)
                        .configs(Map.of("retention.ms", "-1", "retention.bytes", "-1")))).all().get();
            }

            // 1. the history into Kafka, before the job starts
            GeneratorRun run = GossipGenerator.create(generator).iterator();
            long[] ids = new long[(int) messages];
            long t0 = System.nanoTime();
            try (KafkaSink sink = new KafkaSink(kafka.bootstrapServers(), topic, null)) {
                int n = 0;
                while (n < messages) {
                    if (!run.hasNext()) {
                        throw new IllegalStateException("the generator ran out after " + n + " sightings");
                    }
                    if (run.next() instanceof GeneratedEvent.Sighting s) {
                        sink.accept(s);
                        ids[n++] = prefix(GossipId.of(s.message()));
                    }
                }
            }
            double publishS = IngestBenchmark.seconds(t0);
            long distinct = distinct(ids);
            ids = null;
            System.err.printf("published %,d sightings (%,d distinct messages) in %.1f s%n", messages, distinct,
                    publishS);
            r.put("sightings", messages);
            r.put("messages", distinct);
            r.put("publish_s", IngestBenchmark.round(publishS));

            // 2. the job, from the earliest offset, until everything is stored
            Path rocksdb = work.resolve("rocksdb");
            Path checkpoints = work.resolve("flink-checkpoints");
            // BENCH_FLINK_CHECKPOINT_MS: another Flink checkpoint interval, to see what it does to the lag
            Duration flinkCheckpoints = Duration.ofMillis(Long.parseLong(System.getenv().getOrDefault(
                    "BENCH_FLINK_CHECKPOINT_MS", String.valueOf(GraphStateOptions.defaults().flinkCheckpointInterval()
                            .toMillis()))));
            r.put("flink_checkpoint_interval_ms", flinkCheckpoints.toMillis());
            Configuration conf = GraphStateJob.flinkConfiguration("rocksdb", flinkCheckpoints,
                    checkpoints.toUri().toString());
            conf.setString("state.backend.rocksdb.localdir", rocksdb.toString());
            // RocksDB's block cache and write buffers come out of managed memory; a local MiniCluster gives 128 MB
            // unless told, a TaskManager of the k8s manifest (4 GiB) about 1.3 GB
            String managed = System.getenv().getOrDefault("BENCH_MANAGED_MEMORY", MANAGED_MEMORY);
            conf.setString("taskmanager.memory.managed.size", managed);
            r.put("managed_memory", managed);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            KafkaGossipOptions source = KafkaGossipOptions.defaults().withBootstrapServers(kafka.bootstrapServers())
                    .withStartingOffsets("earliest");
            GraphStatePipeline.build(env.fromSource(GossipKafkaSources.gossip(source),
                            WatermarkStrategy.noWatermarks(), "gossip").uid("source-gossip"), null,
                    GraphStateSinks.jdbc(jdbc(pg)), GraphStateOptions.defaults().withBackfill(pipeline.equals("backfill")),
                    System::currentTimeMillis);
            r.put("parallelism", env.getParallelism());
            r.put("jdbc", jdbc(pg).toString());
            Path pgData = work.resolve("pg");
            double javaCpu0 = javaCpuSeconds();
            double pgCpu0 = postgresCpuSeconds(pgData);
            long t1 = System.nanoTime();
            double catchUpS;
            JobClient job = env.executeAsync("lngossip-live-bench");
            try {
                catchUpS = awaitStored(db, messages, distinct, t1, catchUpTimeout);
                double javaCpu = javaCpuSeconds() - javaCpu0;
                double pgCpu = postgresCpuSeconds(pgData) - pgCpu0;
                boolean caughtUp = catchUpS > 0;
                if (!caughtUp) {
                    catchUpS = IngestBenchmark.seconds(t1);
                    long stored = single(db, "SELECT count(*) FROM observations");
                    r.put("caught_up", false);
                    r.put("observations_stored_at_timeout", stored);
                    r.put("catch_up_s", IngestBenchmark.round(catchUpS));
                    r.put("end_to_end_msg_per_s", Math.round(stored / catchUpS));
                } else {
                    r.put("catch_up_s", IngestBenchmark.round(catchUpS));
                    r.put("end_to_end_msg_per_s", Math.round(messages / catchUpS));
                    r.put("end_to_end_distinct_per_s", Math.round(distinct / catchUpS));
                }
                // the machine is shared: CPU per message says more than the rate when other work takes the cores
                long stored = single(db, "SELECT count(*) FROM observations");
                r.put("cpu_s_jvm", IngestBenchmark.round(javaCpu));
                r.put("cpu_s_postgres", IngestBenchmark.round(pgCpu));
                r.put("cpu_us_per_msg", Math.round((javaCpu + pgCpu) * 1e6 / Math.max(1, stored)));
                r.put("cores_used", IngestBenchmark.round((javaCpu + pgCpu) / catchUpS));
                r.put("load_average_at_end", IngestBenchmark.round(
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
                r.put("rows", rowCounts(db));
                System.gc();
                MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                r.put("heap_used_after_gc_mb", heap.getUsed() / (1024 * 1024));
                r.put("heap_committed_mb", heap.getCommitted() / (1024 * 1024));
                long rocksdbBytes = bytes(rocksdb);
                r.put("rocksdb_bytes", rocksdbBytes);
                r.put("flink_checkpoint_bytes", bytes(checkpoints));
                System.err.printf("%s %.1f s: %,d %s/s; heap after GC %,d MB; RocksDB %,d bytes%n",
                        caughtUp ? "caught up in" : "stopped, not caught up, after", catchUpS,
                        (caughtUp ? messages : stored) / Math.max(1, Math.round(catchUpS)),
                        caughtUp ? "sightings" : "observations stored", heap.getUsed() >> 20, rocksdbBytes);

                // 3. live lag at a fixed rate, through the query service
                if (caughtUp && liveSeconds > 0) {
                    try (LiveLag lag = LiveLag.start(pg, db)) {
                        Properties now = new Properties();
                        now.put(ProducerConfig.LINGER_MS_CONFIG, "0");
                        try (KafkaSink sink = new KafkaSink(kafka.bootstrapServers(), topic, null, now)) {
                            r.put("live", lag.measure(run, sink, liveSeconds, liveRate));
                        }
                    }
                }
            } finally {
                job.cancel().get(60, TimeUnit.SECONDS);
            }

            // 4. the floor: the same messages rows with a plain binary COPY into a fresh schema
            DataSource floor = pg.dataSource("floor");
            HistorySchema.migrate(floor);
            Path rows = work.resolve("messages.copy");
            try (Connection c = db.getConnection(); var out = Files.newOutputStream(rows)) {
                c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY messages TO STDOUT (FORMAT binary)", out);
            }
            long t2 = System.nanoTime();
            long copied;
            try (Connection c = floor.getConnection(); InputStream in = Files.newInputStream(rows)) {
                copied = c.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY messages FROM STDIN (FORMAT binary)", in);
            }
            double copyS = IngestBenchmark.seconds(t2);
            r.put("copy_rows", copied);
            r.put("copy_s", IngestBenchmark.round(copyS));
            r.put("copy_rows_per_s", Math.round(copied / copyS));
            r.put("ratio_end_to_end_to_copy", IngestBenchmark.round(((long) r.get("end_to_end_msg_per_s"))
                    / (copied / copyS)));
        } finally {
            deleteTree(work);
        }
        Report.write(results, "ingest-live" + (pipeline.equals("backfill") ? "-backfill-mode" : "")
                + (small ? "-small" : ""), r);
    }

    /** CPU time of this JVM (the job, the Kafka node, the benchmark), in seconds. */
    static double javaCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /** CPU time of the PostgreSQL server on {@code dataDir} and its live backends, in seconds. */
    static double postgresCpuSeconds(Path dataDir) {
        String d = dataDir.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("postgres") && c.contains(d)).orElse(false))
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
                .mapToDouble(p -> p.info().totalCpuDuration().map(t -> t.toNanos() / 1e9).orElse(0.0)).sum();
    }

    static JdbcOptions jdbc(EmbeddedPostgresServer pg) {
        return JdbcOptions.defaults().withUrl(pg.jdbcUrl("lngossip"));
    }

    /**
     * Seconds from the job's submission until messages, observations and the three delta tables hold what the
     * history implies, or -1 after {@code timeout}. Polls the cheap insert statistics until they reach the totals,
     * then exact counts.
     */
    static double awaitStored(DataSource db, long sightings, long distinct, long startedNanos, Duration timeout)
            throws Exception {
        long deadline = startedNanos + timeout.toNanos();
        long lastReport = 0;
        Map<String, Long> expectedDeltas = null;
        while (System.nanoTime() < deadline) {
            long now = System.nanoTime();
            long observations = single(db, "SELECT coalesce(sum(n_tup_ins), 0) FROM pg_stat_user_tables"
                    + " WHERE relname = 'observations'");
            if (now - lastReport > 10_000_000_000L) {
                System.err.printf("  %5.0f s: ~%,d observations stored%n", (now - startedNanos) / 1e9, observations);
                lastReport = now;
            }
            if (observations >= sightings && single(db, "SELECT count(*) FROM observations") == sightings
                    && single(db, "SELECT count(*) FROM messages") == distinct) {
                if (expectedDeltas == null) {
                    expectedDeltas = ImpliedDeltas.expected(db);
                }
                if (ImpliedDeltas.stored(db).equals(expectedDeltas)) {
                    return IngestBenchmark.seconds(startedNanos);
                }
            }
            Thread.sleep(observations >= sightings ? 200 : 1000);
        }
        System.err.println("not caught up within " + timeout + ": " + rowCounts(db));
        return -1;
    }

    static Map<String, Long> rowCounts(DataSource db) throws SQLException {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String t : List.of("messages", "observations", "channels", "half_channel_updates", "node_updates",
                "checkpoints", "coverage_hours", "network_stats_hourly", "quarantine")) {
            m.put(t, single(db, "SELECT count(*) FROM " + t));
        }
        return m;
    }

    /** Publishes at a fixed rate with record time now and measures publish -> visible in the query service. */
    static final class LiveLag implements AutoCloseable {
        private final com.zaxxer.hikari.HikariDataSource pool;
        private final io.javalin.Javalin http;
        private final DataSource db;
        private final java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();

        private LiveLag(com.zaxxer.hikari.HikariDataSource pool, io.javalin.Javalin http, DataSource db) {
            this.pool = pool;
            this.http = http;
            this.db = db;
        }

        static LiveLag start(EmbeddedPostgresServer pg, DataSource db) {
            com.zaxxer.hikari.HikariDataSource pool = io.lngossip.query.QueryServiceMain.dataSource(
                    pg.jdbcUrl("lngossip"), null, null, 4);
            io.javalin.Javalin http = io.lngossip.query.http.QueryServiceApp.create(
                    new io.lngossip.query.service.QueryService(new io.lngossip.query.dao.HistoryDao(pool)))
                    .start("localhost", 0);
            return new LiveLag(pool, http, db);
        }

        /** One sampled message: where to look for it, and when it went out. */
        record Sample(String path, byte[] message, long publishedNanos) {}

        Map<String, Object> measure(GeneratorRun run, KafkaSink sink, int seconds, int rate) throws Exception {
            ConcurrentLinkedQueue<Sample> pending = new ConcurrentLinkedQueue<>();
            List<Long> lagsMs = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.atomic.AtomicBoolean publishing = new java.util.concurrent.atomic.AtomicBoolean(true);
            ExecutorService pollers = Executors.newFixedThreadPool(2);
            for (int i = 0; i < 2; i++) {
                pollers.submit(() -> {
                    while (publishing.get() || !pending.isEmpty()) {
                        Sample s = pending.poll();
                        if (s == null) {
                            Thread.sleep(5);
                            continue;
                        }
                        if (visible(s)) {
                            lagsMs.add((System.nanoTime() - s.publishedNanos()) / 1_000_000);
                        } else if (System.nanoTime() - s.publishedNanos() > 120_000_000_000L) {
                            lagsMs.add(Long.MAX_VALUE); // never seen: counted, and shown as such
                        } else {
                            Thread.sleep(Math.max(1, POLL_MS / Math.max(1, pending.size() + 1)));
                            pending.add(s);
                        }
                    }
                    return null;
                });
            }
            long periodNanos = 1_000_000_000L / rate;
            long start = System.nanoTime();
            long published = 0;
            long sampled = 0;
            java.util.Set<GossipId> seen = new java.util.HashSet<>();
            for (long i = 0; i < (long) seconds * rate; ) {
                if (!run.hasNext()) {
                    throw new IllegalStateException("the generator ran out in the live phase");
                }
                if (!(run.next() instanceof GeneratedEvent.Sighting s)) {
                    continue;
                }
                long due = start + i * periodNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                GossipId id = GossipId.of(s.message());
                boolean sample = i % LAG_SAMPLE_EVERY == 0 && seen.add(id) && !stored(id);
                long at = System.nanoTime();
                sink.accept(new GeneratedEvent.Sighting(s.message(), s.collector(), System.currentTimeMillis()));
                if (sample) {
                    pending.add(new Sample(path(s.message()), s.message(), at));
                    sampled++;
                } else {
                    seen.add(id);
                }
                published++;
                i++;
            }
            double took = IngestBenchmark.seconds(start);
            publishing.set(false);
            pollers.shutdown();
            pollers.awaitTermination(3, TimeUnit.MINUTES);
            long[] lags = lagsMs.stream().mapToLong(Long::longValue).sorted().toArray();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("published", published);
            m.put("rate_msg_per_s", Math.round(published / took));
            m.put("sampled", sampled);
            m.put("never_visible", Arrays.stream(lags).filter(l -> l == Long.MAX_VALUE).count());
            m.put("lag_p50_ms", percentile(lags, 0.50));
            m.put("lag_p90_ms", percentile(lags, 0.90));
            m.put("lag_p99_ms", percentile(lags, 0.99));
            m.put("lag_max_ms", lags.length == 0 ? -1 : lags[lags.length - 1]);
            System.err.println("live lag: " + m);
            return m;
        }

        private boolean stored(GossipId id) throws SQLException {
            try (Connection c = db.getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT 1 FROM messages WHERE gossip_id = ?")) {
                ps.setBytes(1, id.toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        }

        /** The by-scid or by-node request whose answer holds the message, bounded to its timestamp. */
        static String path(byte[] m) throws Exception {
            io.lngossip.codec.GossipMessage decoded = io.lngossip.codec.GossipCodec.decode(m);
            if (decoded instanceof io.lngossip.codec.ChannelUpdate u) {
                return "/v1/channels/" + Long.toUnsignedString(u.shortChannelId().value()) + "/gossip?from="
                        + u.timestamp() + "&to=" + u.timestamp();
            } else if (decoded instanceof io.lngossip.codec.ChannelAnnouncement a) {
                return "/v1/channels/" + Long.toUnsignedString(a.shortChannelId().value()) + "/gossip?from=0&to=0";
            }
            io.lngossip.codec.NodeAnnouncement n = (io.lngossip.codec.NodeAnnouncement) decoded;
            return "/v1/nodes/" + n.nodeId().hex() + "/gossip?from=" + n.timestamp() + "&to=" + n.timestamp();
        }

        private boolean visible(Sample s) throws Exception {
            var request = java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + http.port() + s.path())).GET().build();
            var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() == 200 && contains(response.body(), s.message());
        }

        @Override
        public void close() {
            http.stop();
            pool.close();
        }
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }

    /** The first 8 bytes of a gossip_id: enough to count 5 M distinct ids (a collision is ~1e-6 likely). */
    static long prefix(GossipId id) {
        byte[] b = id.toArray();
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }

    static long distinct(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        long n = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                n++;
            }
        }
        return n;
    }

    static long single(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long bytes(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        // the job is still running: RocksDB and Flink remove files and whole directories while this walks
        long[] total = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    total[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.toList());
            all.sort(java.util.Comparator.reverseOrder());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }
}
