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

    /** Found while writing ParamsFuzzTest: Character.isDigit let Arabic-Indic and other digits count as seconds. */
    @ParameterizedTest
    @ValueSource(strings = {"\u0661\u0667\u0665\u0665", "\uff11\uff12", "12\u0663"})
    void shouldTakeOnlyAsciiDigitsAsNumbers(String text) {
        assertThatThrownBy(() -> Params.time("at", text)).isInstanceOf(BadParameterException.class);
        assertThatThrownBy(() -> Params.maxAge(text)).isInstanceOf(BadParameterException.class);
        assertThatThrownBy(() -> Params.positiveSeconds("step", text)).isInstanceOf(BadParameterException.class);
    }

    @Test
    void shouldRepeatOnlyTheStartOfAnOversizedValue() {
        String huge = "9".repeat(5000) + "Z";
        assertThatThrownBy(() -> Params.time("at", huge)).isInstanceOf(BadParameterException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300).contains("(5001 characters)"));
        assertThatThrownBy(() -> Params.format("x".repeat(5000), Params.Format.GSP))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
        assertThatThrownBy(() -> Params.scid("1x".repeat(3000)))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
    }

    @Test
    void shouldLimitTheQueryAsAWhole() {
        java.util.Map<String, java.util.List<String>> ok = new java.util.LinkedHashMap<>();
        ok.put("at", java.util.List.of("1"));
        ok.put("format", java.util.List.of("json"));
        Params.checkQuery(ok, 2, 10);
        assertThatThrownBy(() -> Params.checkQuery(ok, 1, 10)).isInstanceOf(BadParameterException.class)
                .hasMessageContaining("more than 1 query parameters")
                .satisfies(e -> assertThat(((BadParameterException) e).parameter()).isEqualTo("format"));
        assertThatThrownBy(() -> Params.checkQuery(java.util.Map.of("at", java.util.List.of("1234567")), 2, 6))
                .hasMessageContaining("'at' is longer than 6");
        assertThatThrownBy(() -> Params.checkQuery(java.util.Map.of("at", java.util.List.of("1", "2")), 16, 256))
                .hasMessageContaining("given 2 times");
        assertThatThrownBy(() -> Params.checkQuery(java.util.Map.of("x".repeat(300), java.util.List.of("1")), 16,
                256)).hasMessageContaining("name is longer than 256");
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
