package io.lngossip.bench.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.lngossip.bench.generator.GeneratorOptions;
import io.lngossip.bench.generator.GossipGenerator;
import io.lngossip.embedded.junit.PostgresExtension;
import io.lngossip.query.QueryServiceMain;
import io.lngossip.query.dao.HistoryDao;
import io.lngossip.query.http.QueryServiceApp;
import io.lngossip.query.service.QueryService;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every baseline gives our service's answer byte for byte, on a small bulk-loaded history. */
class BaselinesITCase {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    static final int GSP_HEADER = 4; // "GSP" 0x01
    static final GeneratorOptions OPTIONS = GeneratorOptions.small();
    static GossipGenerator generator;
    static HikariDataSource pool;
    static Javalin app;
    static Connection sql;
    static long start;
    static long end;

    @BeforeAll
    static void load() throws Exception {
        generator = GossipGenerator.create(OPTIONS);
        new BulkLoader(POSTGRES.dataSource()).load(generator, GeneratorOptions.COLLECTOR_A);
        Baselines.build(POSTGRES.dataSource());
        start = OPTIONS.start().getEpochSecond();
        end = OPTIONS.end().getEpochSecond();
        Baselines.fillFloor(POSTGRES.dataSource(), instants(), QueryBenchmark.MAX_AGE);
        pool = QueryServiceMain.dataSource(POSTGRES.jdbcUrl(), null, null, 2);
        app = QueryServiceApp.create(new QueryService(new HistoryDao(pool))).start(0);
        sql = DriverManager.getConnection(QueryBenchmark.baselineUrl(POSTGRES.jdbcUrl()));
    }

    @AfterAll
    static void stop() throws Exception {
        sql.close();
        app.stop();
        pool.close();
    }

    /** Before any data, in the first sync, mid-history, and at the end where stale channels are pruned. */
    static long[] instants() {
        return new long[] {start - 86_400 * 365, start + 300, start + 3_600, start + 86_400 + 1_234, end - 1};
    }

    static byte[] ours(String path) throws Exception {
        HttpResponse<InputStream> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + app.port() + path)).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = res.body()) {
            assertThat(res.statusCode()).as(path).isEqualTo(200);
            return in.readAllBytes();
        }
    }

    static byte[] baseline(NamedSql query, Map<String, Object> values) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Baselines.stream(sql, query, values, new Answer(out));
        return out.toByteArray();
    }

    @Test
    void shouldGiveOurSnapshotBytesFromEveryBaseline() throws Exception {
        long messages = 0;
        for (long t : instants()) {
            byte[] expected = ours("/v1/snapshot?at=" + t);
            Map<String, Object> v = Map.of("t", t, "max_age", QueryBenchmark.MAX_AGE);
            for (NamedSql q : new NamedSql[] {Baselines.NAIVE, Baselines.SCD_BTREE, Baselines.SCD_GIST,
                Baselines.FLOOR}) {
                assertThat(baseline(q, v)).as("snapshot at %d by %s", t, q.text()).isEqualTo(expected);
            }
            messages += expected.length - GSP_HEADER;
        }
        assertThat(messages).as("some snapshots hold messages").isPositive();
        assertThat(ours("/v1/snapshot?at=" + instants()[0])).as("before any data").hasSize(GSP_HEADER);
    }

    @Test
    void shouldGiveOurDiffBytes() throws Exception {
        for (long[] w : new long[][] {{start + 3_600, start + 7_200}, {start + 600, end - 1}, {end - 86_400, end}}) {
            byte[] expected = ours("/v1/diff?from=" + w[0] + "&to=" + w[1]);
            assertThat(expected.length).isGreaterThan(GSP_HEADER);
            assertThat(baseline(Baselines.DIFF_GIST, Map.of("t1", w[0], "t2", w[1], "max_age",
                    QueryBenchmark.MAX_AGE))).as("diff %d..%d", w[0], w[1]).isEqualTo(expected);
        }
    }

    @Test
    void shouldGiveOurChannelAndNodeHistories() throws Exception {
        byte[] channel = ours("/v1/channels/" + generator.hotChannel() + "/gossip");
        assertThat(channel.length).isGreaterThan(1_000);
        assertThat(baseline(Baselines.BY_SCID, Map.of("scid", generator.hotChannel().value()))).isEqualTo(channel);
        byte[] node = ours("/v1/nodes/" + generator.busiestNode().hex() + "/gossip");
        assertThat(node.length).isGreaterThan(1_000);
        assertThat(baseline(Baselines.BY_NODE, Map.of("node", generator.busiestNode().toArray()))).isEqualTo(node);
    }
}
