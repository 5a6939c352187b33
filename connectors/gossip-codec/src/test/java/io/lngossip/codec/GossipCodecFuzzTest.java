package io.lngossip.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.lngossip.codec.json.GossipJson;

/**
 * Arbitrary bytes into the codec (Jazzer). Regression mode (the default) runs the checked-in seeds: real messages cut
 * from the samples in ../shared/data, truncated and damaged ones; {@code JAZZER_FUZZ=1} fuzzes (see
 * docs/RELIABILITY.md). The properties: decode either accepts or fails with {@link GossipParseException} carrying a
 * reason, nothing else; whatever decodes re-encodes to the same bytes; the validator (signature checks on) and the
 * JSON view never throw for what decodes.
 */
class GossipCodecFuzzTest {
    private static final GossipValidator VALIDATOR = new GossipValidator(
            ValidationOptions.defaults().withSignatureChecks(true));

    @FuzzTest
    void decode(byte[] data) {
        GossipMessage message;
        try {
            message = GossipCodec.decode(data);
        } catch (GossipParseException e) {
            assertThat(e.reason()).isNotNull();
            assertThat(VALIDATOR.classify(data, null, 1_800_000_000L))
                    .isEqualTo(new Verdict.Quarantined(e.reason(), e.getMessage()));
            return;
        }
        assertThat(GossipCodec.encode(message)).isEqualTo(data);
        assertThat(message.type()).isEqualTo(GossipCodec.typeOf(data));
        Verdict verdict = VALIDATOR.classify(data, null, 1_800_000_000L);
        if (verdict instanceof Verdict.Accepted accepted) {
            assertThat(accepted.id()).isEqualTo(GossipId.of(data));
        }
        if (message instanceof ChannelUpdate u) {
            assertThat(u.direction()).isBetween(0, 1);
        }
        assertThat(GossipJson.toMap(data, message)).containsEntry("raw", Hex.encode(data));
    }
}
