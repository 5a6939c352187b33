package io.lngossip.bench.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetsTableTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode ingest(double rate, double lagP99) throws Exception {
        return JSON.readTree("{\"benchmark\":\"ingest-live\",\"end_to_end_msg_per_s\":" + rate + ",\"cpu_us_per_msg\":40,"
                + "\"sightings\":5000000,\"generator\":\"mainnet\",\"copy_rows_per_s\":400000,"
                + "\"ratio_end_to_end_to_copy\":0.125,\"live\":{\"lag_p50_ms\":300,\"lag_p99_ms\":" + lagP99
                + ",\"never_visible\":0,\"sampled\":100},\"heap_used_after_gc_mb\":160,\"rocksdb_bytes\":41000000,"
                + "\"flink_checkpoint_bytes\":52000000}");
    }

    static JsonNode query(double ours, double scidMs, double storage) throws Exception {
        return JSON.readTree("{\"benchmark\":\"query\",\"days\":30,\"scale\":\"mainnet\",\"snapshot\":{"
                + "\"ours\":{\"p50_ms\":" + ours + "},\"floor\":{\"p50_ms\":200},\"scd2_btree\":{\"p50_ms\":1800},"
                + "\"scd2_gist\":{\"p50_ms\":1200}},\"by_scid\":{\"ours\":{\"p50_ms\":" + scidMs + "},"
                + "\"sql\":{\"p50_ms\":80}},\"by_scid_messages\":29794,\"storage\":{\"ratio_to_raw\":4.5,"
                + "\"ratio_to_raw_without_checkpoints\":4.0,\"ratio_to_raw_with_every_due_checkpoint\":" + storage
                + ",\"raw_bytes_per_message\":201}}");
    }

    @Test
    void shouldSayHowFarEachMissedTargetIs() throws Exception {
        List<TargetsTable.Row> rows = TargetsTable.rows(ingest(2_500, 4_000), query(600, 200, 9));
        // 50,000 / 2,500 = 20; 4,000 / 2,000 = 2; 600 / 200 = 3x the floor, 3 / 1.5 = 2; 1,800 / 600 = 3x faster,
        // 8 / 3 = 2.7; 1,200 / 600 = 2x faster, 3 / 2 = 1.5; 200 / 150 = 1.3; 9 / 2 = 4.5
        assertThat(rows).extracting(TargetsTable.Row::verdict).containsExactly("not met (x20.0 short)",
                "not met (x2.0 over)", "not met (x2.0 over)", "not met (x2.7 short)", "not met (x1.5 short)",
                "not met (x1.3 over)", "not met (x4.5 over)", "");
        // a run before the client was recorded read with the JDK HttpClient
        assertThat(rows.get(2).measured()).isEqualTo("600 ms, 3.00x the floor (read by a JDK HttpClient)");
        assertThat(rows.get(3).measured()).isEqualTo("3.00x faster");
    }

    @Test
    void shouldSayWhichClientReadOurSnapshotsAndTheOtherClientsFigure() throws Exception {
        JsonNode both = JSON.readTree(query(300, 100, 5).toString().replaceFirst("\\{", "{\"client\":\"URLConnection\","
                ).replace("\"floor\":", "\"ours_jdk_httpclient\":{\"p50_ms\":360},\"floor\":"));
        TargetsTable.Row snapshot = TargetsTable.rows(ingest(2_500, 4_000), both).get(2);
        // 300 / 200 = 1.5x; 360 / 200 = 1.8x: the verdict is the first client's
        assertThat(snapshot.measured()).isEqualTo(
                "300 ms, 1.50x the floor (read by a URLConnection); read by the JDK HttpClient 360 ms, 1.80x");
        assertThat(snapshot.verdict()).isEqualTo("met");
    }

    @Test
    void shouldNotJudgeTheSqlBaselinesOfARunAgainstTheFloorAlone() throws Exception {
        JsonNode floorOnly = JSON.readTree(query(300, 100, 5).toString().replace("\"scd2_btree\":{\"p50_ms\":1800},"
                + "\"scd2_gist\":{\"p50_ms\":1200}", "\"floor_p99_ms\":1"));
        List<TargetsTable.Row> rows = TargetsTable.rows(ingest(2_500, 4_000), floorOnly);
        assertThat(rows.get(2).verdict()).isEqualTo("met");
        assertThat(rows.subList(3, 5)).extracting(TargetsTable.Row::verdict).containsExactly("not measured",
                "not measured");
    }

    @Test
    void shouldNotCallALagNeverMeasuredMet() throws Exception {
        // a catch-up its cap ended: the run stored part of the input and measured no lag
        JsonNode capped = JSON.readTree("{\"benchmark\":\"ingest-live\",\"caught_up\":false,"
                + "\"observations_stored_at_timeout\":3567723,\"catch_up_s\":2701.7,\"end_to_end_msg_per_s\":1321,"
                + "\"cpu_us_per_msg\":1161,\"sightings\":5000000,\"generator\":\"mainnet\","
                + "\"copy_rows_per_s\":56290,\"ratio_end_to_end_to_copy\":0.023}");
        List<TargetsTable.Row> rows = TargetsTable.rows(capped, query(600, 200, 9));
        assertThat(rows.get(0).measured())
                .contains("not caught up: 3,567,723 observations stored when the 2,702 s cap");
        assertThat(rows.get(1).verdict()).isEqualTo("not measured");
        assertThat(rows.get(1).baseline()).contains("the catch-up did not finish");
        assertThat(TargetsTable.rows(ingest(2_500, 4_000), query(600, 200, 9)).get(0).measured())
                .doesNotContain("not caught up");
    }

    @Test
    void shouldSayMetWhereTheFigureReachesTheTarget() throws Exception {
        // 225 / 200 = 1.125x the floor; 1,800 / 225 = 8x (exactly the target) and 1,200 / 225 = 5.3x faster;
        // the rest exactly at their targets
        List<TargetsTable.Row> rows = TargetsTable.rows(ingest(50_000, 2_000), query(225, 150, 2));
        assertThat(rows.subList(0, 7)).extracting(TargetsTable.Row::verdict).containsExactly("met", "met",
                "met", "met", "met", "met", "met");
        String md = TargetsTable.markdown(rows, "i.json", "q.json");
        assertThat(md).contains("| target | measured | beside it, same run | verdict |")
                .contains("| by-scid (~30k updates) <= 150 ms | 150 ms p50 (29,794 messages) | plain SQL 80 ms | met |");
    }
}
