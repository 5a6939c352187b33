package io.lngossip.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.lngossip.query.dao.HistoryDao;
import io.lngossip.query.http.QueryServiceApp;
import io.lngossip.query.service.QueryService;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import io.lngossip.embedded.EmbeddedPostgresServer;
import io.lngossip.schema.HistorySchema;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With its database unreachable the service still starts, says so on /health and answers 503 problems; when the
 * database comes back it answers again by itself, without a restart.
 */
class DatabaseDownITCase {

    @Test
    void shouldRequireTheBearerTokenWhenConfigured() throws Exception {
        try (HikariDataSource db = QueryServiceMain.dataSource("jdbc:postgresql://localhost:1/none", null, null, 1)) {
            db.setConnectionTimeout(250);
            Javalin app = QueryServiceApp.create(new QueryService(new HistoryDao(db)),
                    new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                            io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT), "s3cret").start(0);
            try {
                HttpClient http = HttpClient.newHttpClient();
                String url = "http://localhost:" + app.port() + "/v1/snapshot?at=1";
                HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(none.statusCode()).isEqualTo(401);
                assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
                HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer s3cre").build(), HttpResponse.BodyHandlers.ofString());
                assertThat(wrong.statusCode()).isEqualTo(401);
                HttpResponse<String> right = http.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer s3cret").build(), HttpResponse.BodyHandlers.ofString());
                // past the token check: the (absent) database answers 503
                assertThat(right.statusCode()).isEqualTo(503);
                HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                        + app.port() + "/openapi.json")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(api.statusCode()).isEqualTo(200);
            } finally {
                app.stop();
            }
        }
    }

    @Test
    void shouldAnswer503WithAProblemAndSayItOnHealth() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free, and nothing listens on it once closed
        }
        try (HikariDataSource db = QueryServiceMain.dataSource("jdbc:postgresql://localhost:" + port + "/none",
                null, null, 2)) {
            db.setConnectionTimeout(500);
            Javalin app = QueryServiceApp.create(new QueryService(new HistoryDao(db))).start(0);
            try {
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://localhost:" + app.port();
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(503);
                assertThat(health.body()).contains("\"database\":\"down\"");
                HttpResponse<String> snapshot = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/v1/snapshot?at=1755626400")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(snapshot.statusCode()).isEqualTo(503);
                assertThat(snapshot.headers().firstValue("Content-Type")).hasValueSatisfying(
                        v -> assertThat(v).startsWith("application/problem+json"));
                assertThat(new ObjectMapper().readTree(snapshot.body()).get("type").asText())
                        .endsWith("/database-unavailable");
                assertThat(snapshot.body()).doesNotContain("Exception").doesNotContain("SELECT")
                        .doesNotContain("jdbc:");
            } finally {
                app.stop();
            }
        }
    }

    @Test
    void shouldRecoverByItselfWhenTheDatabaseComesBack(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = dir.resolve("pg");
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(data, port);
        try {
            pg.createDatabase("recovery");
            HistorySchema.migrate(pg.dataSource("recovery"));
            try (var c = pg.dataSource("recovery").getConnection(); var s = c.createStatement()) {
                s.execute("CREATE ROLE recovery_it LOGIN IN ROLE lngossip_reader");
            }
            try (HikariDataSource db = QueryServiceMain.dataSource(pg.jdbcUrl("recovery", "recovery_it"), null, null,
                    2)) {
                db.setConnectionTimeout(500);
                Javalin app = QueryServiceApp.create(new QueryService(new HistoryDao(db))).start(0);
                try {
                    HttpClient http = HttpClient.newHttpClient();
                    String base = "http://localhost:" + app.port();
                    assertThat(status(http, base + "/health")).isEqualTo(200);
                    assertThat(status(http, base + "/v1/gossip?from=0&to=1")).isEqualTo(200);

                    pg.close();
                    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(health.statusCode()).isEqualTo(503);
                    assertThat(health.body()).contains("\"database\":\"down\"");
                    HttpResponse<String> down = http.send(HttpRequest.newBuilder(URI.create(base
                            + "/v1/gossip?from=0&to=1")).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(down.statusCode()).isEqualTo(503);
                    assertThat(new ObjectMapper().readTree(down.body()).get("type").asText())
                            .endsWith("/database-unavailable");

                    pg = EmbeddedPostgresServer.start(data, port); // same data, same port: the operator's restart
                    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (status(http, base + "/health") != 200) {
                        assertThat(System.nanoTime()).as("health back within a minute").isLessThan(deadline);
                        Thread.sleep(100);
                    }
                    assertThat(status(http, base + "/v1/gossip?from=0&to=1")).isEqualTo(200);
                } finally {
                    app.stop();
                }
            }
        } finally {
            pg.close();
        }
    }

    private static int status(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
