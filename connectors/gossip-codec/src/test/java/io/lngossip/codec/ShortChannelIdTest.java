package io.lngossip.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShortChannelIdTest {

    @Test
    void shouldPackBlockTxAndOutputIntoU64() {
        // 534826 << 40 | 1197 << 16 | 0, worked out by hand: 534826 * 2^40 + 1197 * 65536
        long expected = 534826L * 1099511627776L + 1197L * 65536L;
        ShortChannelId scid = ShortChannelId.parse("534826x1197x0");
        assertThat(scid.value()).isEqualTo(expected);
        assertThat(scid.blockHeight()).isEqualTo(534826);
        assertThat(scid.txIndex()).isEqualTo(1197);
        assertThat(scid.outputIndex()).isZero();
        assertThat(scid).hasToString("534826x1197x0");
    }

    @Test
    void shouldParseTheU64Form() {
        long value = 534826L * 1099511627776L + 1197L * 65536L + 3;
        assertThat(ShortChannelId.parse(Long.toString(value))).isEqualTo(ShortChannelId.of(534826, 1197, 3));
    }

    @Test
    void shouldOrderByBlockThenTxThenOutput() {
        assertThat(ShortChannelId.parse("600000x1x0")).isLessThan(ShortChannelId.parse("600000x1x1"));
        assertThat(ShortChannelId.parse("600000x2x0")).isGreaterThan(ShortChannelId.parse("600000x1x65535"));
        // a block height above 2^23 sets the sign bit of the long: still ordered as unsigned
        assertThat(ShortChannelId.parse("9000000x0x0")).isGreaterThan(ShortChannelId.parse("600000x0x0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "1x2", "1x2x3x4", "axbxc", "1x2x-3", "16777216x0x0", "1x16777216x0", "1x0x65536",
        "18446744073709551616", "-5", "1 x2x3"})
    void shouldRejectMalformedText(String text) {
        assertThatThrownBy(() -> ShortChannelId.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("short_channel_id");
    }
}
