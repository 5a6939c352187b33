package io.lngossip.query.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoverageTest {
    static final long H = 3600;

    @Test
    void shouldJoinAdjacentHoursAndToleratesOneMissingHour() {
        // hours 0,1,2 then 4 (3 missing: one hour) then 7 (5,6 missing: a gap)
        List<Coverage.Range> ranges = Coverage.ranges(List.of(0L, H, 2 * H, 4 * H, 7 * H));
        assertThat(ranges).containsExactly(new Coverage.Range(0, 5 * H), new Coverage.Range(7 * H, 8 * H));
        assertThat(Coverage.gaps(ranges)).containsExactly(new Coverage.Range(5 * H, 7 * H));
    }

    @Test
    void shouldTellFullPartialAndNoCoverageOverAllCollectors() {
        Coverage c = new Coverage(Map.of("a", List.of(10 * H, 11 * H), "b", List.of(12 * H)));
        assertThat(c.of(10 * H, 13 * H - 1)).isEqualTo(Coverage.Level.FULL);
        assertThat(c.of(9 * H, 11 * H)).isEqualTo(Coverage.Level.PARTIAL);
        assertThat(c.of(0, H)).isEqualTo(Coverage.Level.NONE);
        assertThat(c.start()).isEqualTo(10 * H);
        assertThat(new Coverage(Map.of()).of(0, 10)).isEqualTo(Coverage.Level.NONE);
    }
}
