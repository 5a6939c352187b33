package io.lngossip.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.lngossip.codec.BigSize;
import io.lngossip.codec.GossipObservation;
import io.lngossip.codec.NodeId;
import io.lngossip.codec.SharedData;
import io.lngossip.codec.ShortChannelId;
import io.lngossip.codec.io.FileItem;
import io.lngossip.codec.io.GossipFileReader;
import io.lngossip.codec.io.GossipFiles;
import io.lngossip.embedded.junit.PostgresExtension;
import io.lngossip.flink.jdbc.JdbcOptions;
import io.lngossip.jobs.graphstate.GraphStateOptions;
import io.lngossip.jobs.graphstate.GraphStatePipeline;
import io.lngossip.jobs.graphstate.GraphStateSinks;
import io.lngossip.model.GraphHistory;
import io.lngossip.model.MaxAge;
import io.lngossip.model.MessageRef;
import io.lngossip.model.StoredMessage;
import io.lngossip.query.dao.HistoryDao;
import io.lngossip.query.http.QueryServiceApp;
import io.lngossip.query.service.QueryService;
import io.lngossip.schema.HistorySchema;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The query service over data loaded through the real job path: every answer's bytes equal graph-model's full replay
 * of the same input.
 */
class QueryServiceITCase {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static GraphHistory expected;
    static final HttpClient http = HttpClient.newHttpClient();
    static HikariDataSource db;
    static Javalin app;
    static String base;

    @BeforeAll
    static void loadAndStart() throws Exception {
        expected = LoadedSamples.load(POSTGRES, false);
        // the service connects as a login role in lngossip_reader, as deployments do
        LoadedSamples.createReader(POSTGRES, "query_it");
        db = QueryServiceMain.dataSource(POSTGRES.server().jdbcUrl(POSTGRES.database(), "query_it"), null, null, 8);
        app = QueryServiceApp.create(new QueryService(new HistoryDao(db))).start(0);
        base = "http://localhost:" + app.port();
    }

    @AfterAll
    static void stop() {
        app.stop();
        db.close();
    }

    static HttpResponse<byte[]> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The GSP bytes of a list of messages, built here from the replay's own bytes. */
    static byte[] gsp(List<byte[]> messages) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {'G', 'S', 'P', 1});
        for (byte[] m : messages) {
            BigSize.write(out, m.length);
            out.write(m);
        }
        return out.toByteArray();
    }

    static List<byte[]> raw(List<? extends MessageRef> refs) {
        return refs.stream().map(r -> expected.message(r.id()).orElseThrow().raw()).toList();
    }

    @Test
    void shouldAnswerSnapshotsByteForByteLikeAFullReplay() throws Exception {
        long[] instants = {1_629_100_000L, 1_755_590_400L, 1_755_600_000L, 1_755_604_800L, 1_755_619_999L,
            1_755_620_000L, 1_755_622_800L, 1_755_626_400L, 1_763_398_800L, 1_763_400_000L, 1_763_402_400L};
        int nonEmpty = 0;
        for (long t : instants) {
            for (String maxAge : List.of("", "&maxAge=unbounded", "&maxAge=3600")) {
                HttpResponse<byte[]> r = get("/v1/snapshot?at=" + t + maxAge);
                assertThat(r.statusCode()).isEqualTo(200);
                MaxAge m = maxAge.isEmpty() ? MaxAge.DEFAULT
                        : maxAge.contains("unbounded") ? MaxAge.UNBOUNDED : MaxAge.ofSeconds(3600);
                List<byte[]> want = raw(expected.snapshot(t, m).messages());
                assertThat(r.body()).as("T=%d%s", t, maxAge).isEqualTo(gsp(want));
                assertThat(r.headers().firstValue("X-Message-Count")).hasValue(String.valueOf(want.size()));
                nonEmpty += want.isEmpty() ? 0 : 1;
            }
        }
        assertThat(nonEmpty).isGreaterThan(10);
        HttpResponse<byte[]> iso = get("/v1/snapshot?at=2025-08-19T18:00:00Z");
        assertThat(iso.body()).isEqualTo(gsp(raw(expected.snapshot(1_755_626_400L, MaxAge.DEFAULT).messages())));
    }

    @Test
    void shouldAnswerRightAtAndAroundEveryCheckpointInstant() throws Exception {
        List<Long> instants = new ArrayList<>();
        try (var c = POSTGRES.dataSource().getConnection(); var s = c.createStatement();
                var rs = s.executeQuery("SELECT instant FROM checkpoints ORDER BY instant")) {
            while (rs.next()) {
                instants.add(rs.getLong(1));
            }
        }
        assertThat(instants).hasSizeGreaterThanOrEqualTo(3);
        int checked = 0;
        for (int i = 0; i < instants.size(); i += Math.max(1, instants.size() / 12)) {
            for (long t : new long[] {instants.get(i) - 1, instants.get(i), instants.get(i) + 1,
                instants.get(i) + 1800}) {
                assertThat(get("/v1/snapshot?at=" + t).body()).as("T=%d", t)
                        .isEqualTo(gsp(raw(expected.snapshot(t, MaxAge.DEFAULT).messages())));
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(12);
    }

    @Test
    void shouldServeJsonAndNdjsonWithTheSameMessages() throws Exception {
        long t = 1_763_400_000L;
        List<MessageRef> want = expected.snapshot(t, MaxAge.DEFAULT).messages();
        JsonNode json = new ObjectMapper().readTree(get("/v1/snapshot?at=" + t + "&format=json").body());
        assertThat(json.get("messages")).hasSize(want.size());
        for (int i = 0; i < want.size(); i++) {
            assertThat(json.get("messages").get(i).get("gossip_id").asText()).isEqualTo(want.get(i).id().hex());
        }
        String ndjson = new String(get("/v1/snapshot?at=" + t + "&format=ndjson").body());
        assertThat(ndjson.lines()).hasSize(want.size());
    }

    @Test
    void shouldAnswerDiffsThatTurnOneSnapshotIntoTheOther() throws Exception {
        long t1 = 1_755_600_000L;
        long t2 = 1_755_626_400L;
        var diff = expected.diff(t1, t2, MaxAge.DEFAULT);
        assertThat(get("/v1/diff?from=" + t1 + "&to=" + t2).body()).isEqualTo(gsp(raw(diff.added())));
        JsonNode json = new ObjectMapper().readTree(get("/v1/diff?from=" + t1 + "&to=" + t2 + "&format=json").body());
        assertThat(json.get("removed").get("channels")).hasSize(diff.removedChannels().size());
        assertThat(json.get("removed").get("halfChannels")).hasSize(diff.removedHalfChannels().size());
        assertThat(json.get("removed").get("nodes")).hasSize(diff.removedNodes().size());
        assertThat(diff.apply(expected.snapshot(t1, MaxAge.DEFAULT))).isEqualTo(expected.snapshot(t2, MaxAge.DEFAULT));
    }

    @Test
    void shouldAnswerHistoriesOfAChannelANodeAndARange() throws Exception {
        StoredMessage ann = expected.messages().stream()
                .filter(m -> m.message() instanceof io.lngossip.codec.ChannelAnnouncement).findFirst().orElseThrow();
        var a = (io.lngossip.codec.ChannelAnnouncement) ann.message();
        long scid = a.shortChannelId().value();
        assertThat(get("/v1/channels/" + a.shortChannelId() + "/gossip").body())
                .isEqualTo(gsp(expected.byScid(scid, null, null).stream().map(StoredMessage::raw).toList()));
        assertThat(get("/v1/channels/" + Long.toUnsignedString(scid) + "/gossip?from=1755600000&to=1755700000").body())
                .isEqualTo(gsp(expected.byScid(scid, 1_755_600_000L, 1_755_700_000L).stream()
                        .map(StoredMessage::raw).toList()));
        NodeId node = a.nodeId1();
        assertThat(get("/v1/nodes/" + node.hex().toUpperCase() + "/gossip").body())
                .isEqualTo(gsp(expected.byNode(node, null, null).stream().map(StoredMessage::raw).toList()));
        assertThat(get("/v1/gossip?from=1755621000&to=1755622000").body())
                .isEqualTo(gsp(expected.range(1_755_621_000L, 1_755_622_000L).stream().map(StoredMessage::raw)
                        .toList()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/v1/snapshot | 400 | at",
        "/v1/snapshot?at=yesterday | 400 | at",
        "/v1/snapshot?at=2025-08-19T18:00:00 | 400 | at",
        "/v1/snapshot?at=1&maxAge=-1 | 400 | maxAge",
        "/v1/snapshot?at=1&format=xml | 400 | format",
        "/v1/diff?from=10&to=5 | 400 | to",
        "/v1/channels/12:34/gossip | 400 | scid",
        "/v1/nodes/03abc/gossip | 400 | node_id",
        "/v1/channels/1x1x1/gossip | 404 | ",
        "/v1/nowhere | 404 | "
    })
    void shouldAnswerBadRequestsWithAProblem(String path, int status, String parameter) throws Exception {
        HttpResponse<byte[]> r = get(path);
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("type").asText()).startsWith("https://lngossip.io/problems/");
        assertThat(new String(r.body())).doesNotContain("Exception").doesNotContain("SELECT");
        if (parameter != null) {
            assertThat(body.get("parameter").asText()).isEqualTo(parameter);
        }
    }

    @Test
    void shouldAnswer404ForANodeNothingNames() throws Exception {
        HttpResponse<byte[]> r = get("/v1/nodes/02" + "aa".repeat(32) + "/gossip");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(new ObjectMapper().readTree(r.body()).get("type").asText()).endsWith("/not-found");
    }

    @Test
    void shouldServeThirtyTwoConcurrentSnapshots() throws Exception {
        long t = 1_763_400_000L;
        byte[] want = gsp(raw(expected.snapshot(t, MaxAge.DEFAULT).messages()));
        List<CompletableFuture<HttpResponse<byte[]>>> all = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            all.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/v1/snapshot?at=" + t)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        for (CompletableFuture<HttpResponse<byte[]>> f : all) {
            HttpResponse<byte[]> r = f.get();
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(want);
        }
    }

    @Test
    void shouldGzipWhenTheClientAcceptsIt() throws Exception {
        long t = 1_763_400_000L;
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/snapshot?at=" + t))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
        byte[] body = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(r.body())).readAllBytes();
        assertThat(body).isEqualTo(gsp(raw(expected.snapshot(t, MaxAge.DEFAULT).messages())));
    }

    @Test
    void shouldServeHourlyStatsAndCoverage() throws Exception {
        // every distinct update is counted once, in the hour of its timestamp
        long updates = expected.messages().stream()
                .filter(m -> m.message() instanceof io.lngossip.codec.ChannelUpdate).count();
        JsonNode stats = new ObjectMapper().readTree(get("/v1/stats?from=0&to=1800000000&step=86400").body());
        long sum = 0;
        for (JsonNode point : stats.get("series")) {
            sum += point.get("channel_updates").asLong();
            assertThat(point.get("from").asLong() % 86_400).isZero();
        }
        assertThat(sum).isEqualTo(updates);
        assertThat(get("/v1/stats?from=0&to=10&step=100").statusCode()).isEqualTo(400);

        JsonNode coverage = new ObjectMapper().readTree(get("/v1/coverage").body());
        assertThat(coverage.get("collectors")).singleElement()
                .satisfies(c -> assertThat(c.get("collector").asText()).isEqualTo("test"));
        assertThat(get("/v1/snapshot?at=1500000000").headers().firstValue("X-Coverage")).hasValue("none");
        assertThat(get("/v1/snapshot?at=1755626400").headers().firstValue("X-Coverage"))
                .hasValueSatisfying(v -> assertThat(v).isIn("partial", "full"));
    }

    @Test
    void shouldDescribeEveryRouteInOpenApiAndServeMetrics() throws Exception {
        JsonNode api = new ObjectMapper().readTree(get("/openapi.json").body());
        assertThat(api.get("openapi").asText()).startsWith("3.");
        List<String> described = new ArrayList<>();
        api.get("paths").fieldNames().forEachRemaining(described::add);
        List<String> routes = app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
                .map(h -> h.getEndpoint().getPath()).filter(p -> !p.contains("*")).distinct().toList();
        assertThat(described).containsExactlyInAnyOrderElementsOf(routes);
        get("/v1/snapshot?at=1763400000");
        String metrics = new String(get("/metrics").body());
        assertThat(metrics).contains("lngossip_http_requests_seconds_count{path=\"/v1/snapshot\",status=\"200\"}")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void shouldServeTheSnapshotAsAGraphForAnalysisTools() throws Exception {
        long t = 1_763_400_000L;
        var snapshot = expected.snapshot(t, MaxAge.DEFAULT);
        JsonNode g = new ObjectMapper().readTree(get("/v1/snapshot?at=" + t + "&format=graph-json").body());
        assertThat(g.get("directed").asBoolean()).isTrue();
        assertThat(g.get("multigraph").asBoolean()).isTrue();
        assertThat(g.get("nodes")).hasSize(snapshot.nodes().size());
        assertThat(g.get("links")).hasSize(snapshot.halfChannelCount());
        // each edge carries the policy of the live update it stands for, from the node that sent it
        for (JsonNode link : g.get("links")) {
            var channel = snapshot.channels().stream()
                    .filter(c -> new ShortChannelId(c.scid()).toString().equals(link.get("scid").asText()))
                    .findFirst().orElseThrow();
            int d = link.get("direction").asInt();
            var u = (io.lngossip.codec.ChannelUpdate) expected.message(channel.half(d).id()).orElseThrow().message();
            assertThat(link.get("fee_proportional_millionths").asLong()).isEqualTo(u.feeProportionalMillionths());
            assertThat(link.get("cltv_expiry_delta").asInt()).isEqualTo(u.cltvExpiryDelta());
            assertThat(link.get("disabled").asBoolean()).isEqualTo(u.disabled());
            assertThat(link.get("source").asText()).isEqualTo(
                    (d == 0 ? channel.announcement().nodeId1() : channel.announcement().nodeId2()).hex());
        }
        long announced = snapshot.nodes().stream().filter(n -> n.announcement() != null).count();
        int withAlias = 0;
        for (JsonNode n : g.get("nodes")) {
            withAlias += n.has("alias") ? 1 : 0;
        }
        assertThat(withAlias).isEqualTo(announced);

        byte[] xml = get("/v1/snapshot?at=" + t + "&format=graphml").body();
        var doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(xml));
        assertThat(doc.getElementsByTagName("node").getLength()).isEqualTo(snapshot.nodes().size());
        assertThat(doc.getElementsByTagName("edge").getLength()).isEqualTo(snapshot.halfChannelCount());
        assertThat(get("/v1/diff?from=1&to=2&format=graphml").statusCode()).isEqualTo(400);
    }

    /**
     * The service's own connection, switched to read-write so that only the role's privileges stand in the way:
     * every kind of write is refused as insufficient_privilege (42501), not merely as a read-only transaction.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
        "INSERT INTO channel_closes (scid, closed_at) VALUES (1, 2)",
        "UPDATE messages SET first_seen = 0",
        "DELETE FROM quarantine",
        "TRUNCATE checkpoints",
        "CREATE TABLE intruder (x int)",
        "ALTER TABLE messages ADD COLUMN intruder int",
        "DROP TABLE channel_closes",
        "SET ROLE postgres"
    })
    void shouldConnectWithARoleThatCannotWrite(String write) throws Exception {
        try (var c = db.getConnection(); var s = c.createStatement()) {
            c.setReadOnly(false);
            s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
            try (var rs = s.executeQuery("SHOW transaction_read_only")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("off");
            }
            try {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.execute(write))
                        .isInstanceOfSatisfying(java.sql.SQLException.class,
                                e -> assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("42501"));
            } finally {
                s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"); // back in the pool read-only
            }
        }
        try (var c = POSTGRES.dataSource().getConnection(); var s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM channel_closes WHERE scid = 1")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    @Test
    void shouldReportHealth() throws Exception {
        HttpResponse<byte[]> r = get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.body())).contains("\"database\":\"up\"");
    }

    @Test
    void shouldKnowUnknownScidsFromKnownOnesWithNothingInTheWindow() throws Exception {
        StoredMessage ann = expected.messages().stream()
                .filter(m -> m.message() instanceof io.lngossip.codec.ChannelAnnouncement).findFirst().orElseThrow();
        ShortChannelId scid = ((io.lngossip.codec.ChannelAnnouncement) ann.message()).shortChannelId();
        // known, nothing in the window but its announcement (always included)
        HttpResponse<byte[]> r = get("/v1/channels/" + scid + "/gossip?from=1&to=2&format=json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(r.body()).get("messages")).hasSize(
                expected.byScid(scid.value(), 1L, 2L).size());
    }

    /** The canonical update of each (direction, timestamp) slot of a channel, by (timestamp, direction). */
    static List<StoredMessage> canonicalUpdates(long scid) {
        java.util.Map<String, StoredMessage> slots = new java.util.HashMap<>();
        for (StoredMessage m : expected.byScid(scid, null, null)) {
            if (m.message() instanceof io.lngossip.codec.ChannelUpdate u) {
                slots.merge(u.direction() + "@" + u.timestamp(), m, (x, y) -> x.id().compareTo(y.id()) <= 0 ? x : y);
            }
        }
        return slots.values().stream().sorted(java.util.Comparator
                .comparingLong((StoredMessage m) -> ((io.lngossip.codec.ChannelUpdate) m.message()).timestamp())
                .thenComparingInt(m -> ((io.lngossip.codec.ChannelUpdate) m.message()).direction())).toList();
    }

    /** The canonical announcement of a scid (smallest gossip_id), or null. */
    static io.lngossip.codec.ChannelAnnouncement canonicalAnnouncement(long scid) {
        return expected.byScid(scid, null, null).stream()
                .filter(m -> m.message() instanceof io.lngossip.codec.ChannelAnnouncement)
                .min(java.util.Comparator.comparing(StoredMessage::id))
                .map(m -> (io.lngossip.codec.ChannelAnnouncement) m.message()).orElse(null);
    }

    @Test
    void shouldServeAChannelsTimelineOfItsCanonicalUpdates() throws Exception {
        java.util.Set<Long> scids = new java.util.TreeSet<>();
        for (StoredMessage m : expected.messages()) {
            if (m.message() instanceof io.lngossip.codec.ChannelAnnouncement a) {
                scids.add(a.shortChannelId().value());
            }
        }
        long orphan = expected.messages().stream().map(StoredMessage::message)
                .filter(m -> m instanceof io.lngossip.codec.ChannelUpdate u && !scids.contains(u.shortChannelId().value()))
                .map(m -> ((io.lngossip.codec.ChannelUpdate) m).shortChannelId().value()).findFirst().orElseThrow();
        List<Long> checked = new ArrayList<>(scids.stream().filter(s -> !canonicalUpdates(s).isEmpty()).toList());
        assertThat(checked).isNotEmpty();
        checked.add(orphan);
        checked.add(scids.iterator().next());
        for (long scid : checked) {
            HttpResponse<byte[]> r = get("/v1/channels/" + new ShortChannelId(scid) + "/timeline");
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode t = new ObjectMapper().readTree(r.body());
            var announcement = canonicalAnnouncement(scid);
            assertThat(t.get("scid").asText()).isEqualTo(new ShortChannelId(scid).toString());
            assertThat(t.get("announced").asBoolean()).isEqualTo(announcement != null);
            if (announcement != null) {
                assertThat(t.get("node_id_1").asText()).isEqualTo(announcement.nodeId1().hex());
                assertThat(t.get("node_id_2").asText()).isEqualTo(announcement.nodeId2().hex());
            } else {
                assertThat(t.get("node_id_1").isNull()).isTrue();
            }
            List<StoredMessage> want = canonicalUpdates(scid);
            assertThat(t.get("updates")).hasSize(want.size());
            for (int i = 0; i < want.size(); i++) {
                var u = (io.lngossip.codec.ChannelUpdate) want.get(i).message();
                JsonNode got = t.get("updates").get(i);
                assertThat(got.get("gossip_id").asText()).isEqualTo(want.get(i).id().hex());
                assertThat(got.get("timestamp").asLong()).isEqualTo(u.timestamp());
                assertThat(got.get("direction").asInt()).isEqualTo(u.channelFlags() & 1);
                assertThat(got.get("disabled").asBoolean()).isEqualTo((u.channelFlags() & 2) != 0);
                assertThat(got.get("fee_base_msat").asLong()).isEqualTo(u.feeBaseMsat());
                assertThat(got.get("fee_proportional_millionths").asLong()).isEqualTo(u.feeProportionalMillionths());
                assertThat(got.get("cltv_expiry_delta").asInt()).isEqualTo(u.cltvExpiryDelta());
                assertThat(got.get("htlc_maximum_msat").isNull()).isEqualTo((u.messageFlags() & 1) == 0);
            }
        }
        // from/to bound the updates
        long busiest = checked.stream().max(java.util.Comparator.comparingInt(s -> canonicalUpdates(s).size()))
                .orElseThrow();
        List<StoredMessage> all = canonicalUpdates(busiest);
        long from = ((io.lngossip.codec.ChannelUpdate) all.get(all.size() / 2).message()).timestamp();
        JsonNode bounded = new ObjectMapper().readTree(get("/v1/channels/" + new ShortChannelId(busiest)
                + "/timeline?from=" + from).body());
        assertThat(bounded.get("updates")).hasSize((int) all.stream()
                .filter(m -> ((io.lngossip.codec.ChannelUpdate) m.message()).timestamp() >= from).count());
    }

    @Test
    void shouldServeANodesTimelineWhoseChannelCountIsTheSnapshots() throws Exception {
        // an endpoint of an announced channel that has updates, found from the replay
        NodeId node = null;
        for (StoredMessage m : expected.messages()) {
            if (m.message() instanceof io.lngossip.codec.ChannelAnnouncement a
                    && !canonicalUpdates(a.shortChannelId().value()).isEmpty()) {
                node = a.nodeId2();
                break;
            }
        }
        assertThat(node).isNotNull();
        for (String maxAge : List.of("", "?maxAge=unbounded", "?maxAge=3600")) {
            HttpResponse<byte[]> r = get("/v1/nodes/" + node.hex() + "/timeline" + maxAge);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode t = new ObjectMapper().readTree(r.body());
            MaxAge m = maxAge.isEmpty() ? MaxAge.DEFAULT
                    : maxAge.contains("unbounded") ? MaxAge.UNBOUNDED : MaxAge.ofSeconds(3600);
            // announcements: one per timestamp, the smallest gossip_id, ascending
            java.util.TreeMap<Long, StoredMessage> byTime = new java.util.TreeMap<>();
            java.util.Set<Long> mine = new java.util.TreeSet<>(Long::compareUnsigned);
            for (StoredMessage s : expected.messages()) {
                if (s.message() instanceof io.lngossip.codec.NodeAnnouncement n && n.nodeId().equals(node)) {
                    byTime.merge(n.timestamp(), s, (x, y) -> x.id().compareTo(y.id()) <= 0 ? x : y);
                } else if (s.message() instanceof io.lngossip.codec.ChannelAnnouncement a) {
                    var c = canonicalAnnouncement(a.shortChannelId().value());
                    if (c.nodeId1().equals(node) || c.nodeId2().equals(node)) {
                        mine.add(a.shortChannelId().value());
                    }
                }
            }
            assertThat(t.get("announcements")).hasSize(byTime.size());
            int i = 0;
            for (StoredMessage s : byTime.values()) {
                JsonNode a = t.get("announcements").get(i++);
                assertThat(a.get("gossip_id").asText()).isEqualTo(s.id().hex());
                assertThat(a.get("alias").asText()).isEqualTo(
                        ((io.lngossip.codec.NodeAnnouncement) s.message()).aliasText());
            }
            List<String> scids = new ArrayList<>();
            t.get("channels").forEach(c -> scids.add(c.get("scid").asText()));
            assertThat(scids).containsExactlyElementsOf(mine.stream().map(s -> new ShortChannelId(s).toString())
                    .toList());
            // the channel count: Snapshot(T)'s, at every instant where it could change and just before
            List<long[]> points = new ArrayList<>();
            t.get("live_channels").forEach(p -> points.add(new long[] {p.get("at").asLong(),
                p.get("channels").asLong()}));
            assertThat(points).isNotEmpty();
            java.util.TreeSet<Long> instants = new java.util.TreeSet<>();
            for (long[] p : points) {
                instants.add(p[0]);
                instants.add(p[0] - 1);
            }
            for (long scid : mine) {
                for (StoredMessage u : canonicalUpdates(scid)) {
                    long ts = ((io.lngossip.codec.ChannelUpdate) u.message()).timestamp();
                    instants.add(ts - 1);
                    instants.add(ts);
                    if (!m.unbounded()) {
                        instants.add(ts + m.seconds());
                        instants.add(ts + m.seconds() + 1);
                    }
                }
            }
            for (long at : instants) {
                long shown = 0;
                for (long[] p : points) {
                    if (p[0] <= at) {
                        shown = p[1];
                    }
                }
                NodeId me = node;
                long want = expected.snapshot(at, m).channels().stream().filter(c -> c.announcement().nodeId1()
                        .equals(me) || c.announcement().nodeId2().equals(me)).count();
                assertThat(shown).as("maxAge %s, T=%d", m, at).isEqualTo(want);
            }
        }
        assertThat(get("/v1/nodes/" + node.hex() + "/timeline?maxAge=soon").statusCode()).isEqualTo(400);
        assertThat(get("/v1/nodes/02" + "aa".repeat(32) + "/timeline").statusCode()).isEqualTo(404);
        assertThat(get("/v1/nodes/02ab/timeline").statusCode()).isEqualTo(400);
        assertThat(get("/v1/channels/1x1x1/timeline").statusCode()).isEqualTo(404);
        assertThat(get("/v1/channels/1:1/timeline").statusCode()).isEqualTo(400);
        assertThat(get("/v1/channels/1x1x1/timeline?from=5&to=1").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldSummariseSnapshotsWithTheirKnownCapacity() throws Exception {
        long t = 1_763_400_000L;
        var snapshot = expected.snapshot(t, MaxAge.DEFAULT);
        assertThat(snapshot.channels()).isNotEmpty();
        long scid = snapshot.channels().get(0).scid();
        try (var c = POSTGRES.dataSource().getConnection(); var s = c.createStatement()) {
            s.execute("INSERT INTO channel_capacities (scid, capacity_sat) VALUES (" + scid + ", 2500000)");
        }
        try {
            for (long at : new long[] {1_629_100_000L, 1_755_600_000L, 1_755_626_400L, t}) {
                for (String maxAge : List.of("", "&maxAge=unbounded")) {
                    var want = expected.snapshot(at, maxAge.isEmpty() ? MaxAge.DEFAULT : MaxAge.UNBOUNDED);
                    HttpResponse<byte[]> r = get("/v1/snapshot/summary?at=" + at + maxAge);
                    assertThat(r.statusCode()).isEqualTo(200);
                    JsonNode j = new ObjectMapper().readTree(r.body());
                    assertThat(j.get("channels").asInt()).as("T=%d%s", at, maxAge).isEqualTo(want.channels().size());
                    assertThat(j.get("half_channels").asInt()).isEqualTo(want.halfChannelCount());
                    assertThat(j.get("nodes").asInt()).isEqualTo(want.nodes().size());
                    assertThat(j.get("node_announcements").asLong()).isEqualTo(
                            want.nodes().stream().filter(n -> n.announcement() != null).count());
                    assertThat(j.get("messages").asInt()).isEqualTo(want.messages().size());
                    boolean has = want.channels().stream().anyMatch(c -> c.scid() == scid);
                    assertThat(j.get("channels_with_capacity").asInt()).isEqualTo(has ? 1 : 0);
                    if (has) {
                        assertThat(j.get("capacity_sat").asLong()).isEqualTo(2_500_000L);
                    } else {
                        assertThat(j.get("capacity_sat").isNull()).isTrue();
                    }
                    assertThat(r.headers().firstValue("X-Coverage")).hasValue(j.get("coverage").asText());
                    assertThat(j.has("median_fee_ppm")).isFalse();
                    // median fees on request: the lower median over the live half-channels' updates
                    JsonNode f = new ObjectMapper().readTree(get("/v1/snapshot/summary?at=" + at + maxAge
                            + "&fees=true").body());
                    List<Long> base = new ArrayList<>();
                    List<Long> ppm = new ArrayList<>();
                    for (var c : want.channels()) {
                        for (var u : new io.lngossip.model.UpdateRef[] {c.direction0(), c.direction1()}) {
                            if (u != null) {
                                var cu = (io.lngossip.codec.ChannelUpdate) expected.message(u.id()).orElseThrow()
                                        .message();
                                base.add(cu.feeBaseMsat());
                                ppm.add(cu.feeProportionalMillionths());
                            }
                        }
                    }
                    base.sort(null);
                    ppm.sort(null);
                    if (base.isEmpty()) {
                        assertThat(f.get("median_fee_ppm").isNull()).isTrue();
                    } else {
                        assertThat(f.get("median_fee_base_msat").asLong()).isEqualTo(base.get((base.size() - 1) / 2));
                        assertThat(f.get("median_fee_ppm").asLong()).isEqualTo(ppm.get((ppm.size() - 1) / 2));
                    }
                }
            }
        } finally {
            try (var c = POSTGRES.dataSource().getConnection(); var s = c.createStatement()) {
                s.execute("DELETE FROM channel_capacities WHERE scid = " + scid);
            }
        }
        assertThat(get("/v1/snapshot/summary").statusCode()).isEqualTo(400);
        assertThat(get("/v1/snapshot/summary?at=1&maxAge=x").statusCode()).isEqualTo(400);
        assertThat(get("/v1/snapshot/summary?at=1&fees=maybe").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldServeTheExplorerPageAtTheRoot() throws Exception {
        HttpResponse<byte[]> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(new String(page.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("explorer.js");
        assertThat(get("/explorer.js").statusCode()).isEqualTo(200);
        assertThat(get("/explorer.css").statusCode()).isEqualTo(200);
    }
}
