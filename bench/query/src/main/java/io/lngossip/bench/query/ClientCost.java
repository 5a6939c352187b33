package io.lngossip.bench.query;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What reading an HTTP body costs each client, apart from the service: a Javalin app serves the same fixed bytes
 * (a snapshot's size, written in message-sized pieces through a 64 KiB buffer, chunked, as the service streams), and
 * the JDK {@code HttpClient} (as {@link QueryBenchmark} reads), a {@code URLConnection} and curl (when installed) read
 * it in turns, each checked whole (length and CRC-32C; curl's length). The difference between the clients is what
 * the benchmark's client adds to every snapshot it times, whatever the service does.
 *
 * <p>{@code java -cp ... io.lngossip.bench.query.ClientCost [MEGABYTES] [ROUNDS]} (defaults: 42 MB, 15 rounds).
 */
public final class ClientCost {
    private ClientCost() {
    }

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 42;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        byte[] body = new byte[megabytes * 1_000_000];
        new SplittableRandom(1).nextBytes(body);
        Answer expected = new Answer();
        expected.write(body, 0, body.length);
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.disableCompression();
        });
        app.get("/body", ctx -> {
            try (OutputStream out = new java.io.BufferedOutputStream(ctx.outputStream(), 1 << 16)) {
                for (int i = 0; i < body.length; i += 150) {
                    out.write(body, i, Math.min(150, body.length - i));
                }
            }
        });
        app.get("/empty", ctx -> ctx.result(""));
        app.start("127.0.0.1", 0);
        try {
            String url = "http://127.0.0.1:" + app.port() + "/body";
            HttpClient http = HttpClient.newHttpClient();
            boolean curl = curlInstalled();
            Map<String, List<Long>> times = new LinkedHashMap<>();
            List<String> clients = new ArrayList<>(List.of("JDK HttpClient", "URLConnection"));
            if (curl) {
                clients.add("curl (process start included)");
                clients.add("curl, an empty body (the process start)");
            }
            for (int round = 0; round < rounds + 2; round++) {
                Collections.rotate(clients, 1);
                for (String client : clients) {
                    long start = System.nanoTime();
                    long bytes = switch (client) {
                        case "JDK HttpClient" -> checked(read(http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                                HttpResponse.BodyHandlers.ofInputStream()).body()), expected);
                        case "URLConnection" -> checked(read(URI.create(url).toURL().openStream()), expected);
                        case "curl (process start included)" -> curl(url);
                        default -> curl(url.replace("/body", "/empty")) + body.length;
                    };
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    if (bytes != body.length) {
                        throw new IllegalStateException(client + " read " + bytes + " bytes of " + body.length);
                    }
                    if (round >= 2) { // two warm-up rounds
                        times.computeIfAbsent(client, k -> new ArrayList<>()).add(ms);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%d MB read %d times by each client, in turns (load average %.2f)%n",
                    megabytes, rounds, java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage());
            times.forEach((client, ms) -> {
                Collections.sort(ms);
                System.out.printf(Locale.ROOT, "%-42s median %4d ms, min %4d ms%n", client, ms.get(ms.size() / 2),
                        ms.get(0));
            });
        } finally {
            app.stop();
        }
    }

    private static Answer read(InputStream in) throws IOException {
        Answer a = new Answer();
        try (in) {
            a.readAll(in);
        }
        return a;
    }

    private static long checked(Answer got, Answer expected) {
        if (!got.fingerprint().equals(expected.fingerprint())) {
            throw new IllegalStateException("the body read differs from the one served");
        }
        return got.bytes();
    }

    private static boolean curlInstalled() {
        try {
            return new ProcessBuilder("curl", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** curl reading {@code url} to /dev/null; returns the bytes it says it read. */
    private static long curl(String url) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("curl", "-sS", "--fail", "-o", "/dev/null", "-w", "%{size_download}", url)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("curl failed on " + url);
        }
        return Long.parseLong(out);
    }
}
