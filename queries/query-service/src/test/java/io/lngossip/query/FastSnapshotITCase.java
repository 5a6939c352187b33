package io.lngossip.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.lngossip.codec.BigSize;
import io.lngossip.codec.GossipObservation;
import io.lngossip.embedded.junit.PostgresExtension;
import io.lngossip.flink.jdbc.JdbcOptions;
import io.lngossip.jobs.graphstate.GraphStateOptions;
import io.lngossip.jobs.graphstate.GraphStatePipeline;
import io.lngossip.jobs.graphstate.GraphStateSinks;
import io.lngossip.model.GraphHistory;
import io.lngossip.model.MaxAge;
import io.lngossip.model.MessageRef;
import io.lngossip.model.Snapshot;
import io.lngossip.model.StoredMessage;
import io.lngossip.query.dao.CheckpointRebuilder;
import io.lngossip.query.dao.HistoryDao;
import io.lngossip.query.http.QueryServiceApp;
import io.lngossip.query.service.QueryService;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fast snapshot: answers streamed from the announcement index and the materialized bodies, at, just after and
 * between the bodies' instants, and after late data made a body stale (skipped, then rebuilt), always byte for byte
 * graph-model's full replay. The tests run in order: the second adds late data to the database.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FastSnapshotITCase {
    static final long BODY_INTERVAL = 3600;
    static final List<MaxAge> MAX_AGES = List.of(MaxAge.DEFAULT, MaxAge.UNBOUNDED, MaxAge.ofSeconds(3600));

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final HttpClient http = HttpClient.newHttpClient();
    static GraphHistory expected;
    static HistoryDao dao;
    static QueryService service;
    /** The same service reading every body's newer messages by the window's range scan (from one message on). */
    static QueryService scanning;
    static Javalin app;

    @BeforeAll
    static void loadAndStart() throws Exception {
        expected = LoadedSamples.load(POSTGRES, false);
        dao = new HistoryDao(POSTGRES.dataSource());
        service = new QueryService(dao);
        scanning = new QueryService(dao, 1);
        app = QueryServiceApp.create(service).start(0);
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    /** The snapshot's messages' bytes, as the replay has them. */
    static List<byte[]> raw(Snapshot s) {
        return s.messages().stream().map(r -> expected.message(r.id()).orElseThrow().raw()).toList();
    }

    static byte[] gsp(List<? extends MessageRef> refs) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {'G', 'S', 'P', 1});
        for (MessageRef r : refs) {
            byte[] m = expected.message(r.id()).orElseThrow().raw();
            BigSize.write(out, m.length);
            out.write(m);
        }
        return out.toByteArray();
    }

    static byte[] httpSnapshot(long t, MaxAge maxAge) throws Exception {
        String age = maxAge.unbounded() ? "unbounded" : String.valueOf(maxAge.seconds());
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port()
                + "/v1/snapshot?at=" + t + "&maxAge=" + age)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /**
     * Builds Snapshot(t) through the service (from a body's records when one is usable, else a checkpoint), checks its
     * references and its bytes, streamed both from the answer's kept records and from the sources alone, against the
     * replay; returns the sources of the answer's stream.
     */
    static QueryService.Sources check(long t, MaxAge maxAge) throws Exception {
        Snapshot want = expected.snapshot(t, maxAge);
        QueryService.Answer answer = service.snapshot(t, maxAge);
        assertThat(answer.snapshot()).as("references T=%d maxAge=%s", t, maxAge).isEqualTo(want);
        List<byte[]> got = new ArrayList<>();
        QueryService.Sources sources = service.writeSnapshot(answer, got::add);
        List<byte[]> wantRaw = want.messages().stream().map(r -> expected.message(r.id()).orElseThrow().raw())
                .toList();
        assertThat(got).as("T=%d maxAge=%s", t, maxAge).containsExactlyElementsOf(wantRaw);
        if (answer.body() != null) {
            assertThat(sources.body()).as("the byte pass used the body the references came from")
                    .isEqualTo(answer.body());
        }
        List<byte[]> again = new ArrayList<>();
        QueryService.Sources alone = service.writeSnapshot(answer.snapshot(), again::add);
        assertThat(again).as("from the sources alone, T=%d maxAge=%s", t, maxAge).containsExactlyElementsOf(wantRaw);
        assertThat(alone.body()).isEqualTo(sources.body());
        List<byte[]> scanned = new ArrayList<>();
        QueryService.Sources fromWindow = scanning.writeSnapshot(scanning.snapshot(t, maxAge), scanned::add);
        assertThat(scanned).as("newer messages by the window scan, T=%d maxAge=%s", t, maxAge)
                .containsExactlyElementsOf(wantRaw);
        assertThat(fromWindow.fetchedById() + fromWindow.fromWindowScan()).isEqualTo(sources.fetchedById()
                + sources.fromWindowScan());
        assertThat(httpSnapshot(t, maxAge)).as("HTTP T=%d maxAge=%s", t, maxAge).isEqualTo(gsp(want.messages()));
        return sources;
    }

    /**
     * Diff(t1, t2) and the median fees at t2 through both services (by id, by window scan), against the replay: the
     * diff's references, its added messages' bytes (and over HTTP), the fees from every live update's bytes. Returns
     * the scanning service's sources for the diff.
     */
    static QueryService.Sources checkDiffAndFees(long t1, long t2, MaxAge maxAge) throws Exception {
        io.lngossip.model.Diff want = expected.diff(t1, t2, maxAge);
        List<byte[]> wantRaw = want.added().stream().map(r -> expected.message(r.id()).orElseThrow().raw()).toList();
        QueryService.Sources last = null;
        for (QueryService s : List.of(service, scanning)) {
            QueryService.DiffAnswer d = s.diffAnswer(t1, t2, maxAge);
            assertThat(d.diff()).as("diff %d..%d maxAge=%s", t1, t2, maxAge).isEqualTo(want);
            List<byte[]> got = new ArrayList<>();
            last = s.writeMessages(d.to(), d.diff().added(), t1, got::add);
            assertThat(got).as("diff bytes %d..%d maxAge=%s", t1, t2, maxAge).containsExactlyElementsOf(wantRaw);
            assertThat(last.body()).isEqualTo(d.to().body());

            List<Long> base = new ArrayList<>();
            List<Long> ppm = new ArrayList<>();
            for (Snapshot.Channel c : expected.snapshot(t2, maxAge).channels()) {
                for (io.lngossip.model.UpdateRef u : new io.lngossip.model.UpdateRef[] {c.direction0(), c.direction1()}) {
                    if (u != null) {
                        var cu = (io.lngossip.codec.ChannelUpdate) expected.message(u.id()).orElseThrow().message();
                        base.add(cu.feeBaseMsat());
                        ppm.add(cu.feeProportionalMillionths());
                    }
                }
            }
            base.sort(null);
            ppm.sort(null);
            QueryService.MedianFees fees = s.medianFees(d.to());
            if (base.isEmpty()) {
                assertThat(fees).isNull();
            } else {
                assertThat(fees).as("fees at %d maxAge=%s", t2, maxAge).isEqualTo(new QueryService.MedianFees(
                        base.get((base.size() - 1) / 2), ppm.get((ppm.size() - 1) / 2)));
            }
        }
        String age = maxAge.unbounded() ? "unbounded" : String.valueOf(maxAge.seconds());
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port()
                + "/v1/diff?from=" + t1 + "&to=" + t2 + "&maxAge=" + age)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).as("HTTP diff %d..%d", t1, t2).isEqualTo(gsp(want.added()));
        return last;
    }

    static int updatesAndNodes(Snapshot s) {
        return s.halfChannelCount() + (int) s.nodes().stream().filter(n -> n.announcement() != null).count();
    }

    @Test
    @Order(1)
    void shouldAnswerAtJustAfterAndBetweenMaterializedBodies() throws Exception {
        List<Long> instants = new ArrayList<>();
        dao.checkpoints().forEach(c -> instants.add(c.instant()));
        long first = instants.get(0);
        assertThat(check(first + 1, MaxAge.DEFAULT).body()).as("no body yet").isNull();

        assertThat(new CheckpointRebuilder(POSTGRES.dataSource()).materialize(BODY_INTERVAL)).isGreaterThanOrEqualTo(2);
        TreeSet<Long> bodies = new TreeSet<>(dao.usableBodyInstants());
        assertThat(bodies).as("checkpoints %s", instants).hasSizeGreaterThanOrEqualTo(2)
                .allMatch(b -> b % BODY_INTERVAL == 0 && instants.contains(b));
        assertThat(new CheckpointRebuilder(POSTGRES.dataSource()).materialize(BODY_INTERVAL)).as("nothing due").isZero();

        int checked = 0;
        int windowScans = 0;
        List<Long> sample = new ArrayList<>(bodies);
        for (int i = 0; i < sample.size(); i += Math.max(1, sample.size() / 6)) {
            long b = sample.get(i);
            for (MaxAge maxAge : MAX_AGES) {
                QueryService.Sources before = check(b - 1, maxAge);
                assertThat(before.body()).isNotEqualTo(Long.valueOf(b));
                QueryService.Sources at = check(b, maxAge);
                Snapshot s = expected.snapshot(b, maxAge);
                assertThat(at.body()).isEqualTo(b);
                assertThat(at.fromChannelTable()).as("every announcement from the kept channel table")
                        .isEqualTo(s.channels().size());
                assertThat(at.fromAnnouncementScan()).isZero();
                assertThat(at.fromBody()).as("every update and node announcement from the body")
                        .isEqualTo(updatesAndNodes(s));
                assertThat(at.fetchedById()).isZero();
                assertThat(check(b + 1, maxAge).body()).isEqualTo(b);
                QueryService.Sources between = check(b + BODY_INTERVAL / 2, maxAge);
                assertThat(between.body()).isEqualTo(b);
                assertThat(between.fromBody() + between.fetchedById() + between.fromWindowScan())
                        .isEqualTo(updatesAndNodes(expected.snapshot(b + BODY_INTERVAL / 2, maxAge)));
                // diffs ending at, just after and between bodies, starting before the body or inside its window
                checkDiffAndFees(b - BODY_INTERVAL, b, maxAge);
                checkDiffAndFees(b - 1, b + 1, maxAge);
                QueryService.Sources diff = checkDiffAndFees(b + 60, b + BODY_INTERVAL / 2, maxAge);
                windowScans += diff.fromWindowScan();
                checked += 4;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(24);
        assertThat(windowScans).as("some diffs took messages from the window scan").isPositive();
    }

    @Test
    @Order(2)
    void shouldSkipABodyThatLateDataMadeStaleUntilItIsRebuilt() throws Exception {
        long b = new TreeSet<>(dao.usableBodyInstants()).last();
        // a half-channel live at B whose latest update is older than a minute: a late update at B - 60 replaces it
        Snapshot.Channel victim = expected.snapshot(b, MaxAge.UNBOUNDED).channels().stream()
                .filter(c -> c.direction0() != null && c.direction0().timestamp() < b - 120).findFirst().orElseThrow();
        byte[] late = expected.message(victim.direction0().id()).orElseThrow().raw().clone();
        ByteBuffer.wrap(late).putInt(2 + 64 + 32 + 8, (int) (b - 60)).putInt(2 + 64 + 32 + 8 + 4 + 2 + 2 + 8, 4242);
        expected.add(StoredMessage.of(late, LoadedSamples.NOW_MS / 1000));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        GraphStatePipeline.build(env.fromData(List.of(new GossipObservation(late, LoadedSamples.NOW_MS, "test",
                "late")), TypeInformation.of(GossipObservation.class)), null,
                GraphStateSinks.jdbc(JdbcOptions.defaults().withUrl(POSTGRES.jdbcUrl())),
                GraphStateOptions.defaults().withWatermarkEveryMessage(true).withBackfill(true),
                () -> LoadedSamples.NOW_MS);
        env.execute("late");

        assertThat(dao.usableBodyInstants()).as("the late update made body %d stale", b).doesNotContain(b);
        for (MaxAge maxAge : MAX_AGES) {
            assertThat(check(b, maxAge).body()).isNotEqualTo(Long.valueOf(b));
            assertThat(service.snapshot(b + 1, maxAge).body()).as("the stale body is not used").isNotEqualTo(b);
            check(b + 1, maxAge);
            checkDiffAndFees(b - 120, b + 1, maxAge);
        }
        assertThat(expected.snapshot(b, MaxAge.DEFAULT).messages()).as("the late update is in the answer")
                .anyMatch(r -> r.id().equals(io.lngossip.codec.GossipId.of(late)));

        CheckpointRebuilder rebuilder = new CheckpointRebuilder(POSTGRES.dataSource());
        rebuilder.rebuild();
        assertThat(rebuilder.materialize(BODY_INTERVAL)).isPositive();
        assertThat(dao.usableBodyInstants()).contains(b);
        for (MaxAge maxAge : MAX_AGES) {
            QueryService.Sources at = check(b, maxAge);
            assertThat(at.body()).isEqualTo(b);
            assertThat(at.fetchedById()).isZero();
            check(b + BODY_INTERVAL / 2, maxAge);
        }
    }
    @Test
    @Order(3)
    void shouldFillMissingCheckpointsCarriedForwardEqualToAFullReplay() throws Exception {
        try (var c = POSTGRES.dataSource().getConnection(); var st = c.createStatement()) {
            st.execute("DELETE FROM checkpoints");
        }
        CheckpointRebuilder rebuilder = new CheckpointRebuilder(POSTGRES.dataSource());
        assertThat(rebuilder.fillMissing(3600)).isGreaterThanOrEqualTo(3);
        for (var c : dao.checkpoints()) {
            assertThat(c.complete()).isTrue();
            assertThat(dao.checkpoint(c.instant())).as("checkpoint %d", c.instant())
                    .isEqualTo(expected.checkpoint(c.instant()));
        }
        assertThat(dao.usableBodyInstants()).as("bodies older than their (rebuilt) checkpoints are not used").isEmpty();
        assertThat(rebuilder.materialize(BODY_INTERVAL)).isPositive();
        long b = new TreeSet<>(dao.usableBodyInstants()).last();
        check(b, MaxAge.DEFAULT);
        check(b + BODY_INTERVAL / 2, MaxAge.UNBOUNDED);
    }

    @Test
    @Order(4)
    void shouldAnswerFromTheBodiesAnImportMaterialized() throws Exception {
        POSTGRES.server().createDatabase("imported");
        List<java.nio.file.Path> files = List.of(io.lngossip.codec.SharedData.file(io.lngossip.codec.SharedData.HOUR_10),
                io.lngossip.codec.SharedData.file(io.lngossip.codec.SharedData.GOSSIP_STORE));
        GraphHistory imported = new GraphHistory();
        for (java.nio.file.Path f : files) {
            try (var reader = io.lngossip.codec.io.GossipFiles.open(f)) {
                for (var item = reader.next(); item != null; item = reader.next()) {
                    if (item instanceof io.lngossip.codec.io.FileItem.Message m) {
                        imported.add(StoredMessage.of(m.bytes(), m.receiptTime() == null ? null : m.receiptTime() / 1000));
                    }
                }
            }
        }
        new io.lngossip.jobs.backfill.GossipImport(JdbcOptions.defaults().withUrl(POSTGRES.server().jdbcUrl("imported")))
                .run(files, "test", io.lngossip.jobs.backfill.BackfillProgress.NONE);
        HistoryDao importedDao = new HistoryDao(POSTGRES.server().dataSource("imported"));
        QueryService importedService = new QueryService(importedDao);
        TreeSet<Long> bodies = new TreeSet<>(importedDao.usableBodyInstants());
        assertThat(bodies).as("the import materialized bodies every %d s", CheckpointRebuilder.DEFAULT_BODY_INTERVAL_SECONDS)
                .isNotEmpty().allMatch(b -> b % CheckpointRebuilder.DEFAULT_BODY_INTERVAL_SECONDS == 0);
        for (long b : List.of(bodies.first(), bodies.last())) {
            for (long t : new long[] {b, b + 1, b + CheckpointRebuilder.DEFAULT_BODY_INTERVAL_SECONDS / 2}) {
                for (MaxAge maxAge : MAX_AGES) {
                    Snapshot want = imported.snapshot(t, maxAge);
                    List<byte[]> got = new ArrayList<>();
                    QueryService.Answer answer = importedService.snapshot(t, maxAge);
                    assertThat(answer.body()).as("references from the body").isEqualTo(b);
                    QueryService.Sources sources = importedService.writeSnapshot(answer, got::add);
                    assertThat(got).as("T=%d maxAge=%s", t, maxAge).containsExactlyElementsOf(want.messages().stream()
                            .map(r -> imported.message(r.id()).orElseThrow().raw()).toList());
                    assertThat(sources.body()).isEqualTo(b);
                }
            }
        }
    }

    @Test
    @Order(5)
    void shouldStreamASnapshotFromAllItsSourcesOnOnePooledConnection() throws Exception {
        // one connection in the pool: a request that took a second one while holding the first would time out here
        try (com.zaxxer.hikari.HikariDataSource one = QueryServiceMain.dataSource(POSTGRES.jdbcUrl(), null, null, 1)) {
            QueryService lonely = new QueryService(new HistoryDao(one));
            boolean allThreeSources = false;
            for (long b : dao.usableBodyInstants()) {
                long t = b + BODY_INTERVAL / 2;
                Snapshot want = expected.snapshot(t, MaxAge.DEFAULT);
                List<byte[]> got = new ArrayList<>();
                QueryService.Sources sources = lonely.writeSnapshot(lonely.snapshot(t, MaxAge.DEFAULT), got::add);
                assertThat(got).as("T=%d", t).containsExactlyElementsOf(want.messages().stream()
                        .map(r -> expected.message(r.id()).orElseThrow().raw()).toList());
                assertThat(sources.body()).isEqualTo(b);
                allThreeSources |= sources.fromChannelTable() > 0 && sources.fromBody() > 0
                        && sources.fetchedById() > 0;
            }
            assertThat(allThreeSources).as("an answer took announcements, body records and newer messages").isTrue();
        }
    }

    @Test
    @Order(6)
    void shouldAnswerFromTheCheckpointWhenTheBodyIsDamaged() throws Exception {
        long b = new TreeSet<>(dao.usableBodyInstants()).last();
        try (var c = POSTGRES.dataSource().getConnection(); var st = c.prepareStatement(
                "UPDATE snapshot_body_chunks SET data = substring(data FROM 1 FOR 100) WHERE instant = ? AND chunk = 0")) {
            st.setLong(1, b);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
        // a fresh service: the one above keeps the body it loaded before the damage (the same seq, the good bytes)
        QueryService fresh = new QueryService(dao);
        for (long t : new long[] {b, b + 1, b + BODY_INTERVAL / 2}) {
            for (MaxAge maxAge : MAX_AGES) {
                QueryService.Answer answer = fresh.snapshot(t, maxAge);
                assertThat(answer.body()).as("the damaged body is not used for references").isNull();
                assertThat(answer.checkpoint()).isNotNull();
                Snapshot want = expected.snapshot(t, maxAge);
                assertThat(answer.snapshot()).isEqualTo(want);
                List<byte[]> got = new ArrayList<>();
                fresh.writeSnapshot(answer, got::add);
                assertThat(got).as("T=%d maxAge=%s", t, maxAge).containsExactlyElementsOf(want.messages().stream()
                        .map(r -> expected.message(r.id()).orElseThrow().raw()).toList());
            }
        }
    }

    @Test
    @Order(7)
    void shouldSeeAChannelAnnouncedAfterTheServiceKeptTheChannelTable() throws Exception {
        long b = new TreeSet<>(dao.usableBodyInstants()).first();
        long t = b + BODY_INTERVAL / 2;
        assertThat(check(t, MaxAge.DEFAULT).fromChannelTable()).as("the service now keeps the table").isPositive();

        // a channel the history lacks: another's announcement and update with a new scid, the update in (B, T]
        Snapshot.Channel model = expected.snapshot(t, MaxAge.DEFAULT).channels().get(0);
        io.lngossip.model.UpdateRef half = model.direction0() != null ? model.direction0() : model.direction1();
        long scid = (16_000_000L << 40) | (model.scid() & 0xFF_FFFF_FFFFL);
        byte[] announcement = expected.message(model.announcement().id()).orElseThrow().raw().clone();
        int features = ByteBuffer.wrap(announcement).getShort(2 + 256) & 0xFFFF;
        ByteBuffer.wrap(announcement).putLong(2 + 256 + 2 + features + 32, scid);
        byte[] update = expected.message(half.id()).orElseThrow().raw().clone();
        ByteBuffer.wrap(update).putLong(2 + 64 + 32, scid).putInt(2 + 64 + 32 + 8, (int) (b + 60));
        List<GossipObservation> added = new ArrayList<>();
        for (byte[] raw : List.of(announcement, update)) {
            expected.add(StoredMessage.of(raw, LoadedSamples.NOW_MS / 1000));
            added.add(new GossipObservation(raw, LoadedSamples.NOW_MS, "test", "new-channel"));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        GraphStatePipeline.build(env.fromData(added, TypeInformation.of(GossipObservation.class)), null,
                GraphStateSinks.jdbc(JdbcOptions.defaults().withUrl(POSTGRES.jdbcUrl())),
                GraphStateOptions.defaults().withWatermarkEveryMessage(true).withBackfill(true),
                () -> LoadedSamples.NOW_MS);
        env.execute("new channel");

        assertThat(expected.snapshot(t, MaxAge.DEFAULT).channels()).as("the new channel is live at T")
                .anyMatch(c -> c.scid() == scid);
        // the same service: the table it kept lacks the channel, so it must read the table again
        QueryService.Sources after = check(t, MaxAge.DEFAULT);
        assertThat(after.body()).isEqualTo(b);
        assertThat(after.fromChannelTable()).isEqualTo(expected.snapshot(t, MaxAge.DEFAULT).channels().size());
    }

    @Test
    @Order(8)
    void shouldStreamTheWindowReadAheadWhileTheAnswerWasBuiltOnOnePooledConnection() throws Exception {
        // one connection: the read ahead waits for the reference pass's, and the byte pass must take the window before
        // it takes the connection (holding it, it would wait out the read ahead's 5 s and read the window itself)
        try (com.zaxxer.hikari.HikariDataSource one = QueryServiceMain.dataSource(POSTGRES.jdbcUrl(), null, null, 1)) {
            QueryService ahead = new QueryService(new HistoryDao(one), 1, 1);
            int readAhead = 0;
            for (long b : dao.usableBodyInstants()) {
                for (MaxAge maxAge : MAX_AGES) {
                    long t = b + BODY_INTERVAL / 2;
                    Snapshot want = expected.snapshot(t, maxAge);
                    QueryService.Answer answer = ahead.snapshotToStream(t, maxAge);
                    assertThat(answer.snapshot()).as("references T=%d maxAge=%s", t, maxAge).isEqualTo(want);
                    List<byte[]> got = new ArrayList<>();
                    QueryService.Sources sources = ahead.writeSnapshot(answer, got::add);
                    assertThat(got).as("T=%d maxAge=%s", t, maxAge).containsExactlyElementsOf(raw(want));
                    if (sources.fromWindowScan() > 0) {
                        assertThat(sources.windowReadAhead()).as("T=%d: the window read ahead was used", t).isTrue();
                        readAhead++;
                    }
                }
            }
            assertThat(readAhead).as("answers whose newer messages came from the window read ahead").isPositive();

            // a body more than 12 hours before the next usable one (or the last): the window after it is read ahead
            // up to 12 hours long, not beyond
            List<Long> bodies = new ArrayList<>(new TreeSet<>(dao.usableBodyInstants()));
            long gap = -1;
            for (int i = 0; i < bodies.size() && gap < 0; i++) {
                long next = i + 1 < bodies.size() ? bodies.get(i + 1) : Long.MAX_VALUE;
                if (next - bodies.get(i) > QueryService.READ_AHEAD_WITHIN_SECONDS + 1) {
                    gap = bodies.get(i);
                }
            }
            assertThat(gap).as("a body more than 12 hours before the next in %s", bodies).isPositive();
            for (long d : new long[] {QueryService.READ_AHEAD_WITHIN_SECONDS, QueryService.READ_AHEAD_WITHIN_SECONDS + 1}) {
                QueryService fresh = new QueryService(new HistoryDao(one), 1, 1);
                QueryService.Answer answer = fresh.snapshotToStream(gap + d, MaxAge.UNBOUNDED);
                assertThat(answer.body()).isEqualTo(gap);
                assertThat(answer.window() != null).as("window of %d s read ahead", d)
                        .isEqualTo(d <= QueryService.READ_AHEAD_WITHIN_SECONDS);
                List<byte[]> got = new ArrayList<>();
                fresh.writeSnapshot(answer, got::add);
                assertThat(got).containsExactlyElementsOf(raw(expected.snapshot(gap + d, MaxAge.UNBOUNDED)));
            }
        }
    }

    @Test
    @Order(9)
    void shouldReadTheWindowItselfWhenTheReadAheadFails() throws Exception {
        // the read ahead's connections refused (its thread asks for them): the byte pass reads the window itself
        javax.sql.DataSource real = POSTGRES.dataSource();
        javax.sql.DataSource refusing = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")
                            && Thread.currentThread().getName().startsWith("lngossip-window-reader")) {
                        throw new java.sql.SQLException("refused by the test");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        QueryService ahead = new QueryService(new HistoryDao(refusing), 1, 1);
        int attempted = 0;
        int scanned = 0;
        for (long b : dao.usableBodyInstants()) {
            long t = b + BODY_INTERVAL / 2;
            Snapshot want = expected.snapshot(t, MaxAge.DEFAULT);
            QueryService.Answer answer = ahead.snapshotToStream(t, MaxAge.DEFAULT);
            attempted += answer.window() == null ? 0 : 1;
            List<byte[]> got = new ArrayList<>();
            QueryService.Sources sources = ahead.writeSnapshot(answer, got::add);
            assertThat(got).as("T=%d", t).containsExactlyElementsOf(raw(want));
            assertThat(sources.windowReadAhead()).isFalse();
            scanned += sources.fromWindowScan();
        }
        assertThat(attempted).as("answers whose window read ahead was started (and refused)").isPositive();
        assertThat(scanned).as("the byte passes scanned their windows themselves").isPositive();
    }
}
