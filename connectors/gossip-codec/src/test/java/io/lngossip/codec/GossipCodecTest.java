package io.lngossip.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.lngossip.codec.io.GspFrame;
import io.lngossip.codec.io.GspReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GossipCodecTest {

    static List<byte[]> messages(String file) throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (GspReader reader = GspReader.open(SharedData.file(file))) {
            for (GspFrame f = reader.next(); f != null; f = reader.next()) {
                out.add(f.message());
            }
            assertThat(reader.end().complete()).as("end of %s: %s", file, reader.end()).isTrue();
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {SharedData.HOUR_17, SharedData.HOUR_10, SharedData.DAILY})
    void shouldReencodeEveryRealMessageByteForByte(String file) throws Exception {
        List<byte[]> messages = messages(file);
        assertThat(messages).isNotEmpty();
        for (byte[] raw : messages) {
            GossipMessage decoded = GossipCodec.decode(raw);
            assertThat(GossipCodec.encode(decoded)).isEqualTo(raw);
            // and through the fields: a record rebuilt from its components encodes the same
            assertThat(GossipCodec.decode(GossipCodec.encode(decoded))).isEqualTo(decoded);
        }
    }

    @Test
    void shouldKeepTheInboundFeeTlvOfRealUpdates() throws Exception {
        // SOURCES.txt: 1,506 of the 3,434 updates in gossip_20250819_17.gsp are 150 bytes (LND's 55555 TLV)
        int withTlv = 0;
        int updates = 0;
        for (byte[] raw : messages(SharedData.HOUR_17)) {
            if (GossipCodec.decode(raw) instanceof ChannelUpdate u) {
                updates++;
                if (u.extension().length() == 12) {
                    withTlv++;
                    // BigSize type 55555 = fd d903, length 8
                    assertThat(u.extension().hex()).startsWith("fdd90308");
                }
            }
        }
        assertThat(updates).isEqualTo(3434);
        assertThat(withTlv).isEqualTo(1506);
    }

    @Test
    void shouldDecodeEveryFieldOfARealChannelUpdate() throws Exception {
        // First message of gossip_20250819_17.gsp, fields read by hand from its hex at the BOLT #7 offsets
        ChannelUpdate u = (ChannelUpdate) GossipCodec.decode(messages(SharedData.HOUR_17).get(0));
        assertThat(u.chainHash()).isEqualTo(ChainHash.BITCOIN_MAINNET);
        assertThat(u.shortChannelId()).hasToString("907434x1593x1");
        assertThat(u.timestamp()).isEqualTo(1755621881L);
        assertThat(u.messageFlags()).isEqualTo(1);
        assertThat(u.channelFlags()).isEqualTo(1);
        assertThat(u.direction()).isEqualTo(1);
        assertThat(u.disabled()).isFalse();
        assertThat(u.cltvExpiryDelta()).isEqualTo(80);
        assertThat(u.htlcMinimumMsat()).isEqualTo(1000);
        assertThat(u.feeBaseMsat()).isZero();
        assertThat(u.feeProportionalMillionths()).isEqualTo(1);
        assertThat(u.htlcMaximumMsat()).isEqualTo(3465000000L);
        assertThat(u.extension().hex()).isEqualTo("fdd903080000000000000000");
        assertThat(GossipId.of(GossipCodec.encode(u)).hex())
                .isEqualTo("857ff6234185f87089ff327cf1cc6dd5e5b07d841aaa0a4ede792eb9246b6339");
    }

    @Test
    void shouldDecodeTheRealChannelAnnouncementAndNodeAnnouncement() throws Exception {
        List<GossipMessage> decoded = new ArrayList<>();
        for (byte[] raw : messages(SharedData.HOUR_17)) {
            decoded.add(GossipCodec.decode(raw));
        }
        ChannelAnnouncement a = decoded.stream().filter(ChannelAnnouncement.class::isInstance)
                .map(ChannelAnnouncement.class::cast).findFirst().orElseThrow();
        assertThat(a.shortChannelId()).hasToString("910765x3064x0");
        assertThat(a.nodeId1().hex()).isEqualTo("027cd974e47086291bb8a5b0160a889c738f2712a703b8ea939985fd16f3aae67e");
        assertThat(a.nodeId2().hex()).isEqualTo("031fab3f6a8ae8588668fbe4bf4cae14c3aaa4134330b1798b81e60aaf9662ff20");
        assertThat(a.chainHash()).isEqualTo(ChainHash.BITCOIN_MAINNET);

        NodeAnnouncement n = decoded.stream().filter(NodeAnnouncement.class::isInstance)
                .map(NodeAnnouncement.class::cast).findFirst().orElseThrow();
        assertThat(n.nodeId().hex()).isEqualTo("03cf4f25a3e6275e0b4965f03c7e51933a85dff380f7daa2d9716250bf2fe732e0");
        assertThat(n.timestamp()).isEqualTo(1755622352L);
        assertThat(n.colorHex()).isEqualTo("#436411");
        assertThat(n.aliasText()).isEqualTo("3SN-Network");
        assertThat(n.features().length()).isEqualTo(433 - 66 - 2 - 4 - 33 - 3 - 32 - 2 - 38);
        // one Tor v3 address (type 4, 35 bytes, port 0x2607 = 9735)
        assertThat(NodeAddress.parseAll(n.addresses())).singleElement().satisfies(addr -> {
            assertThat(addr.type()).isEqualTo(4);
            assertThat(addr.host()).endsWith(".onion").hasSize(56 + 6);
            assertThat(addr.port()).isEqualTo(9735);
        });
    }

    @Test
    void shouldEncodeAnUpdateWithoutHtlcMaximumAs130Bytes() throws Exception {
        ChannelUpdate old = new ChannelUpdate(Bytes.of(new byte[64]), ChainHash.BITCOIN_MAINNET,
                ShortChannelId.parse("534826x1197x0"), 1_530_000_000L, 0, 2, 144, 1, 1000, 1, 0, Bytes.EMPTY);
        byte[] raw = GossipCodec.encode(old);
        assertThat(raw).hasSize(130);
        ChannelUpdate back = (ChannelUpdate) GossipCodec.decode(raw);
        assertThat(back).isEqualTo(old);
        assertThat(back.disabled()).isTrue();
        assertThat(back.direction()).isZero();
        assertThat(back.hasHtlcMaximumMsat()).isFalse();
    }

    @Test
    void shouldClassifyUnknownTypesAndEmptyInput() {
        assertThat(reason(new byte[] {0x01, 0x03, 0, 0})).isEqualTo(QuarantineReason.UNKNOWN_TYPE);
        assertThat(reason(new byte[] {0x00, 0x10})).isEqualTo(QuarantineReason.UNKNOWN_TYPE);
        assertThat(reason(new byte[] {0x01})).isEqualTo(QuarantineReason.TRUNCATED);
        assertThat(reason(new byte[0])).isEqualTo(QuarantineReason.TRUNCATED);
    }

    @Test
    void shouldClassifyAnUpdateThatPromisesHtlcMaximumButEndsAsTruncated() throws Exception {
        byte[] raw = messages(SharedData.HOUR_17).get(0);
        byte[] cut = Arrays.copyOf(raw, 2 + 64 + 32 + 8 + 4 + 1 + 1 + 2 + 8 + 4 + 4 + 7);
        assertThat(reason(cut)).isEqualTo(QuarantineReason.TRUNCATED);
    }

    @Test
    void shouldClassifyALengthPrefixRunningPastTheEndAsBadLength() throws Exception {
        byte[] raw = GossipCodec.encode(GossipCodec.decode(firstOfType(MessageType.NODE_ANNOUNCEMENT)));
        // flen sits right after the signature; make it claim more than the message holds
        raw[66] = (byte) 0xff;
        raw[67] = (byte) 0xff;
        assertThat(reason(raw)).isEqualTo(QuarantineReason.BAD_LENGTH);
    }

    @Test
    void shouldClassifyANodeIdThatIsNotACompressedKey() throws Exception {
        byte[] raw = firstOfType(MessageType.CHANNEL_ANNOUNCEMENT).clone();
        int flen = ((raw[258] & 0xff) << 8) | (raw[259] & 0xff);
        raw[260 + flen + 32 + 8] = 0x04; // first byte of node_id_1
        assertThat(reason(raw)).isEqualTo(QuarantineReason.BAD_NODE_ID);
    }

    @Test
    void shouldOnlyEverThrowTheDeclaredParseErrorOnTruncationsAndFlips() throws Exception {
        Random random = new Random(42);
        List<byte[]> real = messages(SharedData.DAILY);
        for (int i = 0; i < 20_000; i++) {
            byte[] raw = real.get(random.nextInt(real.size()));
            byte[] mutated = random.nextBoolean()
                    ? Arrays.copyOf(raw, random.nextInt(raw.length + 1))
                    : flip(raw, random);
            Throwable t = catchThrowable(() -> GossipCodec.decode(mutated));
            if (t != null) {
                assertThat(t).isInstanceOf(GossipParseException.class);
            } else {
                // whatever decodes must re-encode to the same bytes
                assertThat(GossipCodec.encode(GossipCodec.decode(mutated))).isEqualTo(mutated);
            }
        }
    }

    @Test
    void shouldRejectRecordsThatCannotBeEncoded() {
        assertThatThrownBy(() -> new ChannelUpdate(Bytes.of(new byte[64]), ChainHash.BITCOIN_MAINNET,
                new ShortChannelId(1), 1, 0, 0, 0, 0, 0, 0, 5, Bytes.EMPTY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("htlcMaximumMsat");
        assertThatThrownBy(() -> new ChannelUpdate(Bytes.of(new byte[63]), ChainHash.BITCOIN_MAINNET,
                new ShortChannelId(1), 1, 0, 0, 0, 0, 0, 0, 0, Bytes.EMPTY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signature");
    }

    private static byte[] flip(byte[] raw, Random random) {
        byte[] copy = raw.clone();
        int at = random.nextInt(copy.length);
        copy[at] ^= (byte) (1 << random.nextInt(8));
        return copy;
    }

    private static byte[] firstOfType(int type) throws Exception {
        return messages(SharedData.HOUR_17).stream().filter(m -> GossipCodec.typeOf(m) == type).findFirst()
                .orElseThrow();
    }

    private static QuarantineReason reason(byte[] raw) {
        Throwable t = catchThrowable(() -> GossipCodec.decode(raw));
        assertThat(t).isInstanceOf(GossipParseException.class);
        return ((GossipParseException) t).reason();
    }
}
