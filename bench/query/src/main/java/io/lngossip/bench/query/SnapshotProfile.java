package io.lngossip.bench.query;

import com.zaxxer.hikari.HikariDataSource;
import io.lngossip.bench.generator.GeneratorOptions;
import io.lngossip.model.Checkpoint;
import io.lngossip.model.Delta;
import io.lngossip.model.MaxAge;
import io.lngossip.model.Reconstruction;
import io.lngossip.model.ReconstructionPlanner;
import io.lngossip.model.Snapshot;
import io.lngossip.model.SnapshotBody;
import io.lngossip.query.QueryServiceMain;
import io.lngossip.query.dao.HistoryDao;
import io.lngossip.query.service.QueryService;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where a snapshot's time goes, phase by phase, in one process on a history {@code ./bench/query.sh} loaded (reused,
 * never loaded here): at every instant the floor was filled for, the service's two passes against the floor's read
 * of the same answer, best of {@code qbench.repetitions} (5), plus the phases of each reference pass taken apart,
 * and the same answer through HTTP (an app started here, read by the JDK client and by a URLConnection): what the
 * service itself costs and what HTTP adds. Repeating an instant reuses the service's kept last body. Run: {@code java -cp ... SnapshotProfile DAYS SEED} (the same
 * {@code -Dqbench.dir} as the benchmark).
 */
public final class SnapshotProfile {
    private SnapshotProfile() {}

    public static void main(String[] args) throws Exception {
        int days = Integer.parseInt(args[0]);
        long seed = Long.parseLong(args[1]);
        int reps = Integer.getInteger("qbench.repetitions", 5);
        Path root = Path.of(System.getProperty("qbench.dir", "/tmp/qbench"));
        GeneratorOptions options = GeneratorOptions.mainnet().withDays(days).withSeed(seed);
        try (LoadedHistory h = LoadedHistory.open(root, "mainnet", options);
                HikariDataSource pool = QueryServiceMain.dataSource(h.jdbcUrl(), null, null, 8, 600)) {
            if (!h.reused()) {
                throw new IllegalStateException("no loaded history: run ./bench/query.sh " + days + " " + seed);
            }
            HistoryDao dao = new HistoryDao(pool);
            QueryService service = new QueryService(dao);
            io.javalin.Javalin app = io.lngossip.query.http.QueryServiceApp.create(new QueryService(dao)).start(0);
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            List<Long> instants = new ArrayList<>();
            try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT DISTINCT instant FROM baseline.floor ORDER BY instant"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    instants.add(rs.getLong(1));
                }
            }
            System.err.printf("load average %.2f, %d instants%n", java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean().getSystemLoadAverage(), instants.size());
            Map<String, List<Double>> ratios = new TreeMap<>();
            for (long t : instants) {
                Map<String, Double> best = new TreeMap<>();
                String[] prints = new String[2];
                for (int r = 0; r < reps; r++) {
                    time(best, "floor", () -> prints[0] = floor(pool, t));
                    QueryService.Answer[] answer = new QueryService.Answer[1];
                    time(best, "ours: reference pass", () -> answer[0] = service.snapshot(t, MaxAge.DEFAULT));
                    time(best, "ours: byte pass", () -> prints[1] = bytePass(service, answer[0]));
                    best.merge("ours", best.get("ours: reference pass") + best.get("ours: byte pass"), Math::min);
                    // the same answer through HTTP, read by the JDK client (as the benchmark does) and by a plain
                    // URLConnection: what the server's HTTP path and the client add
                    String url = "http://127.0.0.1:" + app.port() + "/v1/snapshot?at=" + t;
                    time(best, "http: JDK HttpClient", () -> {
                        Answer a = new Answer();
                        try (java.io.InputStream in = http.send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(url)).build(), java.net.http.HttpResponse.BodyHandlers
                                .ofInputStream()).body()) {
                            a.readAll(in);
                        }
                        prints[1] = a.fingerprint();
                    });
                    time(best, "http: URLConnection", () -> {
                        Answer a = new Answer();
                        try (java.io.InputStream in = java.net.URI.create(url).toURL().openStream()) {
                            a.readAll(in);
                        }
                        if (!a.fingerprint().equals(prints[1])) {
                            throw new IllegalStateException("T=" + t + ": the two clients read different bodies");
                        }
                    });
                    phases(dao, t, best);
                }
                if (!prints[0].equals(prints[1])) {
                    throw new IllegalStateException("T=" + t + ": floor " + prints[0] + ", ours " + prints[1]);
                }
                System.err.printf("T=%d (%s): %s%n", t, prints[1], format(best));
                best.forEach((k, v) -> ratios.computeIfAbsent(k, x -> new ArrayList<>()).add(v / best.get("floor")));
            }
            StringBuilder s = new StringBuilder("median ratio to the floor:");
            ratios.forEach((k, v) -> {
                v.sort(null);
                s.append(String.format(" %s %.2f;", k, v.get(v.size() / 2)));
            });
            System.err.println(s);
            System.err.printf("load average %.2f%n", java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean().getSystemLoadAverage());
            app.stop();
        }
    }

    /**
     * The reference pass taken apart: from the body (the channel table read as on a change of its count, then the
     * count alone, as on every request), and from the checkpoint (decoded each time, as on a miss).
     */
    private static void phases(HistoryDao dao, long t, Map<String, Double> best) throws Exception {
        try (HistoryDao.Reader reader = dao.reader()) {
            Optional<HistoryDao.BodyInfo> info = reader.usableBodyAtOrBefore(t);
            if (info.isPresent()) {
                SnapshotBody.Loaded[] body = new SnapshotBody.Loaded[1];
                time(best, "body: load", () -> {
                    try (HistoryDao.Cursor<byte[]> chunks = reader.bodyChunks(info.get().instant(), info.get().seq())) {
                        body[0] = SnapshotBody.load(chunks);
                    }
                });
                // the channel table as read when its change count moved (the service keeps it otherwise)
                HistoryDao.ChannelTable[] table = new HistoryDao.ChannelTable[1];
                time(best, "body: channel table read", () -> table[0] = reader.channelTable(reader.channelChanges()));
                time(best, "body: channel count", reader::channelChanges);
                List<Delta>[] deltas = new List[1];
                time(best, "body: deltas", () -> deltas[0] = reader.closesAndSlots(info.get().instant(), t));
                time(best, "body: merge", () -> Reconstruction.snapshot(table[0].announcements(), body[0].halves(),
                        body[0].nodes(), deltas[0], t, MaxAge.DEFAULT));
            }
        }
        ReconstructionPlanner.Plan plan = ReconstructionPlanner.plan(t, dao.usableCheckpointAtOrBefore(t),
                List.of(new ReconstructionPlanner.DeltaSegment(ReconstructionPlanner.BEGINNING, Long.MAX_VALUE)));
        Checkpoint[] c = new Checkpoint[1];
        time(best, "checkpoint: decode", () -> c[0] = dao.checkpoint(plan.checkpoint()));
        List<Delta>[] deltas = new List[1];
        time(best, "checkpoint: deltas", () -> deltas[0] = dao.deltas(plan.deltasFromExclusive(), t));
        Snapshot[] s = new Snapshot[1];
        time(best, "checkpoint: replay", () -> s[0] = Reconstruction.snapshot(c[0], deltas[0], t, MaxAge.DEFAULT));
    }

    private static String floor(HikariDataSource pool, long t) throws Exception {
        try (Connection c = pool.getConnection()) {
            Answer a = new Answer();
            Baselines.stream(c, Baselines.FLOOR, Map.of("t", t), a);
            return a.fingerprint();
        }
    }

    /** The byte pass into a GSP body, framed as the HTTP layer frames it (slices written, not copied). */
    private static String bytePass(QueryService service, QueryService.Answer answer) throws Exception {
        Answer a = new Answer();
        a.write(new byte[] {'G', 'S', 'P', 1});
        service.writeSnapshot(answer, new QueryService.MessageSink() {
            @Override
            public void message(byte[] raw) throws java.io.IOException {
                message(raw, 0, raw.length);
            }

            @Override
            public void message(byte[] buffer, int offset, int length) throws java.io.IOException {
                io.lngossip.codec.BigSize.write(a, length);
                a.write(buffer, offset, length);
            }
        });
        return a.fingerprint();
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private static void time(Map<String, Double> best, String name, Step step) throws Exception {
        long t0 = System.nanoTime();
        step.run();
        best.merge(name, (System.nanoTime() - t0) / 1e6, Math::min);
    }

    private static String format(Map<String, Double> best) {
        StringBuilder s = new StringBuilder();
        best.forEach((k, v) -> s.append(String.format("%s %.0f ms; ", k, v)));
        return s.toString();
    }
}
