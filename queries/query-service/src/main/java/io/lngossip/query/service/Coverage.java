package io.lngossip.query.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which time ranges the history covers, from the hours each collector delivered messages for. Hours one apart or
 * with a single missing hour between them join one range; a hole of more than an hour is a gap. A window is covered
 * fully, partly or not at all by the union of all collectors' ranges.
 */
public final class Coverage {
    static final long HOUR = 3600;

    /** [from, to) in unix seconds. */
    public record Range(long from, long to) {}

    public enum Level {
        FULL("full"),
        PARTIAL("partial"),
        NONE("none");

        private final String label;

        Level(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Map<String, List<Range>> byCollector = new TreeMap<>();
    private final List<Range> union;

    public Coverage(Map<String, List<Long>> hoursByCollector) {
        List<Long> all = new ArrayList<>();
        hoursByCollector.forEach((collector, hours) -> {
            byCollector.put(collector, ranges(hours));
            all.addAll(hours);
        });
        all.sort(null);
        union = ranges(all);
    }

    static List<Range> ranges(List<Long> sortedHours) {
        List<Range> out = new ArrayList<>();
        Long start = null;
        long end = 0;
        for (long h : sortedHours) {
            if (start == null) {
                start = h;
                end = h + HOUR;
            } else if (h <= end + HOUR) { // adjacent, or one missing hour: still one range
                end = Math.max(end, h + HOUR);
            } else {
                out.add(new Range(start, end));
                start = h;
                end = h + HOUR;
            }
        }
        if (start != null) {
            out.add(new Range(start, end));
        }
        return out;
    }

    public Map<String, List<Range>> ranges() {
        return byCollector;
    }

    /** The holes of more than an hour between a collector's ranges. */
    public static List<Range> gaps(List<Range> ranges) {
        List<Range> out = new ArrayList<>();
        for (int i = 1; i < ranges.size(); i++) {
            out.add(new Range(ranges.get(i - 1).to(), ranges.get(i).from()));
        }
        return out;
    }

    /** How much of [from, to] the history covers. */
    public Level of(long from, long to) {
        long covered = 0;
        for (Range r : union) {
            long a = Math.max(r.from(), from);
            long b = Math.min(r.to(), to + 1);
            if (b > a) {
                covered += b - a;
            }
        }
        if (covered == 0) {
            return Level.NONE;
        }
        return covered >= to + 1 - from ? Level.FULL : Level.PARTIAL;
    }

    /** The first covered instant, or null with no data at all. */
    public Long start() {
        return union.isEmpty() ? null : union.get(0).from();
    }
}
