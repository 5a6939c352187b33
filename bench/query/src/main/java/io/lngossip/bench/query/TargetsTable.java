package io.lngossip.bench.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue [7/9]'s targets beside what one live-ingest run and one query run measured, as a Markdown table: the last
 * step of {@code bench/all.sh}. Each row says the target, the figure, what it was measured against in the same run,
 * and whether it is met. Reads the two runs' JSON results; computes nothing the runs did not report but the ratios.
 */
public final class TargetsTable {

    /** One row: the target, the measured figure, the baseline beside it, and the verdict. */
    public record Row(String target, String measured, String baseline, String verdict) {}

    private TargetsTable() {}

    /** An ingest result says caught_up false only when its cap ended the catch-up. */
    static boolean caughtUp(JsonNode ingest) {
        return ingest.path("caught_up").asBoolean(true);
    }

    public static List<Row> rows(JsonNode ingest, JsonNode query) {
        List<Row> rows = new ArrayList<>();
        double rate = ingest.path("end_to_end_msg_per_s").asDouble();
        rows.add(new Row("ingest >= 50,000 msg/s end to end (Kafka -> job -> PostgreSQL)",
                String.format(Locale.ROOT, "%,.0f msg/s, %d us CPU a message (%,d sightings, %s)%s", rate,
                        ingest.path("cpu_us_per_msg").asLong(), ingest.path("sightings").asLong(),
                        ingest.path("generator").asText(), caughtUp(ingest) ? "" : String.format(Locale.ROOT,
                                "; not caught up: %,d observations stored when the %,.0f s cap ended the catch-up",
                                ingest.path("observations_stored_at_timeout").asLong(),
                                ingest.path("catch_up_s").asDouble())),
                String.format(Locale.ROOT, "plain COPY of the same rows: %,.0f rows/s (ingest / COPY %.3f)",
                        ingest.path("copy_rows_per_s").asDouble(), ingest.path("ratio_end_to_end_to_copy").asDouble()),
                atLeast(rate, 50_000)));
        JsonNode live = ingest.path("live");
        if (live.isMissingNode()) {
            // the benchmark measures lag only once the job has caught up
            rows.add(new Row("live lag p99 <= 2 s at 100 msg/s", "not measured", caughtUp(ingest)
                    ? "the run measured no lag" : "the catch-up did not finish, so the run measured no lag",
                    "not measured"));
        } else {
            double p99 = live.path("lag_p99_ms").asDouble();
            rows.add(new Row("live lag p99 <= 2 s at 100 msg/s", String.format(Locale.ROOT,
                    "p50 %,.0f ms, p99 %,.0f ms", live.path("lag_p50_ms").asDouble(), p99),
                    String.format(Locale.ROOT, "%d of %d sampled never visible", live.path("never_visible").asLong(),
                            live.path("sampled").asLong()), atMost(p99, 2_000)));
        }
        JsonNode snap = query.path("snapshot");
        double ours = snap.path("ours").path("p50_ms").asDouble();
        double floor = snap.path("floor").path("p50_ms").asDouble();
        // runs before 2026-12-03 (session 10) read our answers with the JDK HttpClient and did not say so
        String client = query.path("client").asText("JDK HttpClient");
        String measured = String.format(Locale.ROOT, "%,.0f ms, %.2fx the floor (read by a %s)", ours, ours / floor,
                client);
        JsonNode jdk = snap.path("ours_jdk_httpclient").path("p50_ms");
        if (!jdk.isMissingNode()) {
            measured += String.format(Locale.ROOT, "; read by the JDK HttpClient %,.0f ms, %.2fx", jdk.asDouble(),
                    jdk.asDouble() / floor);
        }
        rows.add(new Row("snapshot p50 <= 1.5x the floor (" + query.path("days").asInt() + " days, "
                + query.path("scale").asText() + ")", measured,
                String.format(Locale.ROOT, "floor (precomputed answer streamed) %,.0f ms", floor),
                atMost(ours / floor, 1.5)));
        if (snap.has("scd2_btree")) {
            double btree = snap.path("scd2_btree").path("p50_ms").asDouble();
            rows.add(new Row("beat ln-history's design (SCD-2, btree, CLUSTERed) by ~8x",
                    String.format(Locale.ROOT, "%.2fx faster", btree / ours),
                    String.format(Locale.ROOT, "SCD-2 btree %,.0f ms", btree), atLeast(btree / ours, 8)));
            double gist = snap.path("scd2_gist").path("p50_ms").asDouble();
            rows.add(new Row("beat the best plain SQL (SCD-2 + GiST) by ~3x",
                    String.format(Locale.ROOT, "%.2fx faster", gist / ours),
                    String.format(Locale.ROOT, "SCD-2 GiST %,.0f ms", gist), atLeast(gist / ours, 3)));
        } else {
            // a run against the floor alone (qbench.floorOnly)
            rows.add(new Row("beat ln-history's design (SCD-2, btree, CLUSTERed) by ~8x", "not measured",
                    "the run measured the floor only", "not measured"));
            rows.add(new Row("beat the best plain SQL (SCD-2 + GiST) by ~3x", "not measured",
                    "the run measured the floor only", "not measured"));
        }
        JsonNode scid = query.path("by_scid");
        double scidMs = scid.path("ours").path("p50_ms").asDouble();
        rows.add(new Row("by-scid (~30k updates) <= 150 ms", String.format(Locale.ROOT, "%,.0f ms p50 (%,d messages)",
                scidMs, query.path("by_scid_messages").asLong()), String.format(Locale.ROOT, "plain SQL %,.0f ms",
                        scid.path("sql").path("p50_ms").asDouble()), atMost(scidMs, 150)));
        JsonNode storage = query.path("storage");
        double all = storage.has("ratio_to_raw_with_every_due_checkpoint")
                ? storage.path("ratio_to_raw_with_every_due_checkpoint").asDouble()
                : storage.path("ratio_to_raw").asDouble();
        rows.add(new Row("storage <= 2x raw bytes incl. indexes", String.format(Locale.ROOT,
                "%.2fx raw with every due checkpoint, %.2fx without checkpoints", all,
                storage.path("ratio_to_raw_without_checkpoints").asDouble()), String.format(Locale.ROOT,
                        "raw %d bytes a message", storage.path("raw_bytes_per_message").asLong()), atMost(all, 2)));
        rows.add(new Row("TaskManager heap, RocksDB size (no target)", String.format(Locale.ROOT,
                "heap after GC %d MB, RocksDB %d MB, Flink checkpoints %d MB", ingest.path("heap_used_after_gc_mb")
                        .asLong(), ingest.path("rocksdb_bytes").asLong() / 1_000_000,
                ingest.path("flink_checkpoint_bytes").asLong() / 1_000_000), "", ""));
        return rows;
    }

    static String atLeast(double measured, double target) {
        return measured >= target ? "met" : String.format(Locale.ROOT, "not met (x%.1f short)", target / measured);
    }

    static String atMost(double measured, double target) {
        return measured <= target ? "met" : String.format(Locale.ROOT, "not met (x%.1f over)", measured / target);
    }

    public static String markdown(List<Row> rows, String ingestFile, String queryFile) {
        StringBuilder out = new StringBuilder("# Targets at a glance\n\nFrom `").append(ingestFile).append("` and `")
                .append(queryFile).append("`.\n\n| target | measured | beside it, same run | verdict |\n|---|---|---|---|\n");
        for (Row r : rows) {
            out.append("| ").append(r.target()).append(" | ").append(r.measured()).append(" | ").append(r.baseline())
                    .append(" | ").append(r.verdict()).append(" |\n");
        }
        return out.toString();
    }

    /** {@code TargetsTable INGEST_JSON QUERY_JSON OUT_MD}: writes the table and prints it. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: TargetsTable INGEST_LIVE_JSON QUERY_JSON OUT_MD");
            System.exit(2);
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode ingest = json.readTree(Path.of(args[0]).toFile());
        JsonNode query = json.readTree(Path.of(args[1]).toFile());
        if (!"ingest-live".equals(ingest.path("benchmark").asText()) || !"query".equals(query.path("benchmark")
                .asText())) {
            System.err.println("TargetsTable: expected an ingest-live result and a query result, got "
                    + ingest.path("benchmark") + " and " + query.path("benchmark"));
            System.exit(2);
        }
        String md = markdown(rows(ingest, query), Path.of(args[0]).getFileName().toString(),
                Path.of(args[1]).getFileName().toString());
        Files.writeString(Path.of(args[2]), md);
        System.out.print(md);
    }
}
