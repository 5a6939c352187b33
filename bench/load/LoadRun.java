import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A load run against a running query service (not a test): N clients for S seconds on loopback, each looping over a
 * mix of snapshot (40%), diff (20%), channel history (20%) and node history (20%), reading every answer to its end.
 * Instants come from /v1/coverage, scids and node ids from a snapshot. Reports requests, errors (anything but 200,
 * 429 counted apart), throughput and p50/p99/max latency per kind, on stdout and as Markdown into bench/results/.
 *
 * <pre>
 * java bench/load/LoadRun.java --base http://localhost:8080 [--clients 200] [--seconds 60] [--token T] [--note TEXT]
 * </pre>
 * Single-file program (java's source launcher): no build, no dependencies beyond the JDK.
 */
public final class LoadRun {
    enum Kind { SNAPSHOT, DIFF, CHANNEL, NODE }

    record Range(long from, long to) { }

    public static void main(String[] args) throws Exception {
        String base = "http://localhost:8080";
        int clients = 200;
        int seconds = 60;
        String token = null;
        String note = "";
        Path out = Path.of("bench", "results");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--base" -> base = args[++i];
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--token" -> token = args[++i];
                case "--note" -> note = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: --base URL [--clients N] [--seconds S] [--token T] [--note TEXT] [--out DIR]");
            }
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        String auth = token;
        String root = base;

        List<Range> ranges = new ArrayList<>();
        String coverage = fetch(http, root, auth, "/v1/coverage");
        Matcher section = Pattern.compile("\"ranges\":\\[(.*?)\\]").matcher(coverage);
        while (section.find()) {
            Matcher object = Pattern.compile("\\{([^}]*)\\}").matcher(section.group(1));
            while (object.find()) {
                ranges.add(new Range(number(object.group(1), "from"), number(object.group(1), "to")));
            }
        }
        if (ranges.isEmpty()) {
            throw new IllegalStateException(root + "/v1/coverage lists no ingested range: load some data first");
        }
        Set<String> scidSet = new LinkedHashSet<>();
        Set<String> nodeSet = new LinkedHashSet<>();
        for (Range range : ranges) {
            String json = fetch(http, root, auth, "/v1/snapshot?format=json&maxAge=unbounded&at=" + range.to());
            collect(json, "\"short_channel_id\":\"([0-9x]+)\"", scidSet);
            collect(json, "\"node_id(?:_1|_2)?\":\"([0-9a-f]{66})\"", nodeSet);
        }
        if (scidSet.isEmpty() || nodeSet.isEmpty()) {
            throw new IllegalStateException("the snapshots name no channel or node: load some data first");
        }
        List<String> scids = new ArrayList<>(scidSet);
        List<String> nodes = new ArrayList<>(nodeSet);
        System.out.printf("%d ranges, %d scids, %d nodes; %d clients for %d s against %s%n", ranges.size(),
                scids.size(), nodes.size(), clients, seconds, root);

        Map<Kind, List<long[]>> latencies = new EnumMap<>(Kind.class);
        Map<Kind, AtomicLong> errors = new EnumMap<>(Kind.class);
        Map<Kind, AtomicLong> tooBusy = new EnumMap<>(Kind.class);
        Map<Kind, AtomicLong> bytes = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            latencies.put(k, java.util.Collections.synchronizedList(new ArrayList<>()));
            errors.put(k, new AtomicLong());
            tooBusy.put(k, new AtomicLong());
            bytes.put(k, new AtomicLong());
        }
        Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        CountDownLatch done = new CountDownLatch(clients);
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            long seed = c;
            Thread t = new Thread(() -> {
                Random random = new Random(seed);
                List<Long> mine = new ArrayList<>();
                try {
                    while (System.nanoTime() < deadline) {
                        int dice = random.nextInt(10);
                        Kind kind = dice < 4 ? Kind.SNAPSHOT : dice < 6 ? Kind.DIFF : dice < 8 ? Kind.CHANNEL
                                : Kind.NODE;
                        Range range = ranges.get(random.nextInt(ranges.size()));
                        long t1 = instant(random, range);
                        long t2 = instant(random, range);
                        String path = switch (kind) {
                            case SNAPSHOT -> "/v1/snapshot?at=" + t1;
                            case DIFF -> "/v1/diff?from=" + Math.min(t1, t2) + "&to=" + Math.max(t1, t2);
                            case CHANNEL -> "/v1/channels/" + scids.get(random.nextInt(scids.size())) + "/gossip";
                            case NODE -> "/v1/nodes/" + nodes.get(random.nextInt(nodes.size())) + "/gossip";
                        };
                        long begin = System.nanoTime();
                        try {
                            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root + path))
                                    .timeout(Duration.ofSeconds(120));
                            if (auth != null) {
                                b.header("Authorization", "Bearer " + auth);
                            }
                            HttpResponse<InputStream> resp = http.send(b.build(),
                                    HttpResponse.BodyHandlers.ofInputStream());
                            long n;
                            try (InputStream in = resp.body()) {
                                n = in.transferTo(java.io.OutputStream.nullOutputStream());
                            }
                            long took = System.nanoTime() - begin;
                            if (resp.statusCode() == 200) {
                                latencies.get(kind).add(new long[] {took});
                                bytes.get(kind).addAndGet(n);
                            } else {
                                errors.get(kind).incrementAndGet();
                                if (resp.statusCode() == 429) {
                                    tooBusy.get(kind).incrementAndGet();
                                }
                                errorKinds.computeIfAbsent("HTTP " + resp.statusCode(), x -> new AtomicLong())
                                        .incrementAndGet();
                            }
                        } catch (IOException e) {
                            errors.get(kind).incrementAndGet();
                            errorKinds.computeIfAbsent(e.getClass().getSimpleName(), x -> new AtomicLong())
                                    .incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "client-" + c);
            t.setDaemon(true);
            t.start();
        }
        done.await();
        double wall = (System.nanoTime() - started) / 1e9;

        StringBuilder md = new StringBuilder();
        String when = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC)
                .format(Instant.now());
        md.append("# Load run ").append(when).append("\n\n");
        md.append(String.format("%d clients for %d s against %s (%d coverage ranges, %d scids, %d nodes). %s%n%n",
                clients, seconds, root, ranges.size(), scids.size(), nodes.size(), note));
        md.append("| kind | ok | errors | of them 429 | req/s | MB/s | p50 ms | p99 ms | max ms |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        long totalOk = 0;
        long totalErrors = 0;
        List<Long> all = new ArrayList<>();
        for (Kind k : Kind.values()) {
            long[] sorted = latencies.get(k).stream().mapToLong(a -> a[0]).sorted().toArray();
            Arrays.stream(sorted).forEach(all::add);
            totalOk += sorted.length;
            totalErrors += errors.get(k).get();
            md.append(row(k.name().toLowerCase(java.util.Locale.ROOT), sorted, errors.get(k).get(),
                    tooBusy.get(k).get(), bytes.get(k).get(), wall));
        }
        long[] sortedAll = all.stream().mapToLong(Long::longValue).sorted().toArray();
        md.append(row("**all**", sortedAll, totalErrors,
                tooBusy.values().stream().mapToLong(AtomicLong::get).sum(),
                bytes.values().stream().mapToLong(AtomicLong::get).sum(), wall));
        if (!errorKinds.isEmpty()) {
            md.append("\nErrors by kind: ").append(errorKinds).append("\n");
        }
        md.append(String.format("%nTotal: %d answers, %d errors in %.1f s.%n", totalOk, totalErrors, wall));
        System.out.print(md);
        Files.createDirectories(out);
        Path file = out.resolve("load-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneOffset.UTC)
                .format(Instant.now()) + ".md");
        Files.writeString(file, md.toString());
        System.out.println("written to " + file);
        System.exit(totalErrors == 0 ? 0 : 1);
    }

    private static String row(String name, long[] sorted, long errors, long busy, long bytes, double wall) {
        return String.format("| %s | %d | %d | %d | %.1f | %.2f | %s | %s | %s |%n", name, sorted.length, errors, busy,
                sorted.length / wall, bytes / wall / 1e6, ms(percentile(sorted, 50)), ms(percentile(sorted, 99)),
                ms(sorted.length == 0 ? -1 : sorted[sorted.length - 1]));
    }

    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String ms(long nanos) {
        return nanos < 0 ? "-" : String.format("%.1f", nanos / 1e6);
    }

    /** An instant within the range, or up to a day after its end (snapshots there still see the range's data). */
    private static long instant(Random random, Range range) {
        long span = Math.max(1, range.to() - range.from() + 86_400);
        return range.from() + (long) (random.nextDouble() * span);
    }

    private static long number(String object, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(object);
        if (!m.find()) {
            throw new IllegalStateException("no " + key + " in " + object);
        }
        return Long.parseLong(m.group(1));
    }

    private static void collect(String json, String regex, Set<String> into) {
        Matcher m = Pattern.compile(regex).matcher(json);
        while (m.find() && into.size() < 100_000) {
            into.add(m.group(1));
        }
    }

    private static String fetch(HttpClient http, String base, String token, String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new UncheckedIOException(new IOException(base + path + " answered " + r.statusCode() + ": "
                    + r.body()));
        }
        return r.body();
    }
}
