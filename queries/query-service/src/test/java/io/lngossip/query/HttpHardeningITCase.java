package io.lngossip.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.lngossip.embedded.junit.PostgresExtension;
import io.lngossip.query.dao.HistoryDao;
import io.lngossip.query.http.HttpOptions;
import io.lngossip.query.http.QueryServiceApp;
import io.lngossip.query.service.QueryService;
import io.lngossip.schema.HistorySchema;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HTTP layer's limits against the real service on port 0 and a real (migrated, empty) PostgreSQL, reached as a
 * login role in lngossip_reader: oversized and malformed requests, the expensive-query limiter (queue, then 429), the
 * per-request timeout, and error bodies that never carry a stack trace or SQL. Slow requests are made deterministic
 * by holding a lock on the table they read, not by racing a clock.
 */
class HttpHardeningITCase {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();
    static HikariDataSource db;
    static Javalin app;

    @BeforeAll
    static void start() throws Exception {
        HistorySchema.migrate(POSTGRES.dataSource());
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE hardening_it LOGIN IN ROLE lngossip_reader");
        }
        db = QueryServiceMain.dataSource(POSTGRES.server().jdbcUrl(POSTGRES.database(), "hardening_it"), null, null,
                4, 60);
        app = start(db, HttpOptions.defaults());
    }

    @AfterAll
    static void stop() {
        app.stop();
        db.close();
    }

    static Javalin start(HikariDataSource pool, HttpOptions options) {
        return QueryServiceApp.create(new QueryService(new HistoryDao(pool)),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), null, () -> true, options).start(0);
    }

    static HttpResponse<String> get(Javalin on, String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + on.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static CompletableFuture<HttpResponse<String>> getAsync(Javalin on, String pathAndQuery) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + on.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends {@code head} as is (for what HttpClient refuses to send) and returns the whole answer. */
    static String raw(String head) throws Exception {
        try (Socket s = new Socket("localhost", app.port())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A problem+json body of {@code status} whose type ends with {@code type}, with nothing internal in it. */
    static JsonNode assertProblem(int status, String contentType, String body, String type) throws Exception {
        assertThat(contentType).startsWith("application/problem+json");
        assertClean(body);
        JsonNode problem = JSON.readTree(body);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asText()).isEqualTo("https://lngossip.io/problems/" + type);
        assertThat(problem.get("detail").asText()).isNotBlank();
        return problem;
    }

    static void assertClean(String body) {
        assertThat(body).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("at io.")
                .doesNotContain("at org.").doesNotContain("SELECT").doesNotContain("ERROR:")
                .doesNotContain("permission denied").doesNotContain("jdbc:").doesNotContain("<html")
                .doesNotContain("org.eclipse").doesNotContain("hardening_it");
    }

    static void waitFor(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            Thread.sleep(20);
        }
    }

    static double gauge(Javalin on, String name) {
        try {
            for (String line : get(on, "/metrics").body().split("\n")) {
                if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return Double.NaN;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Holds an exclusive lock on the messages table (which Range reads) until closed. */
    static Connection lockMessages() throws Exception {
        Connection c = POSTGRES.dataSource().getConnection();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("LOCK TABLE messages IN ACCESS EXCLUSIVE MODE");
        }
        return c;
    }

    @Test
    void shouldAnswerAnEmptyHistoryWith200() throws Exception {
        HttpResponse<String> r = get(app, "/v1/gossip?from=0&to=1&format=json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("messages")).isEmpty();
    }

    @Test
    void shouldRefuseALongRequestLineWith414() throws Exception {
        HttpResponse<String> r = get(app, "/v1/snapshot?at=" + "1".repeat(10_000));
        assertThat(r.statusCode()).isEqualTo(414);
        assertProblem(414, r.headers().firstValue("Content-Type").orElse(""), r.body(), "uri-too-long");
    }

    @Test
    void shouldRefuseOversizedHeadersWith431() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port()
                + "/v1/snapshot?at=1")).header("X-Padding", "a".repeat(10_000)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(431);
        assertProblem(431, r.headers().firstValue("Content-Type").orElse(""), r.body(), "headers-too-large");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/v1/snapshot?at=1&at=2 | at",
        "/v1/snapshot?at=1&maxAge=LONG | maxAge",
        "/v1/gossip?from=0&to=1&a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9&j=10&k=11&l=12&m=13&n=14&o=15 | o"
    })
    void shouldRefuseTooManyOrTooLongParametersWith400(String path, String parameter) throws Exception {
        HttpResponse<String> r = get(app, path.replace("LONG", "9".repeat(300)));
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode problem = assertProblem(400, r.headers().firstValue("Content-Type").orElse(""), r.body(),
                "bad-parameter");
        assertThat(problem.get("parameter").asText()).isEqualTo(parameter);
        assertThat(r.body()).hasSizeLessThan(600);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "GET /v1/snapshot?at=%zz HTTP/1.1",
        "GET /v1/%zz/gossip HTTP/1.1",
        "FROB\u0001 / HTTP/1.1",
        "GET /v1/snapshot?at=1 HTTP/9.9"
    })
    void shouldAnswerMalformedRequestsWithAProblemAndNoInternals(String requestLine) throws Exception {
        String answer = raw(requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        int status = Integer.parseInt(answer.substring(9, 12));
        assertThat(status).as(answer).isBetween(400, 505);
        int split = answer.indexOf("\r\n\r\n");
        String head = answer.substring(0, split).toLowerCase(java.util.Locale.ROOT);
        assertThat(head).contains("content-type: application/problem+json");
        String body = answer.substring(split + 4);
        // a chunked body has its length lines around the JSON
        body = body.substring(body.indexOf('{'), body.lastIndexOf('}') + 1);
        assertClean(body);
        assertThat(JSON.readTree(body).get("status").asInt()).isEqualTo(status);
        assertThat(head).doesNotContain("server: jetty");
    }

    @Test
    void shouldQueueExpensiveQueriesThenRefuseThemWith429AndRetryAfter() throws Exception {
        Javalin limited = start(db, HttpOptions.defaults().withQueryLimits(1, 1, Duration.ofSeconds(60)));
        try (Connection lock = lockMessages()) {
            CompletableFuture<HttpResponse<String>> first = getAsync(limited, "/v1/gossip?from=0&to=1");
            waitFor("the first query holds the only slot", () -> gauge(limited, "lngossip_queries_active") == 1);
            CompletableFuture<HttpResponse<String>> queued = getAsync(limited, "/v1/gossip?from=0&to=2");
            waitFor("the second query waits", () -> gauge(limited, "lngossip_queries_waiting") == 1);

            HttpResponse<String> refused = get(limited, "/v1/channels/1x1x1/gossip");
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("60");
            JsonNode problem = assertProblem(429, refused.headers().firstValue("Content-Type").orElse(""),
                    refused.body(), "too-many-requests");
            assertThat(problem.get("detail").asText()).contains("already wait");
            // cheap requests are not limited
            assertThat(get(limited, "/health").statusCode()).isEqualTo(200);
            assertThat(first).isNotDone();

            lock.rollback();
            assertThat(first.get().statusCode()).isEqualTo(200);
            assertThat(queued.get().statusCode()).isEqualTo(200);
        } finally {
            limited.stop();
        }
    }

    @Test
    void shouldRefuseAQueryThatWaitedTooLongWith429() throws Exception {
        Javalin limited = start(db, HttpOptions.defaults().withQueryLimits(1, 4, Duration.ofMillis(300)));
        try (Connection lock = lockMessages()) {
            CompletableFuture<HttpResponse<String>> first = getAsync(limited, "/v1/gossip?from=0&to=1");
            waitFor("the first query holds the only slot", () -> gauge(limited, "lngossip_queries_active") == 1);
            HttpResponse<String> refused = get(limited, "/v1/snapshot?at=1");
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(assertProblem(429, refused.headers().firstValue("Content-Type").orElse(""), refused.body(),
                    "too-many-requests").get("detail").asText()).contains("stayed busy");
            lock.rollback();
            assertThat(first.get().statusCode()).isEqualTo(200);
            assertThat(gauge(limited, "lngossip_queries_rejected_total")).isEqualTo(1);
        } finally {
            limited.stop();
        }
    }

    @Test
    void shouldEndASlowRequestWith503Timeout() throws Exception {
        try (HikariDataSource slow = QueryServiceMain.dataSource(POSTGRES.server().jdbcUrl(POSTGRES.database(),
                "hardening_it"), null, null, 2, 1)) {
            Javalin timed = start(slow, HttpOptions.defaults());
            try (Connection lock = lockMessages()) {
                HttpResponse<String> r = get(timed, "/v1/gossip?from=0&to=1");
                assertThat(r.statusCode()).isEqualTo(503);
                assertProblem(503, r.headers().firstValue("Content-Type").orElse(""), r.body(), "timeout");
                lock.rollback();
                assertThat(get(timed, "/v1/gossip?from=0&to=1").statusCode()).isEqualTo(200);
            } finally {
                timed.stop();
            }
        }
    }

    @Test
    void shouldHideTheSqlOfAFailedStatement() throws Exception {
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("REVOKE SELECT ON messages FROM lngossip_reader");
            try {
                HttpResponse<String> r = get(app, "/v1/gossip?from=0&to=1");
                assertThat(r.statusCode()).isEqualTo(500);
                assertProblem(500, r.headers().firstValue("Content-Type").orElse(""), r.body(), "internal");
            } finally {
                s.execute("GRANT SELECT ON messages TO lngossip_reader");
            }
        }
        assertThat(get(app, "/v1/gossip?from=0&to=1").statusCode()).isEqualTo(200);
    }

    /** Request metrics are labelled by route, so made-up paths cannot grow the registry without bound. */
    @Test
    void shouldKeepMetricsBoundedWhateverPathsClientsMakeUp() throws Exception {
        for (int i = 0; i < 50; i++) {
            assertThat(get(app, "/v1/made-up-" + i + "?x=" + i).statusCode()).isEqualTo(404);
            assertThat(get(app, "/v1/channels/" + i + "x1x1/gossip").statusCode()).isEqualTo(404);
        }
        String metrics = get(app, "/metrics").body();
        assertThat(metrics).doesNotContain("made-up").doesNotContain("x1x1");
        long series = metrics.lines().filter(l -> l.startsWith("lngossip_http_requests_seconds_count")).count();
        assertThat(series).isLessThan(20);
    }
}
