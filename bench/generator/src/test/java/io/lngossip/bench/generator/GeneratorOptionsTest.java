package io.lngossip.bench.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GeneratorOptionsTest {

    @Test
    void shouldPresetMainnetScale() {
        GeneratorOptions m = GeneratorOptions.mainnet();
        assertThat(m.nodes()).isEqualTo(15_000);
        assertThat(m.channels()).isEqualTo(50_000);
        assertThat(m.updatesPerDay()).isEqualTo(300_000);
        assertThat(m.nodeAnnouncementsPerDay()).isEqualTo(130_000);
        assertThat(m.tlvShare()).isEqualTo(0.5);
        assertThat(m.sign()).isFalse();
        assertThat(GeneratorOptions.small().channels()).isLessThan(1_000);
    }

    @Test
    void shouldChangeOneKnobPerWither() {
        GeneratorOptions o = GeneratorOptions.small();
        Instant start = Instant.parse("2022-06-01T00:00:00Z");
        GeneratorOptions changed = o.withSeed(9).withDays(5).withStart(start).withNodes(30).withChannels(70)
                .withOpensPerDay(2).withUpdatesPerDay(100).withNodeAnnouncementsPerDay(40).withTlvShare(0.1)
                .withStaleShare(0.2).withClosedShare(0.1).withOrphanShare(0.05).withDuplicateShare(0.9)
                .withLateShare(0.3).withLateness(Duration.ofHours(2)).withSign(true);
        assertThat(changed).isEqualTo(new GeneratorOptions(9, 5, start, 30, 70, 2, 100, 40, 0.1, 0.2, 0.1, 0.05, 0.9,
                0.3, Duration.ofHours(2), true));
        assertThat(changed.end()).isEqualTo(Instant.parse("2022-06-06T00:00:00Z"));
    }

    @Test
    void shouldRefuseBadOptionsWithTheirName() {
        GeneratorOptions o = GeneratorOptions.small();
        assertThatThrownBy(() -> o.withDays(0)).hasMessageContaining("days");
        assertThatThrownBy(() -> o.withNodes(1)).hasMessageContaining("nodes");
        assertThatThrownBy(() -> o.withChannels(0)).hasMessageContaining("channels");
        assertThatThrownBy(() -> o.withUpdatesPerDay(-1)).hasMessageContaining("updatesPerDay");
        assertThatThrownBy(() -> o.withTlvShare(1.5)).hasMessageContaining("tlvShare");
        assertThatThrownBy(() -> o.withDuplicateShare(Double.NaN)).hasMessageContaining("duplicateShare");
        assertThatThrownBy(() -> o.withStaleShare(0.5).withClosedShare(0.5)).hasMessageContaining("alive");
        assertThatThrownBy(() -> o.withLateness(Duration.ofMinutes(1))).hasMessageContaining("lateness");
        assertThatThrownBy(() -> o.withStart(Instant.parse("2017-01-01T00:00:00Z")))
                .hasMessageContaining("2018");
        assertThatThrownBy(() -> o.withStart(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("start");
    }

    @Test
    void shouldSpreadHeightsUpToTheStart() {
        assertThat(NetworkModel.heightAt(1_515_542_400L)).isEqualTo(505_000);
        assertThat(NetworkModel.heightAt(1_731_400_000L)).isEqualTo(870_000);
        // 2025-01-01: block 877,000 or so (10 minutes a block after the last anchor)
        assertThat(NetworkModel.heightAt(GeneratorOptions.DEFAULT_START.getEpochSecond())).isBetween(876_000L,
                878_500L);
    }
}
