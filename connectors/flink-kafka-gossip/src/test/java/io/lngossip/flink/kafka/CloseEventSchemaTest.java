package io.lngossip.flink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.codec.ShortChannelId;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CloseEventSchemaTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"scid\": \"534826x1197x0\", \"closed_at\": 1600000000}",
        // 534826 * 2^40 + 1197 * 2^16 (python3 -c "print(534826*2**40+1197*2**16)")
        "{\"scid\": 588047405915373568, \"closed_at\": 1600000000}",
        "{\"closed_at\": 1600000000, \"scid\": \"534826x1197x0\", \"extra\": true}"
    })
    void shouldParseBothScidForms(String json) {
        CloseEventRecord r = CloseEventSchema.parse(json.getBytes(StandardCharsets.UTF_8), "test");
        assertThat(r.valid()).isTrue();
        assertThat(r.event()).isEqualTo(new CloseEvent(ShortChannelId.of(534826, 1197, 0), 1_600_000_000L));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json | bad close event",
        "[1,2] | not a JSON object",
        "{\"closed_at\": 5} | scid missing",
        "{\"scid\": \"1x2x3\"} | closed_at missing",
        "{\"scid\": \"1x2\", \"closed_at\": 5} | short_channel_id",
        "{\"scid\": \"1x2x3\", \"closed_at\": \"soon\"} | closed_at",
        "{\"scid\": \"1x2x3\", \"closed_at\": 1.5} | closed_at",
        "{\"scid\": \"1x2x3\", \"closed_at\": -5} | negative"
    })
    void shouldKeepWhatCannotBeParsedWithTheReason(String json, String reason) {
        byte[] raw = json.getBytes(StandardCharsets.UTF_8);
        CloseEventRecord r = CloseEventSchema.parse(raw, "kafka:ln.channel.closes/0@7");
        assertThat(r.valid()).isFalse();
        assertThat(r.error()).startsWith("bad close event").contains(reason);
        assertThat(r.raw()).isEqualTo(raw);
        assertThat(r.source()).isEqualTo("kafka:ln.channel.closes/0@7");
    }
}
