package io.lngossip.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.lngossip.codec.ChannelAnnouncement;
import io.lngossip.codec.ChannelUpdate;
import io.lngossip.codec.NodeAnnouncement;
import io.lngossip.codec.NodeId;
import io.lngossip.codec.ShortChannelId;
import io.lngossip.model.GraphHistory;
import io.lngossip.model.MaxAge;
import io.lngossip.model.Snapshot;
import io.lngossip.model.StoredMessage;
import io.lngossip.query.dao.HistoryDao;
import io.lngossip.query.http.QueryServiceApp;
import io.lngossip.query.service.QueryService;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The explorer page in a real browser: headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, found
 * at {@code /usr/bin} or through {@code -Dlngossip.chromium=} and {@code -Dlngossip.chromedriver=}) against the
 * service on port 0, with the demo's data (the real samples and the generated history) loaded through the real job
 * path. The charts must be drawn from data, and the figures shown must be graph-model's full replay's. Screenshots go
 * to {@code target/explorer-screenshots/} for review.
 */
class ExplorerBrowserITCase {

    @RegisterExtension
    static final io.lngossip.embedded.junit.PostgresExtension POSTGRES =
            new io.lngossip.embedded.junit.PostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final Path SCREENSHOTS = Path.of("target", "explorer-screenshots");
    static final Duration WAIT = Duration.ofSeconds(60);

    static GraphHistory expected;
    static HikariDataSource db;
    static Javalin app;
    static String base;
    static WebDriver driver;

    @BeforeAll
    static void loadStartAndOpenTheBrowser() throws Exception {
        File chromium = executable("lngossip.chromium", "/usr/bin/chromium");
        File chromedriver = executable("lngossip.chromedriver", "/usr/bin/chromedriver");
        expected = LoadedSamples.load(POSTGRES, true);
        LoadedSamples.createReader(POSTGRES, "explorer_it");
        db = QueryServiceMain.dataSource(POSTGRES.server().jdbcUrl(POSTGRES.database(), "explorer_it"), null, null, 4);
        app = QueryServiceApp.create(new QueryService(new HistoryDao(db))).start(0);
        base = "http://localhost:" + app.port();

        Path profile = Files.createTempDirectory("explorer-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1440,1000", "--user-data-dir=" + profile);
        // an explicit driver: Selenium Manager (which would download one) is never asked
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(WAIT);
        Files.createDirectories(SCREENSHOTS);
    }

    /** The browser or driver, or a failure that says how to install them: a missing browser is no reason to skip. */
    static File executable(String property, String fallback) {
        File f = new File(System.getProperty(property, fallback));
        assertThat(f.canExecute()).as("%s is missing: install Debian's chromium and chromium-driver (apt-get install"
                + " -y chromium chromium-driver, as .ci/run does) or set -D%s=PATH", f, property).isTrue();
        return f;
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (app != null) {
            app.stop();
        }
        if (db != null) {
            db.close();
        }
    }

    static WebDriverWait waiting() {
        return new WebDriverWait(driver, WAIT);
    }

    static void open(String fragment) {
        driver.get("about:blank"); // a new document even when only the fragment differs
        driver.get(base + "/" + fragment);
        waiting().until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
    }

    /** Waits until the chart has drawn points, and returns how many. */
    static int points(String chartId) {
        waiting().until(d -> {
            String p = d.findElement(By.id(chartId)).getDomAttribute("data-points");
            return p != null && Integer.parseInt(p) > 0;
        });
        return Integer.parseInt(driver.findElement(By.id(chartId)).getDomAttribute("data-points"));
    }

    /** A screenshot of one section, the window made tall enough to hold all of it. */
    static void screenshot(String name, By section) throws Exception {
        tall(() -> Files.write(SCREENSHOTS.resolve(name + ".png"),
                driver.findElement(section).getScreenshotAs(OutputType.BYTES)));
    }

    static void screenshotPage(String name) throws Exception {
        tall(() -> Files.write(SCREENSHOTS.resolve(name + ".png"),
                ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES)));
    }

    interface Shot {
        void take() throws Exception;
    }

    static void tall(Shot shot) throws Exception {
        long height = (Long) ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1440, (int) Math.min(8000, height + 40)));
        try {
            shot.take();
        } finally {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1440, 1000));
        }
    }

    /** The figure shown for a key in the Snapshot(T) panel, once the panel shows it. */
    static long figure(String key) {
        By by = By.cssSelector("#t-figures .figure[data-key='" + key + "'] .v");
        waiting().until(d -> !d.findElements(by).isEmpty());
        return Long.parseLong(driver.findElement(by).getText().replace(",", ""));
    }

    static long shownT() {
        return Long.parseLong(driver.findElement(By.tagName("body")).getDomAttribute("data-at"));
    }

    @Test
    void shouldDrawTheNetworkOverTimeFromTheStatistics() throws Exception {
        open("");
        waiting().until(d -> {
            String drawn = d.findElement(By.id("charts-section")).getDomAttribute("data-drawn");
            return drawn != null && !drawn.isEmpty();
        });
        assertThat(points("chart-channels")).isGreaterThan(0);
        assertThat(points("chart-nodes")).isGreaterThan(0);
        assertThat(points("chart-fee-ppm")).isGreaterThan(0);
        assertThat(points("chart-fee-base")).isGreaterThan(0);
        points("chart-messages");
        assertThat(driver.findElements(By.cssSelector("#chart-channels path.series"))).hasSize(2);
        assertThat(driver.findElements(By.cssSelector("#chart-channels circle.pt"))).isNotEmpty();
        assertThat(driver.findElements(By.cssSelector("#chart-messages rect.bar"))).isNotEmpty();
        // the snapshot panel shows Snapshot(T) as a full replay computes it
        long t = shownT();
        Snapshot want = expected.snapshot(t, MaxAge.DEFAULT);
        assertThat(want.channels()).as("the default T should show a non-empty network").isNotEmpty();
        assertThat(figure("channels")).isEqualTo(want.channels().size());
        assertThat(figure("half-channels")).isEqualTo(want.halfChannelCount());
        assertThat(figure("nodes")).isEqualTo(want.nodes().size());
        assertThat(figure("messages")).isEqualTo(want.messageCount());
        screenshotPage("01-page");
        screenshot("02-network-charts", By.id("charts-section"));
        screenshot("03-snapshot-panel", By.id("snapshot-section"));
    }

    @Test
    void shouldMoveTAndTheWindowToAnotherIngestedPeriod() throws Exception {
        open("");
        List<WebElement> chips = driver.findElements(By.cssSelector("#periods .chip"));
        assertThat(chips).hasSizeGreaterThan(1);
        // the generated history of 2024-01-01..03: its own channels, nodes and fees
        WebElement chip = chips.stream().filter(c -> c.getText().startsWith("2024-01-0")).findFirst().orElseThrow();
        String window = chip.getDomAttribute("data-from") + "-" + chip.getDomAttribute("data-to");
        chip.click();
        waiting().until(d -> window.equals(d.findElement(By.id("charts-section")).getDomAttribute("data-drawn")));
        waiting().until(d -> shownT() < 1_710_000_000L);
        waiting().until(d -> d.findElement(By.id("t-label")).getText().startsWith("2024-01"));
        assertThat(points("chart-channels")).isGreaterThan(10);
        assertThat(points("chart-fee-ppm")).isGreaterThan(10);
        assertThat(points("chart-fee-base")).isGreaterThan(10);
        long t = shownT();
        waiting().until(d -> figure("channels") == expected.snapshot(t, MaxAge.DEFAULT).channels().size());
        // T by the date field
        WebElement input = driver.findElement(By.id("t-input"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = '2024-01-02T12:00:00';"
                + " arguments[0].dispatchEvent(new Event('change'));", input);
        long noon = 1_704_196_800L;
        waiting().until(d -> shownT() == noon);
        Snapshot want = expected.snapshot(noon, MaxAge.DEFAULT);
        waiting().until(d -> figure("channels") == want.channels().size());
        assertThat(figure("half-channels")).isEqualTo(want.halfChannelCount());
        assertThat(figure("nodes")).isEqualTo(want.nodes().size());
        screenshot("04-generated-period", By.id("charts-section"));
    }

    @Test
    void shouldOfferDownloadsThatAnswerWithTheRawGossip() throws Exception {
        open("");
        long t = shownT();
        HttpClient http = HttpClient.newHttpClient();
        for (String id : List.of("dl-snapshot-gsp", "dl-snapshot-json", "dl-snapshot-graph", "dl-snapshot-graphml",
                "dl-diff-gsp", "dl-diff-json")) {
            String href = driver.findElement(By.id(id)).getDomProperty("href");
            assertThat(href).as(id).startsWith(base + "/v1/");
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(href)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).as(href).isEqualTo(200);
        }
        String gsp = driver.findElement(By.id("dl-snapshot-gsp")).getDomProperty("href");
        assertThat(gsp).isEqualTo(base + "/v1/snapshot?at=" + t);
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(gsp)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.headers().firstValue("X-Message-Count"))
                .hasValue(String.valueOf(expected.snapshot(t, MaxAge.DEFAULT).messageCount()));
        assertThat(new String(r.body(), 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("GSP\u0001");
    }

    @Test
    void shouldShowAChannelsFeesAndDisabledFlagsOverTime() throws Exception {
        // the announced channel with the most update slots in both directions, found here from the replay
        Map<Long, Set<String>> slots = new HashMap<>();
        Set<Long> announced = new HashSet<>();
        for (StoredMessage m : expected.messages()) {
            if (m.message() instanceof ChannelUpdate u) {
                slots.computeIfAbsent(u.shortChannelId().value(), k -> new HashSet<>())
                        .add(u.direction() + "@" + u.timestamp());
            } else if (m.message() instanceof ChannelAnnouncement a) {
                announced.add(a.shortChannelId().value());
            }
        }
        long scid = slots.entrySet().stream().filter(e -> announced.contains(e.getKey()))
                .filter(e -> e.getValue().stream().anyMatch(s -> s.startsWith("0@"))
                        && e.getValue().stream().anyMatch(s -> s.startsWith("1@")))
                .max(Comparator.comparingInt((Map.Entry<Long, Set<String>> e) -> e.getValue().size()))
                .orElseThrow().getKey();
        String text = new ShortChannelId(scid).toString();
        open("");
        WebElement input = driver.findElement(By.id("channel-scid"));
        input.clear();
        input.sendKeys(text);
        driver.findElement(By.cssSelector("#channel-form button")).click();
        int slotCount = slots.get(scid).size();
        assertThat(points("chart-channel-ppm")).isEqualTo(slotCount);
        assertThat(points("chart-channel-base")).isEqualTo(slotCount);
        assertThat(points("chart-channel-disabled")).isEqualTo(slotCount);
        assertThat(driver.findElements(By.cssSelector("#chart-channel-ppm path.series"))).hasSize(2);
        assertThat(driver.findElements(By.cssSelector("#channel-updates tbody tr"))).hasSize(slotCount);
        assertThat(driver.findElement(By.id("channel-summary")).getText()).contains(text);
        String href = driver.findElement(By.id("dl-channel-gsp")).getDomProperty("href");
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(href)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Message-Count"))
                .hasValue(String.valueOf(expected.byScid(scid, null, null).size()));
        screenshot("05-channel", By.id("channel-section"));

        input.clear();
        input.sendKeys("1x1x1");
        driver.findElement(By.cssSelector("#channel-form button")).click();
        waiting().until(d -> d.findElement(By.id("channel-error")).isDisplayed());
        assertThat(driver.findElement(By.id("channel-error")).getText()).contains("1x1x1");
    }

    @Test
    void shouldShowANodesAliasesAndChannelsOverTime() throws Exception {
        // the node with the most announced channels that have updates (then the most announcement timestamps),
        // found here from the replay
        Map<NodeId, Set<Long>> announcedAt = new HashMap<>();
        Map<NodeId, Set<Long>> channels = new HashMap<>();
        Set<Long> updated = new HashSet<>();
        for (StoredMessage m : expected.messages()) {
            if (m.message() instanceof NodeAnnouncement n) {
                announcedAt.computeIfAbsent(n.nodeId(), k -> new HashSet<>()).add(n.timestamp());
            } else if (m.message() instanceof ChannelAnnouncement a) {
                channels.computeIfAbsent(a.nodeId1(), k -> new HashSet<>()).add(a.shortChannelId().value());
                channels.computeIfAbsent(a.nodeId2(), k -> new HashSet<>()).add(a.shortChannelId().value());
            } else {
                updated.add(((ChannelUpdate) m.message()).shortChannelId().value());
            }
        }
        NodeId node = announcedAt.keySet().stream().filter(channels::containsKey)
                .max(Comparator.comparingLong((NodeId n) -> channels.get(n).stream().filter(updated::contains).count()
                        * 100 + announcedAt.get(n).size())).orElseThrow();
        open("#node=" + node.hex());
        assertThat(points("chart-node-channels")).isGreaterThan(1);
        waiting().until(d -> d.findElements(By.cssSelector("#node-announcements tbody tr")).size()
                == announcedAt.get(node).size());
        assertThat(driver.findElements(By.cssSelector("#node-channels tbody tr"))).hasSize(channels.get(node).size());
        NodeAnnouncement latest = expected.messages().stream().map(StoredMessage::message)
                .filter(m -> m instanceof NodeAnnouncement n && n.nodeId().equals(node))
                .map(m -> (NodeAnnouncement) m)
                .max(Comparator.comparingLong(NodeAnnouncement::timestamp)).orElseThrow();
        assertThat(driver.findElement(By.cssSelector("#node-announcements tbody tr td:nth-child(2)")).getText())
                .isEqualTo(latest.aliasText().strip());
        screenshot("06-node", By.id("node-section"));

        // its first channel's link opens the channel view
        driver.findElement(By.cssSelector("#node-channels tbody tr td a")).click();
        assertThat(points("chart-channel-ppm")).isGreaterThan(0);
    }
}
