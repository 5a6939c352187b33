package io.lngossip.query.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ParamsTest {

    @ParameterizedTest
    @CsvSource({
        // 2025-08-19T17:00:00Z = 1755622800 (date -d 2025-08-19T17:00:00Z +%s)
        "1755622800, 1755622800",
        "2025-08-19T17:00:00Z, 1755622800",
        "2025-08-19T19:00:00+02:00, 1755622800",
        "2025-08-19T17:00:00.999Z, 1755622800",
        "0, 0"
    })
    void shouldParseUnixSecondsAndIsoWithAZoneFlooringFractions(String text, long expected) {
        assertThat(Params.time("at", text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-08-19T17:00:00", "yesterday", "-5", "1.5", "99999999999999999999999"})
    void shouldRejectTimesWithoutZoneOrNumber(String text) {
        assertThatThrownBy(() -> Params.time("at", text)).isInstanceOf(BadParameterException.class)
                .hasMessageContaining("'at'")
                .satisfies(e -> assertThat(((BadParameterException) e).parameter()).isEqualTo("at"));
    }

    @Test
    void shouldHintAtTheMissingZone() {
        assertThatThrownBy(() -> Params.time("at", "2025-08-19T17:00:00")).hasMessageContaining("add a zone");
    }

    @Test
    void shouldRequireTheTime() {
        assertThatThrownBy(() -> Params.time("from", null)).hasMessageContaining("'from' is required");
        assertThatThrownBy(() -> Params.time("from", "")).hasMessageContaining("'from' is required");
    }

    @Test
    void shouldParseMaxAge() {
        assertThat(Params.maxAge(null)).isEqualTo(1_209_600L);
        assertThat(Params.maxAge("0")).isZero();
        assertThat(Params.maxAge("3600")).isEqualTo(3600);
        assertThat(Params.maxAge("unbounded")).isEqualTo(Params.UNBOUNDED);
        assertThat(Params.maxAge("UNBOUNDED")).isEqualTo(Params.UNBOUNDED);
        for (String bad : new String[] {"-1", "1h", "1.5", "forever"}) {
            assertThatThrownBy(() -> Params.maxAge(bad)).isInstanceOf(BadParameterException.class)
                    .hasMessageContaining("'maxAge'");
        }
    }

    @Test
    void shouldRejectToBeforeFrom() {
        Params.ordered("from", 5L, "to", 5L);
        Params.ordered("from", null, "to", 1L);
        assertThatThrownBy(() -> Params.ordered("from", 6L, "to", 5L)).hasMessageContaining("'to' (5) is before");
    }

    @Test
    void shouldParseScidAndNodeIdInEitherForm() {
        assertThat(Params.scid("534826x1197x0").toString()).isEqualTo("534826x1197x0");
        assertThat(Params.scid("588047405915373568").toString()).isEqualTo("534826x1197x0");
        assertThatThrownBy(() -> Params.scid("534826:1197:0")).isInstanceOf(BadParameterException.class)
                .hasMessageContaining("short_channel_id");
        String node = "03864ef025fde8fb587d989186ce6a4a186895ee44a926bfc370e2c366597a3f8f";
        assertThat(Params.nodeId(node.toUpperCase()).hex()).isEqualTo(node);
        assertThatThrownBy(() -> Params.nodeId("03864e")).isInstanceOf(BadParameterException.class)
                .hasMessageContaining("66 hex");
    }

    @Test
    void shouldAcceptOnlyTheFormatsOfTheEndpoint() {
        assertThat(Params.format(null, Params.Format.GSP, Params.Format.JSON)).isEqualTo(Params.Format.GSP);
        assertThat(Params.format("JSON", Params.Format.GSP, Params.Format.JSON)).isEqualTo(Params.Format.JSON);
        assertThatThrownBy(() -> Params.format("graphml", Params.Format.GSP, Params.Format.JSON))
                .hasMessageContaining("must be one of gsp, json");
        assertThatThrownBy(() -> Params.format("xml", Params.Format.GSP)).isInstanceOf(BadParameterException.class);
    }

    @Test
    void shouldReadFlagsAndNameABadOne() {
        assertThat(Params.flag("fees", null)).isFalse();
        assertThat(Params.flag("fees", "false")).isFalse();
        assertThat(Params.flag("fees", "TRUE")).isTrue();
        assertThatThrownBy(() -> Params.flag("fees", "yes")).isInstanceOf(BadParameterException.class)
                .hasMessageContaining("'fees'").extracting(e -> ((BadParameterException) e).parameter())
                .isEqualTo("fees");
    }
}
