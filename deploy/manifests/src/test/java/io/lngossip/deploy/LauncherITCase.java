package io.lngossip.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README command 1 as a user runs it: the launcher script, headless; queried over HTTP, then stopped. */
class LauncherITCase {

    @Test
    void shouldStartTheDemoAnswerAndStopCleanly(@TempDir Path dataDir) throws Exception {
        Path root = ManifestsTest.ROOT;
        Process demo = new ProcessBuilder(root.resolve("lngossip").toString(), "demo", "--port", "0", "--data-dir",
                dataDir.toString()).directory(root.toFile()).redirectErrorStream(true).start();
        try {
            String api = null;
            StringBuilder seen = new StringBuilder();
            Pattern address = Pattern.compile("HTTP API:\\s+(http://localhost:\\d+)");
            try (BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(),
                    StandardCharsets.UTF_8))) {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
                for (String line = out.readLine(); line != null && System.nanoTime() < deadline; line = out.readLine()) {
                    seen.append(line).append('\n');
                    Matcher m = address.matcher(line);
                    if (m.find()) {
                        api = m.group(1);
                        break;
                    }
                }
                assertThat(api).as("the demo printed its address; output so far:%n%s", seen).isNotNull();
                assertThat(seen.toString()).contains("ready: ").contains("messages stored");
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(api + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
                HttpResponse<byte[]> snapshot = http.send(HttpRequest.newBuilder(URI.create(api
                        + "/v1/snapshot?at=2025-11-17T18:00:00Z")).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(snapshot.statusCode()).isEqualTo(200);
                assertThat(snapshot.body()).startsWith('G', 'S', 'P', 1);
                assertThat(Integer.parseInt(snapshot.headers().firstValue("X-Message-Count").orElseThrow()))
                        .isPositive();
            }
        } finally {
            demo.destroy(); // SIGTERM: the demo's shutdown hook stops everything
            boolean stopped = demo.waitFor(60, TimeUnit.SECONDS);
            if (!stopped) {
                demo.destroyForcibly();
            }
            assertThat(stopped).as("stopped within a minute").isTrue();
        }
    }
}
