package io.lngossip.bench.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;

/**
 * Writes bench/results/query-DATE.json (every figure), query-DATE.md (the table with the targets, the machine and
 * versions) and query-DATE-explain.md (the plans and the profile).
 */
final class Report {

    private Report() {}

    static void write(Path dir, Map<String, Object> r, String explain) throws IOException {
        Files.createDirectories(dir);
        String stem = "query-" + LocalDate.now(ZoneOffset.UTC);
        Path json = dir.resolve(stem + ".json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), r);
        Path table = dir.resolve(stem + ".md");
        String md = table(r);
        Files.writeString(table, md);
        Path plans = dir.resolve(stem + "-explain.md");
        Files.writeString(plans, "# Query plans, " + r.get("date") + "\n\n" + r.get("scale") + " scale, "
                + r.get("days") + " days, seed " + r.get("seed") + "; EXPLAIN (ANALYZE, BUFFERS) through auto_explain"
                + " on PostgreSQL 17 with " + r.get("settings") + ".\n\n" + explain);
        System.out.println(md);
        System.err.println("written " + json + ", " + table + " and " + plans);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> m(Object o) {
        return (Map<String, Object>) o;
    }

    private static double d(Object o) {
        return ((Number) o).doubleValue();
    }

    static String table(Map<String, Object> r) {
        StringBuilder md = new StringBuilder("# query benchmark, " + r.get("date") + "\n\n");
        Map<String, Object> load = m(r.get("load"));
        md.append(String.format(Locale.ROOT, "%s scale, %s days, seed %s: %,d messages; database %s; machine %s;"
                + " server settings %s.%n%n", r.get("scale"), r.get("days"), r.get("seed"),
                ((Number) load.get("messages")).longValue(), Boolean.TRUE.equals(r.get("database_reused"))
                        ? "reused from an earlier run (loaded " + load.get("loaded_at") + ")" : "loaded by this run",
                r.get("machine"), r.get("settings")));
        md.append("Checkpoints: " + r.get("checkpoints_mode") + ".\n\n");
        md.append("| figure | measured (ours) | baseline(s) | ratio | target | gap |\n|---|---|---|---|---|---|\n");
        Map<String, Object> snap = m(r.get("snapshot"));
        Map<String, Object> ours = m(snap.get("ours"));
        double floor = d(m(snap.get("floor")).get("p50_ms"));
        double oursP50 = d(ours.get("p50_ms"));
        if (!snap.containsKey("scd2_btree")) {
            // qbench.floorOnly: ours against the floor alone
            md.append(String.format(Locale.ROOT, "| snapshot p50 (%d instants, %,d bytes median) | %.0f ms |"
                    + " floor (c) %.0f ms (the SCD-2 and naive baselines not measured: qbench.floorOnly) |"
                    + " %.2fx the floor | <= 1.5x the floor | %s |%n", ours.get("runs"),
                    ((Number) ours.get("median_bytes")).longValue(), oursP50, floor, oursP50 / floor,
                    gap(oursP50, 1.5 * floor, "ms")));
            md.append(String.format(Locale.ROOT, "| snapshot p99 | %.0f ms | floor %.0f | | | |%n",
                    d(ours.get("p99_ms")), d(m(snap.get("floor")).get("p99_ms"))));
        } else {
            md.append(String.format(Locale.ROOT, "| snapshot p50 (%d instants, %,d bytes median) | %.0f ms |"
                    + " floor (c) %.0f ms; SCD-2 btree (b) %.0f ms; SCD-2 GiST (b') %.0f ms; naive (a) %.0f ms (%d"
                    + " instants) | %.2fx the floor; (b)/ours %.2f; (b')/ours %.2f; (a)/ours %.1f | <= 1.5x the floor |"
                    + " %s |%n", ours.get("runs"), ((Number) ours.get("median_bytes")).longValue(), oursP50, floor,
                    d(m(snap.get("scd2_btree")).get("p50_ms")), d(m(snap.get("scd2_gist")).get("p50_ms")),
                    d(m(snap.get("naive")).get("p50_ms")), m(snap.get("naive")).get("runs"), oursP50 / floor,
                    d(m(snap.get("scd2_btree")).get("p50_ms")) / oursP50, d(m(snap.get("scd2_gist")).get("p50_ms"))
                            / oursP50, d(m(snap.get("naive")).get("p50_ms")) / oursP50,
                    gap(oursP50, 1.5 * floor, "ms")));
            md.append(String.format(Locale.ROOT, "| snapshot p99 | %.0f ms | floor %.0f; (b) %.0f; (b') %.0f; (a) %.0f"
                    + " | | | |%n", d(ours.get("p99_ms")), d(m(snap.get("floor")).get("p99_ms")),
                    d(m(snap.get("scd2_btree")).get("p99_ms")), d(m(snap.get("scd2_gist")).get("p99_ms")),
                    d(m(snap.get("naive")).get("p99_ms"))));
        }
        if (snap.containsKey("ours_without_read_ahead")) {
            Map<String, Object> serial = m(snap.get("ours_without_read_ahead"));
            md.append(String.format(Locale.ROOT, "| snapshot p50 without the window read ahead (same instants) |"
                    + " %.0f ms | | %.2fx the floor; ours / this %.2f | | |%n", d(serial.get("p50_ms")),
                    d(serial.get("p50_ms")) / floor, oursP50 / d(serial.get("p50_ms"))));
        }
        if (snap.containsKey("ours_jdk_httpclient")) {
            Map<String, Object> jdk = m(snap.get("ours_jdk_httpclient"));
            md.append(String.format(Locale.ROOT, "| snapshot p50 read by the JDK HttpClient (same instants) | %.0f ms"
                    + " | | %.2fx the floor; ours / this %.2f | | |%n", d(jdk.get("p50_ms")),
                    d(jdk.get("p50_ms")) / floor, oursP50 / d(jdk.get("p50_ms"))));
        }
        pair(md, "by-scid " + r.get("by_scid_channel") + " (" + r.get("by_scid_messages") + " messages)",
                m(r.get("by_scid")), "sql", "plain SQL on messages", "<= 150 ms p50", 150);
        pair(md, "by-node (busiest node)", m(r.get("by_node")), "sql", "plain SQL on messages", "", 0);
        pair(md, "diff 1 h", m(r.get("diff_1h")), "scd2_gist", "SCD-2 GiST, two snapshots", "", 0);
        pair(md, "diff 1 day", m(r.get("diff_1d")), "scd2_gist", "SCD-2 GiST, two snapshots", "", 0);
        Map<String, Object> st = m(r.get("storage"));
        md.append(String.format(Locale.ROOT, "| storage | %,d bytes per message (%.2fx raw with %s of %s due"
                + " checkpoints; %.2fx without them; %.2fx with every due one, estimated) | raw %,d bytes per message"
                + " | | <= 2x raw incl. indexes | %s |%n",
                ((Number) st.get("ours_bytes_per_message")).longValue(), d(st.get("ratio_to_raw")),
                st.get("checkpoints"), st.get("checkpoints_due"), d(st.get("ratio_to_raw_without_checkpoints")),
                d(st.get("ratio_to_raw_with_every_due_checkpoint")),
                ((Number) st.get("raw_bytes_per_message")).longValue(),
                gap(d(st.get("ratio_to_raw_with_every_due_checkpoint")), 2, "x")));
        md.append("\np50/p99 are nearest-rank over the runs (p99 of fewer than 100 runs is their maximum); every answer"
                + " was checked equal to ours (length and CRC-32C) in the same run. Per-table sizes and every latency"
                + " are in the JSON.\n");
        return md.toString();
    }

    private static void pair(StringBuilder md, String figure, Map<String, Object> f, String baseline, String what,
            String target, double targetMs) {
        Map<String, Object> o = m(f.get("ours"));
        Map<String, Object> b = m(f.get(baseline));
        md.append(String.format(Locale.ROOT, "| %s p50 / p99 (%s runs, %,d bytes) | %.1f / %.1f ms | %s %.1f / %.1f"
                + " ms | %.2f | %s | %s |%n", figure, o.get("runs"), ((Number) o.get("median_bytes")).longValue(),
                d(o.get("p50_ms")), d(o.get("p99_ms")), what, d(b.get("p50_ms")), d(b.get("p99_ms")),
                d(b.get("p50_ms")) / d(o.get("p50_ms")), target,
                targetMs > 0 ? gap(d(o.get("p50_ms")), targetMs, "ms") : ""));
    }

    private static String gap(double measured, double target, String unit) {
        return measured <= target ? "met" : String.format(Locale.ROOT, "%.2fx over (%.1f %s > %.1f %s)",
                measured / target, measured, unit, target, unit);
    }
}
