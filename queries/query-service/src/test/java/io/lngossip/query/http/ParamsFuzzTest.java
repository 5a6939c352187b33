package io.lngossip.query.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.lngossip.codec.NodeId;
import io.lngossip.codec.ShortChannelId;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Arbitrary strings into the API's parameter parsing (Jazzer). The input is UTF-8, one field a line: a time, a
 * maxAge, a scid, a node_id, a format, a step; the seeds are real values and the bad ones of SEMANTICS §7. Every
 * parser either returns a value that means what the text says or throws {@link BadParameterException} naming its
 * parameter, with a message short enough for a problem body; nothing else escapes.
 */
class ParamsFuzzTest {
    /** The longest detail a bad value may produce: the value itself is cut, see {@link Params}. */
    private static final int MAX_DETAIL = 400;

    @FuzzTest
    void parse(byte[] data) {
        String[] f = new String(data, StandardCharsets.UTF_8).split("\n", -1);
        String time = field(f, 0);
        String maxAge = field(f, 1);
        String scid = field(f, 2);
        String node = field(f, 3);
        String format = field(f, 4);
        String step = field(f, 5);

        try {
            long t = Params.time("at", time);
            if (isAsciiDigits(time.trim())) {
                assertThat(t).isEqualTo(Long.parseLong(time.trim()));
            }
        } catch (BadParameterException e) {
            rejected(e, "at");
        }
        try {
            long m = Params.maxAge(maxAge);
            assertThat(m).isNotNegative();
            if (maxAge != null && isAsciiDigits(maxAge)) {
                assertThat(m).isEqualTo(Long.parseLong(maxAge));
            }
        } catch (BadParameterException e) {
            rejected(e, "maxAge");
        }
        try {
            ShortChannelId s = Params.scid(scid);
            assertThat(Params.scid(s.toString())).isEqualTo(s);
            assertThat(Params.scid(Long.toUnsignedString(s.value()))).isEqualTo(s);
        } catch (BadParameterException e) {
            rejected(e, "scid");
        }
        try {
            NodeId n = Params.nodeId(node);
            assertThat(n.hex()).isEqualTo(node.toLowerCase(Locale.ROOT));
        } catch (BadParameterException e) {
            rejected(e, "node_id");
        }
        try {
            Params.Format fmt = Params.format(format, Params.Format.GSP, Params.Format.JSON, Params.Format.NDJSON);
            assertThat(fmt).isIn(Params.Format.GSP, Params.Format.JSON, Params.Format.NDJSON);
        } catch (BadParameterException e) {
            rejected(e, "format");
        }
        try {
            OptionalLong s = Params.positiveSeconds("step", step);
            s.ifPresent(v -> assertThat(v).isPositive());
        } catch (BadParameterException e) {
            rejected(e, "step");
        }
    }

    private static String field(String[] fields, int i) {
        return i < fields.length ? fields[i] : null;
    }

    private static boolean isAsciiDigits(String s) {
        return !s.isEmpty() && s.length() < 19 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static void rejected(BadParameterException e, String parameter) {
        assertThat(e.parameter()).isEqualTo(parameter);
        assertThat(e.getMessage()).isNotBlank().hasSizeLessThanOrEqualTo(MAX_DETAIL);
    }
}
