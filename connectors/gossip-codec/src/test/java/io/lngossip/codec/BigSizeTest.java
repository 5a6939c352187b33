package io.lngossip.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Vectors from BOLT #1 Appendix A (BigSize decoding and encoding tests). */
class BigSizeTest {

    @ParameterizedTest(name = "{0} <-> {1}")
    @CsvSource({
        "0, 00",
        "252, fc",
        "253, fd00fd",
        "65535, fdffff",
        "65536, fe00010000",
        "4294967295, feffffffff",
        "4294967296, ff0000000100000000",
        "18446744073709551615, ffffffffffffffffff"
    })
    void shouldEncodeAndDecodeMinimally(String value, String hex) throws Exception {
        long v = Long.parseUnsignedLong(value);
        assertThat(Hex.encode(BigSize.encode(v))).isEqualTo(hex);
        assertThat(BigSize.length(v)).isEqualTo(hex.length() / 2);
        assertThat(BigSize.read(new ByteArrayInputStream(Hex.decode(hex)))).isEqualTo(v);
    }

    @ParameterizedTest
    @CsvSource({"fd00fc", "fe0000ffff", "ff00000000ffffffff"})
    void shouldRejectNonMinimalEncodings(String hex) {
        assertThatThrownBy(() -> BigSize.read(new ByteArrayInputStream(Hex.decode(hex))))
                .isInstanceOf(BigSize.NonMinimalException.class);
    }

    @ParameterizedTest
    @CsvSource({"fd00", "feffff", "ffffffffff", "fd", "fe", "ff"})
    void shouldRejectNumbersCutShort(String hex) {
        assertThatThrownBy(() -> BigSize.read(new ByteArrayInputStream(Hex.decode(hex))))
                .isInstanceOf(EOFException.class);
    }

    @org.junit.jupiter.api.Test
    void shouldSignalEndOfStreamBeforeTheFirstByte() throws Exception {
        assertThat(BigSize.read(new ByteArrayInputStream(new byte[0]))).isEqualTo(-1);
    }
}
