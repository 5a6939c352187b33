package io.lngossip.bench.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The latencies and answer sizes of one system for one question. */
final class Figures {
    private final List<Double> millis = new ArrayList<>();
    private final List<Long> bytes = new ArrayList<>();

    void add(double ms, long answerBytes) {
        millis.add(ms);
        bytes.add(answerBytes);
    }

    int count() {
        return millis.size();
    }

    /** Nearest-rank percentile of the latencies (p99 of fewer than 100 runs is their maximum). */
    double percentile(double p) {
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    long medianBytes() {
        long[] sorted = bytes.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted.length == 0 ? 0 : sorted[(sorted.length - 1) / 2];
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runs", count());
        m.put("p50_ms", round(percentile(50)));
        m.put("p99_ms", round(percentile(99)));
        m.put("min_ms", round(percentile(0)));
        m.put("median_bytes", medianBytes());
        m.put("ms", Arrays.stream(millis.toArray(new Double[0])).map(Figures::round).toList());
        return m;
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
