package io.lngossip.bench.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.codec.ChannelAnnouncement;
import io.lngossip.codec.ChannelUpdate;
import io.lngossip.codec.GossipCodec;
import io.lngossip.codec.GossipMessage;
import io.lngossip.codec.GossipParseException;
import io.lngossip.codec.GossipValidator;
import io.lngossip.codec.NodeAnnouncement;
import io.lngossip.codec.ShortChannelId;
import io.lngossip.codec.SignatureVerifier;
import io.lngossip.codec.ValidationOptions;
import io.lngossip.codec.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With signing on, every signature verifies with the project's own SignatureVerifier, as SEMANTICS §1 defines it. */
class SignedGossipTest {
    private static final GeneratorOptions SIGNED = GeneratorOptions.small().withDays(1).withSign(true);

    @Test
    void shouldSignEveryMessageVerifiably() throws GossipParseException {
        SignatureVerifier verifier = SignatureVerifier.create();
        GossipValidator validator = new GossipValidator(ValidationOptions.defaults().withSignatureChecks(true));
        Map<ShortChannelId, ChannelAnnouncement> announcements = new HashMap<>();
        List<byte[]> orphans = new ArrayList<>();
        int announced = 0;
        int updates = 0;
        int nodes = 0;
        for (GeneratedEvent e : GossipGenerator.create(SIGNED)) {
            if (!(e instanceof GeneratedEvent.Sighting s) || !GeneratorOptions.COLLECTOR_A.equals(s.collector())) {
                continue;
            }
            byte[] raw = s.message();
            GossipMessage m = GossipCodec.decode(raw);
            if (m instanceof ChannelAnnouncement a) {
                assertThat(verifier.verify(raw, a)).as("channel_announcement %s", a.shortChannelId()).isTrue();
                assertThat(validator.classify(raw, s.receivedAtMs() / 1000, 0)).isInstanceOf(Verdict.Accepted.class);
                announcements.put(a.shortChannelId(), a);
                announced++;
            } else if (m instanceof NodeAnnouncement n) {
                assertThat(verifier.verify(raw, n)).as("node_announcement of %s", n.nodeId()).isTrue();
                nodes++;
            } else if (m instanceof ChannelUpdate u) {
                ChannelAnnouncement a = announcements.get(u.shortChannelId());
                if (a == null) {
                    orphans.add(raw);
                    continue;
                }
                assertThat(verifier.verifyChannelUpdate(raw, u, a)).as("channel_update of %s", u.shortChannelId())
                        .isTrue();
                assertThat(validator.checkUpdateSignature(raw, u, a)).isInstanceOf(Verdict.Accepted.class);
                // the other endpoint did not sign it
                assertThat(verifier.verifyChannelUpdate(raw, u, a.nodeId(1 - u.direction()))).isFalse();
                updates++;
            }
        }
        assertThat(announced).isGreaterThan(SIGNED.channels() / 2);
        assertThat(updates).isGreaterThan(SIGNED.updatesPerDay() / 2);
        assertThat(nodes).isGreaterThan(SIGNED.nodes() / 2);
        assertThat(orphans).isNotEmpty();
    }

    @Test
    void shouldSignDeterministically() throws Exception {
        GeneratorOptions tiny = SIGNED.withNodes(20).withChannels(40).withUpdatesPerDay(200)
                .withNodeAnnouncementsPerDay(50);
        assertThat(GossipGeneratorTest.digest(GossipGenerator.create(tiny)))
                .isEqualTo(GossipGeneratorTest.digest(GossipGenerator.create(tiny)));
    }

    /** Signing changes keys and signatures only: which message goes out when, to whom, is the same. */
    @Test
    void shouldGenerateTheSameHistoryShapeSignedOrNot() {
        GeneratorOptions tiny = SIGNED.withNodes(30).withChannels(80).withUpdatesPerDay(400)
                .withNodeAnnouncementsPerDay(100);
        assertThat(shape(tiny.withSign(false))).isEqualTo(shape(tiny));
    }

    private static List<String> shape(GeneratorOptions options) {
        List<String> out = new ArrayList<>();
        for (GeneratedEvent e : GossipGenerator.create(options)) {
            if (e instanceof GeneratedEvent.Sighting s) {
                int type = GossipCodec.typeOf(s.message());
                String scid = type == 258 ? String.valueOf(java.nio.ByteBuffer.wrap(s.message(), 98, 8).getLong())
                        : type == 256 ? String.valueOf(java.nio.ByteBuffer.wrap(s.message(), 292, 8).getLong()) : "";
                out.add(s.receivedAtMs() + " " + s.collector() + " " + type + " " + scid);
            } else {
                out.add(e.toString());
            }
        }
        return out;
    }

    @Test
    void shouldLeaveUnsignedMessagesUnverifiable() throws GossipParseException {
        SignatureVerifier verifier = SignatureVerifier.create();
        GeneratorOptions unsigned = SIGNED.withSign(false).withNodes(20).withChannels(40);
        for (GeneratedEvent e : GossipGenerator.create(unsigned)) {
            if (e instanceof GeneratedEvent.Sighting s && GossipCodec.decode(s.message()) instanceof NodeAnnouncement n) {
                assertThat(verifier.verify(s.message(), n)).isFalse();
                return;
            }
        }
        throw new AssertionError("no node_announcement generated");
    }
}
