package io.lngossip.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.codec.io.FileItem;
import io.lngossip.codec.io.GossipFileReader;
import io.lngossip.codec.io.GossipFiles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Signatures of real mainnet gossip. */
class SignatureVerifierTest {
    static final List<String> FILES = List.of(SharedData.HOUR_17, SharedData.HOUR_10, SharedData.DAILY,
            SharedData.GOSSIP_STORE);

    static SignatureVerifier verifier;
    static Map<String, List<byte[]>> messages = new HashMap<>();
    static Map<ShortChannelId, ChannelAnnouncement> announcements = new HashMap<>();

    @BeforeAll
    static void load() throws Exception {
        verifier = SignatureVerifier.create();
        for (String file : FILES) {
            List<byte[]> list = new ArrayList<>();
            try (GossipFileReader reader = GossipFiles.open(SharedData.file(file))) {
                for (FileItem i = reader.next(); i != null; i = reader.next()) {
                    if (i instanceof FileItem.Message m) {
                        list.add(m.bytes());
                        if (GossipCodec.decode(m.bytes()) instanceof ChannelAnnouncement a) {
                            announcements.put(a.shortChannelId(), a);
                        }
                    }
                }
            }
            messages.put(file, list);
        }
    }

    /**
     * Every node_announcement and channel_announcement of the samples verifies. Counts by type from SOURCES.txt and a
     * Python walk of the files; the "599" is the node_announcements of the two hourly files (497 + 102).
     */
    @ParameterizedTest
    @CsvSource({
        SharedData.HOUR_17 + ", 1, 497",
        SharedData.HOUR_10 + ", 0, 102",
        SharedData.DAILY + ", 4, 507",
        SharedData.GOSSIP_STORE + ", 88, 0"
    })
    void shouldVerifyEveryRealAnnouncement(String file, int channelAnnouncements, int nodeAnnouncements)
            throws Exception {
        int channels = 0;
        int nodes = 0;
        for (byte[] raw : messages.get(file)) {
            GossipMessage m = GossipCodec.decode(raw);
            if (m instanceof ChannelUpdate) {
                continue;
            }
            assertThat(verifier.verify(raw, m)).as("%s %s", file, GossipId.of(raw)).isTrue();
            if (m instanceof ChannelAnnouncement) {
                channels++;
            } else {
                nodes++;
            }
        }
        assertThat(channels).isEqualTo(channelAnnouncements);
        assertThat(nodes).isEqualTo(nodeAnnouncements);
    }

    /** Updates whose announcement is in the samples (by a Python scan: 3 + 0 + 8 + 4) verify by their direction's node. */
    @Test
    void shouldVerifyUpdatesAgainstTheNodeOfTheirDirectionOnly() throws Exception {
        int checked = 0;
        for (String file : FILES) {
            for (byte[] raw : messages.get(file)) {
                if (GossipCodec.decode(raw) instanceof ChannelUpdate u && announcements.containsKey(u.shortChannelId())) {
                    ChannelAnnouncement a = announcements.get(u.shortChannelId());
                    assertThat(verifier.verifyChannelUpdate(raw, u, a)).isTrue();
                    assertThat(verifier.verifyChannelUpdate(raw, u, a.nodeId(1 - u.direction()))).isFalse();
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(15);
    }

    @Test
    void shouldRejectOneFlippedByteInTheSignedPartOrTheSignature() throws Exception {
        byte[] node = first(SharedData.HOUR_17, MessageType.NODE_ANNOUNCEMENT);
        byte[] ann = first(SharedData.HOUR_17, MessageType.CHANNEL_ANNOUNCEMENT);
        for (int at : new int[] {10, 70, node.length - 1}) {
            assertThat(verifier.verify(flip(node, at), GossipCodec.decode(flip(node, at)))).as("node byte %d", at)
                    .isFalse();
        }
        for (int at : new int[] {5, 70, 140, 200, 300, ann.length - 1}) {
            byte[] bad = flip(ann, at);
            assertThat(verifier.verify(bad, GossipCodec.decode(bad))).as("announcement byte %d", at).isFalse();
        }
        // an update with LND's inbound-fee TLV: the trailing bytes are signed too
        for (byte[] raw : messages.get(SharedData.DAILY)) {
            if (GossipCodec.decode(raw) instanceof ChannelUpdate u && announcements.containsKey(u.shortChannelId())
                    && raw.length == 150) {
                ChannelAnnouncement a = announcements.get(u.shortChannelId());
                byte[] bad = flip(raw, 149);
                assertThat(verifier.verifyChannelUpdate(bad, (ChannelUpdate) GossipCodec.decode(bad), a)).isFalse();
                return;
            }
        }
        throw new AssertionError("the daily sample has a 150-byte update of a known channel");
    }

    @Test
    void shouldAnswerFalseForAKeyThatIsNotOnTheCurve() throws Exception {
        byte[] raw = first(SharedData.HOUR_10, MessageType.CHANNEL_UPDATE);
        ChannelUpdate u = (ChannelUpdate) GossipCodec.decode(raw);
        assertThat(verifier.verifyChannelUpdate(raw, u, NodeId.parse("02" + "ff".repeat(32)))).isFalse();
    }

    static byte[] first(String file, int type) {
        return messages.get(file).stream().filter(m -> GossipCodec.typeOf(m) == type).findFirst().orElseThrow();
    }

    static byte[] flip(byte[] raw, int at) {
        byte[] copy = raw.clone();
        copy[at] ^= 0x01;
        return copy;
    }
}
