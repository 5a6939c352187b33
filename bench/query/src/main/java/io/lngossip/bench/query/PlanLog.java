package io.lngossip.bench.query;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plans auto_explain wrote to the server's log: {@link #mark()} before an action, {@link #since(long)} after it
 * gives each distinct statement run meanwhile with its first plan (EXPLAIN ANALYZE, BUFFERS), how often it ran and its
 * total time.
 */
final class PlanLog {
    private static final Pattern ENTRY = Pattern.compile(
            "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)? \\S+ \\[\\d+\\] (\\w+):  (.*)$");
    private static final Pattern DURATION = Pattern.compile("duration: ([0-9.]+) ms\\s+plan:");

    /** One statement as logged: its text, first plan, runs and total milliseconds. */
    record Plan(String query, String plan, int runs, double totalMs) {}

    private final Path file;

    PlanLog(Path file) {
        this.file = file;
    }

    long mark() throws IOException, InterruptedException {
        Thread.sleep(700); // what ran before is written out first
        return Files.exists(file) ? Files.size(file) : 0;
    }

    List<Plan> since(long mark) throws IOException, InterruptedException {
        Thread.sleep(700); // the logging collector writes asynchronously
        String text;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(mark);
            byte[] b = new byte[(int) (f.length() - mark)];
            f.readFully(b);
            text = new String(b, StandardCharsets.UTF_8);
        }
        List<String[]> entries = new ArrayList<>();
        StringBuilder body = null;
        String level = null;
        for (String line : text.split("\n", -1)) {
            Matcher m = ENTRY.matcher(line);
            if (m.matches()) {
                if (body != null) {
                    entries.add(new String[] {level, body.toString()});
                }
                level = m.group(1);
                body = new StringBuilder(m.group(2)).append('\n');
            } else if (body != null) {
                body.append(line).append('\n');
            }
        }
        if (body != null) {
            entries.add(new String[] {level, body.toString()});
        }
        Map<String, Plan> plans = new LinkedHashMap<>();
        for (String[] e : entries) {
            Matcher d = DURATION.matcher(e[1]);
            if (!"LOG".equals(e[0]) || !d.lookingAt()) {
                continue;
            }
            double ms = Double.parseDouble(d.group(1));
            StringBuilder query = new StringBuilder();
            StringBuilder plan = new StringBuilder();
            for (String line : e[1].substring(d.end()).split("\n")) {
                String l = line.strip();
                if (l.startsWith("Query Text:")) {
                    query.append(l.substring("Query Text:".length()).strip());
                } else if (l.startsWith("Query Parameters:") || l.isEmpty()) {
                    continue;
                } else {
                    plan.append(line.replaceFirst("^\t", "")).append('\n');
                }
            }
            String q = query.toString();
            Plan p = plans.get(q);
            plans.put(q, p == null ? new Plan(q, plan.toString(), 1, ms)
                    : new Plan(q, p.plan(), p.runs() + 1, p.totalMs() + ms));
        }
        return new ArrayList<>(plans.values());
    }
}
