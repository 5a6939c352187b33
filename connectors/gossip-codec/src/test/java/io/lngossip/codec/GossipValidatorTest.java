package io.lngossip.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GossipValidatorTest {
    static final long T = 1_755_621_881L; // timestamp of the first update of gossip_20250819_17.gsp

    private final GossipValidator lenient = new GossipValidator(ValidationOptions.defaults());
    private final GossipValidator strict = new GossipValidator(ValidationOptions.defaults().withSignatureChecks(true));

    static byte[] firstUpdate() throws Exception {
        return GossipCodecTest.messages(SharedData.HOUR_17).get(0);
    }

    @Test
    void shouldAcceptARealUpdateReceivedOnTime() throws Exception {
        byte[] raw = firstUpdate();
        Verdict v = lenient.classify(raw, T, 0);
        assertThat(v).isInstanceOfSatisfying(Verdict.Accepted.class, a -> {
            assertThat(a.id()).isEqualTo(GossipId.of(raw));
            assertThat(a.message()).isInstanceOf(ChannelUpdate.class);
        });
    }

    @Test
    void shouldToleratePreciselyOneHourOfClockSkew() throws Exception {
        assertThat(lenient.classify(firstUpdate(), T - 3600, 0)).isInstanceOf(Verdict.Accepted.class);
        assertThat(reason(lenient.classify(firstUpdate(), T - 3601, 0))).isEqualTo(QuarantineReason.FUTURE_TIMESTAMP);
    }

    @Test
    void shouldJudgeMessagesWithoutReceiptTimeByTheWallClock() throws Exception {
        assertThat(lenient.classify(firstUpdate(), null, T)).isInstanceOf(Verdict.Accepted.class);
        assertThat(reason(lenient.classify(firstUpdate(), null, T - 3601))).isEqualTo(QuarantineReason.FUTURE_TIMESTAMP);
    }

    @Test
    void shouldQuarantineAnotherChain() throws Exception {
        GossipValidator testnet = new GossipValidator(ValidationOptions.defaults()
                .withChain(ChainHash.fromHex("43497fd7f826957108f4a30fd9cec3aeba79972084e90ead01ea330900000000")));
        assertThat(reason(testnet.classify(firstUpdate(), T, 0))).isEqualTo(QuarantineReason.WRONG_CHAIN);
    }

    @Test
    void shouldKeepTheDecodeReason() {
        assertThat(reason(lenient.classify(new byte[] {1, 9, 0}, T, 0))).isEqualTo(QuarantineReason.UNKNOWN_TYPE);
        assertThat(reason(lenient.classify(new byte[] {1, 2, 0}, T, 0))).isEqualTo(QuarantineReason.TRUNCATED);
    }

    @Test
    void shouldCheckSignaturesOnlyWhenAskedTo() throws Exception {
        byte[] node = SignatureVerifierTest.first(SharedData.HOUR_17, MessageType.NODE_ANNOUNCEMENT);
        byte[] tampered = node.clone();
        tampered[tampered.length - 1] ^= 1; // an address byte
        long ts = ((NodeAnnouncement) GossipCodec.decode(node)).timestamp();
        assertThat(strict.classify(node, ts, 0)).isInstanceOf(Verdict.Accepted.class);
        assertThat(lenient.classify(tampered, ts, 0)).isInstanceOf(Verdict.Accepted.class);
        assertThat(reason(strict.classify(tampered, ts, 0))).isEqualTo(QuarantineReason.BAD_SIGNATURE);
    }

    @Test
    void shouldCheckAnUpdateOnceItsAnnouncementIsKnown() throws Exception {
        // the daily sample holds announcements and updates of the same channels
        ChannelAnnouncement ann = null;
        byte[] update = null;
        for (byte[] raw : GossipCodecTest.messages(SharedData.DAILY)) {
            if (GossipCodec.decode(raw) instanceof ChannelAnnouncement a) {
                ann = a;
            }
        }
        for (byte[] raw : GossipCodecTest.messages(SharedData.DAILY)) {
            if (GossipCodec.decode(raw) instanceof ChannelUpdate u && ann != null
                    && u.shortChannelId().equals(ann.shortChannelId())) {
                update = raw;
            }
        }
        assertThat(update).as("an update of the last announced channel").isNotNull();
        ChannelUpdate u = (ChannelUpdate) GossipCodec.decode(update);
        assertThat(strict.checkUpdateSignature(update, u, ann)).isInstanceOf(Verdict.Accepted.class);
        byte[] tampered = update.clone();
        tampered[100] ^= 1;
        assertThat(reason(strict.checkUpdateSignature(tampered, (ChannelUpdate) GossipCodec.decode(tampered), ann)))
                .isEqualTo(QuarantineReason.BAD_SIGNATURE);
        assertThat(lenient.checkUpdateSignature(tampered, (ChannelUpdate) GossipCodec.decode(tampered), ann))
                .isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void shouldNeverThrowOnRandomBytes() {
        Random random = new Random(5);
        for (int i = 0; i < 5_000; i++) {
            byte[] b = new byte[random.nextInt(500)];
            random.nextBytes(b);
            if (b.length >= 2 && random.nextBoolean()) {
                b[0] = 1;
                b[1] = (byte) (random.nextInt(3));
            }
            assertThat(strict.classify(b, null, T)).isNotNull();
        }
    }

    private static QuarantineReason reason(Verdict v) {
        assertThat(v).isInstanceOf(Verdict.Quarantined.class);
        return ((Verdict.Quarantined) v).reason();
    }
}
