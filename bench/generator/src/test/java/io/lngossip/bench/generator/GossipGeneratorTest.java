package io.lngossip.bench.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.codec.ChannelAnnouncement;
import io.lngossip.codec.ChannelUpdate;
import io.lngossip.codec.GossipCodec;
import io.lngossip.codec.GossipMessage;
import io.lngossip.codec.GossipParseException;
import io.lngossip.codec.GossipValidator;
import io.lngossip.codec.NodeAddress;
import io.lngossip.codec.NodeAnnouncement;
import io.lngossip.codec.NodeId;
import io.lngossip.codec.ShortChannelId;
import io.lngossip.codec.ValidationOptions;
import io.lngossip.codec.Verdict;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The small preset's history, checked against what its options ask for. Every figure is computed here from the
 * decoded stream, not taken from the generator's own counts.
 */
class GossipGeneratorTest {
    private static final GeneratorOptions OPTIONS = GeneratorOptions.small();
    private static final long START = OPTIONS.start().getEpochSecond();
    private static final long END = OPTIONS.end().getEpochSecond();

    private static GossipGenerator generator;
    private static List<GeneratedEvent> events;

    @BeforeAll
    static void generate() {
        generator = GossipGenerator.create(OPTIONS);
        events = new ArrayList<>();
        generator.forEach(events::add);
    }

    static String digest(Iterable<GeneratedEvent> history) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (GeneratedEvent e : history) {
            if (e instanceof GeneratedEvent.Sighting s) {
                sha.update(s.message());
                sha.update(s.collector().getBytes(StandardCharsets.UTF_8));
                sha.update(ByteBuffer.allocate(8).putLong(s.receivedAtMs()).array());
            } else if (e instanceof GeneratedEvent.Close c) {
                sha.update(ByteBuffer.allocate(24).putLong(c.scid().value()).putLong(c.closedAt())
                        .putLong(c.publishedAtMs()).array());
            }
        }
        return io.lngossip.codec.Hex.encode(sha.digest());
    }

    private static List<GeneratedEvent.Sighting> sightings() {
        return events.stream().filter(GeneratedEvent.Sighting.class::isInstance)
                .map(GeneratedEvent.Sighting.class::cast).toList();
    }

    private static List<GeneratedEvent.Close> closes() {
        return events.stream().filter(GeneratedEvent.Close.class::isInstance).map(GeneratedEvent.Close.class::cast)
                .toList();
    }

    /** Each distinct message once, in the order first published. */
    private static Map<ByteBuffer, GossipMessage> distinct() throws GossipParseException {
        Map<ByteBuffer, GossipMessage> out = new java.util.LinkedHashMap<>();
        for (GeneratedEvent.Sighting s : sightings()) {
            ByteBuffer key = ByteBuffer.wrap(s.message());
            if (!out.containsKey(key)) {
                out.put(key, GossipCodec.decode(s.message()));
            }
        }
        return out;
    }

    @Test
    void shouldGiveTheSameBytesForTheSameSeed() throws Exception {
        GeneratorOptions oneDay = OPTIONS.withDays(1);
        String first = digest(GossipGenerator.create(oneDay));
        assertThat(digest(GossipGenerator.create(oneDay))).isEqualTo(first);
        GossipGenerator reused = GossipGenerator.create(oneDay);
        digest(reused);
        assertThat(digest(reused)).as("a second pass over one generator").isEqualTo(first);
    }

    @Test
    void shouldGiveOtherBytesForAnotherSeed() throws Exception {
        GeneratorOptions oneDay = OPTIONS.withDays(1);
        assertThat(digest(GossipGenerator.create(oneDay.withSeed(2))))
                .isNotEqualTo(digest(GossipGenerator.create(oneDay)));
    }

    @Test
    void shouldEmitMessagesThatDecodeReencodeAndAreAcceptedAtTheirReceiptTime() {
        GossipValidator validator = new GossipValidator(ValidationOptions.defaults());
        for (GeneratedEvent.Sighting s : sightings()) {
            Verdict v = validator.classify(s.message(), s.receivedAtMs() / 1000, s.receivedAtMs() / 1000);
            assertThat(v).as("verdict of %s", io.lngossip.codec.Hex.encode(s.message()))
                    .isInstanceOf(Verdict.Accepted.class);
            GossipMessage m = ((Verdict.Accepted) v).message();
            assertThat(GossipCodec.encode(m)).isEqualTo(s.message());
        }
    }

    @Test
    void shouldPublishInReceiptOrderWithAnnouncementsBeforeTheirUpdates() throws GossipParseException {
        long previous = Long.MIN_VALUE;
        Set<ShortChannelId> announced = new HashSet<>();
        Set<ShortChannelId> updatedFirst = new HashSet<>();
        for (GeneratedEvent e : events) {
            assertThat(e.publishedAtMs()).isGreaterThanOrEqualTo(previous);
            previous = e.publishedAtMs();
            if (e instanceof GeneratedEvent.Sighting s) {
                GossipMessage m = GossipCodec.decode(s.message());
                if (m instanceof ChannelAnnouncement a) {
                    assertThat(updatedFirst).as("channels updated before their announcement")
                            .doesNotContain(a.shortChannelId());
                    announced.add(a.shortChannelId());
                } else if (m instanceof ChannelUpdate u && !announced.contains(u.shortChannelId())) {
                    updatedFirst.add(u.shortChannelId());
                }
            }
        }
        assertThat(previous).isGreaterThanOrEqualTo(END * 1000 - 3_600_000);
    }

    @Test
    void shouldHaveTheNodesAndChannelsAskedFor() throws GossipParseException {
        Set<NodeId> nodes = new HashSet<>();
        Set<ShortChannelId> channels = new HashSet<>();
        Set<ShortChannelId> announced = new HashSet<>();
        long maxHeight = NetworkModel.heightAt(END);
        for (GossipMessage m : distinct().values()) {
            if (m instanceof ChannelAnnouncement a) {
                assertThat(a.nodeId1()).isLessThan(a.nodeId2());
                nodes.add(a.nodeId1());
                nodes.add(a.nodeId2());
                announced.add(a.shortChannelId());
                channels.add(a.shortChannelId());
            } else if (m instanceof ChannelUpdate u) {
                channels.add(u.shortChannelId());
            } else if (m instanceof NodeAnnouncement n) {
                nodes.add(n.nodeId());
            }
        }
        int expectedChannels = OPTIONS.channels() + OPTIONS.opensPerDay() * OPTIONS.days();
        assertThat(channels).hasSize(expectedChannels);
        assertThat(nodes).hasSizeBetween(OPTIONS.nodes() * 9 / 10, OPTIONS.nodes());
        for (ShortChannelId scid : channels) {
            assertThat(scid.blockHeight()).isBetween(505_000L, maxHeight);
            assertThat(scid.txIndex()).isBetween(1L, 3_500L);
            assertThat(scid.outputIndex()).isBetween(0L, 3L);
        }
        long recent = channels.stream().filter(s -> s.blockHeight() > 800_000).count();
        assertThat(recent).as("channels since 2023").isGreaterThan(channels.size() / 4);
        long old = channels.stream().filter(s -> s.blockHeight() < 600_000).count();
        assertThat(old).as("channels from 2018-2019").isPositive();
    }

    @Test
    void shouldCarryTheInboundFeeTlvOnAboutTheAskedShare() throws GossipParseException {
        long updates = 0;
        long tlv = 0;
        for (Map.Entry<ByteBuffer, GossipMessage> e : distinct().entrySet()) {
            if (e.getValue() instanceof ChannelUpdate u) {
                updates++;
                byte[] raw = e.getKey().array();
                assertThat(raw.length).isIn(138, 150);
                assertThat(u.messageFlags()).isEqualTo(1);
                assertThat(u.cltvExpiryDelta()).isBetween(18, 144);
                assertThat(u.feeBaseMsat()).isBetween(0L, 1000L);
                assertThat(u.htlcMaximumMsat()).isPositive();
                if (raw.length == 150) {
                    assertThat(u.extension().toArray()).startsWith(0xfd, 0xd9, 0x03, 0x08);
                    tlv++;
                }
            }
        }
        assertThat((double) tlv / updates).isBetween(OPTIONS.tlvShare() - 0.08, OPTIONS.tlvShare() + 0.08);
    }

    @Test
    void shouldSpreadUpdatesWithAHeavyTail() throws GossipParseException {
        Map<ShortChannelId, Integer> perChannel = new HashMap<>();
        long live = 0;
        long disabled = 0;
        Set<Long> baseFees = new HashSet<>();
        List<Long> rates = new ArrayList<>();
        for (GossipMessage m : distinct().values()) {
            if (m instanceof ChannelUpdate u) {
                perChannel.merge(u.shortChannelId(), 1, Integer::sum);
                if (u.timestamp() >= START) {
                    live++;
                }
                disabled += u.disabled() ? 1 : 0;
                baseFees.add(u.feeBaseMsat());
                rates.add(u.feeProportionalMillionths());
            }
        }
        long total = perChannel.values().stream().mapToLong(Integer::longValue).sum();
        int[] counts = perChannel.values().stream().mapToInt(Integer::intValue).sorted().toArray();
        int top = Math.max(1, counts.length / 100);
        long topSum = Arrays.stream(counts, counts.length - top, counts.length).sum();
        assertThat((double) topSum / total).as("share of the busiest 1%% of channels").isGreaterThan(0.15);
        assertThat(counts[counts.length / 2]).as("median updates per channel").isLessThan(20);
        double perDay = (double) live / OPTIONS.days();
        assertThat(perDay).isBetween(OPTIONS.updatesPerDay() * 0.75, OPTIONS.updatesPerDay() * 1.25);
        assertThat((double) disabled / total).as("disabled share").isBetween(0.03, 0.25);
        assertThat(baseFees).contains(0L, 1000L);
        rates.sort(null);
        assertThat(rates.get(rates.size() / 2)).as("median fee rate").isBetween(50L, 1000L);
        assertThat(rates.get(rates.size() * 99 / 100)).as("99th percentile fee rate").isGreaterThan(2000L);

        int hot = perChannel.get(generator.hotChannel());
        double expected = OPTIONS.updatesPerDay() / 300.0 * OPTIONS.days();
        assertThat((double) hot).as("updates of the hot channel").isBetween(expected * 0.5, expected * 1.6 + 4);
    }

    @Test
    void shouldHaveDuplicatesAcrossBothCollectors() {
        Map<ByteBuffer, Set<String>> seenBy = new HashMap<>();
        for (GeneratedEvent.Sighting s : sightings()) {
            assertThat(s.collector()).isIn(GeneratorOptions.COLLECTOR_A, GeneratorOptions.COLLECTOR_B);
            assertThat(seenBy.computeIfAbsent(ByteBuffer.wrap(s.message()), k -> new HashSet<>()).add(s.collector()))
                    .as("one collector sees a message once").isTrue();
        }
        long both = seenBy.values().stream().filter(c -> c.size() == 2).count();
        long onlyB = seenBy.values().stream().filter(c -> c.equals(Set.of(GeneratorOptions.COLLECTOR_B))).count();
        assertThat(onlyB).isZero();
        assertThat((double) both / seenBy.size()).isBetween(OPTIONS.duplicateShare() - 0.03,
                OPTIONS.duplicateShare() + 0.03);
    }

    @Test
    void shouldHaveOrphansThatAreNeverAnnounced() throws GossipParseException {
        Set<ShortChannelId> announced = new HashSet<>();
        Set<ShortChannelId> updated = new HashSet<>();
        for (GossipMessage m : distinct().values()) {
            if (m instanceof ChannelAnnouncement a) {
                announced.add(a.shortChannelId());
            } else if (m instanceof ChannelUpdate u) {
                updated.add(u.shortChannelId());
            }
        }
        updated.removeAll(announced);
        double expected = OPTIONS.orphanShare() * OPTIONS.channels();
        assertThat((double) updated.size()).isBetween(Math.max(1, expected * 0.4), expected * 2);
    }

    @Test
    void shouldCloseChannelsAfterTheirLastUpdate() throws GossipParseException {
        Map<ShortChannelId, Long> lastUpdate = new HashMap<>();
        Set<ShortChannelId> announced = new HashSet<>();
        for (GossipMessage m : distinct().values()) {
            if (m instanceof ChannelUpdate u) {
                lastUpdate.merge(u.shortChannelId(), u.timestamp(), Math::max);
            } else if (m instanceof ChannelAnnouncement a) {
                announced.add(a.shortChannelId());
            }
        }
        List<GeneratedEvent.Close> closes = closes();
        double expected = OPTIONS.closedShare() * OPTIONS.channels();
        assertThat((double) closes.size()).isBetween(Math.max(1, expected * 0.4), expected * 2);
        assertThat(closes.stream().map(GeneratedEvent.Close::scid).distinct().count()).isEqualTo(closes.size());
        for (GeneratedEvent.Close c : closes) {
            assertThat(announced).contains(c.scid());
            assertThat(c.closedAt()).isBetween(START, END);
            assertThat(c.publishedAtMs()).isGreaterThanOrEqualTo(c.closedAt() * 1000);
            // the signer's clock may run 20 minutes ahead, never more
            assertThat(lastUpdate.get(c.scid())).isLessThan(c.closedAt() + 1_200);
        }
        assertThat(generator.hotChannel()).isNotIn(closes.stream().map(GeneratedEvent.Close::scid).toList());
    }

    @Test
    void shouldHaveStaleChannels() throws GossipParseException {
        Map<ShortChannelId, Long> lastUpdate = new HashMap<>();
        Set<ShortChannelId> announced = new HashSet<>();
        for (GossipMessage m : distinct().values()) {
            if (m instanceof ChannelUpdate u) {
                lastUpdate.merge(u.shortChannelId(), u.timestamp(), Math::max);
            } else if (m instanceof ChannelAnnouncement a) {
                announced.add(a.shortChannelId());
            }
        }
        long stale = announced.stream().filter(s -> lastUpdate.get(s) < END - 14 * 86_400).count();
        double expected = OPTIONS.staleShare() * OPTIONS.channels();
        assertThat((double) stale).isBetween(Math.max(1, expected * 0.5), expected * 1.5 + 2);
        assertThat(lastUpdate.get(generator.hotChannel())).isGreaterThan(END - 86_400);
    }

    @Test
    void shouldDeliverSomeMessagesLateButNeverFromTheFuture() throws GossipParseException {
        long late = 0;
        long all = 0;
        for (GeneratedEvent.Sighting s : sightings()) {
            GossipMessage m = GossipCodec.decode(s.message());
            long ts = m instanceof ChannelUpdate u ? u.timestamp()
                    : m instanceof NodeAnnouncement n ? n.timestamp() : -1;
            if (ts < START || !GeneratorOptions.COLLECTOR_A.equals(s.collector())) {
                continue; // the first sync's messages are old by design
            }
            all++;
            long lag = s.receivedAtMs() / 1000 - ts;
            assertThat(lag).as("receipt minus timestamp").isGreaterThanOrEqualTo(-3_600);
            if (lag >= OPTIONS.lateness().toSeconds() / 10 - 1_200) {
                late++;
            }
        }
        assertThat((double) late / all).isBetween(OPTIONS.lateShare() * 0.5, OPTIONS.lateShare() * 1.6);
    }

    @Test
    void shouldAnnounceNodesLikeMainnetAndChangeThemSometimes() throws GossipParseException {
        Map<NodeId, Set<String>> looks = new HashMap<>();
        Map<NodeId, Integer> perNode = new HashMap<>();
        long live = 0;
        Set<Integer> addressTypes = new HashSet<>();
        for (GossipMessage m : distinct().values()) {
            if (m instanceof NodeAnnouncement n) {
                assertThat(n.aliasText()).isNotBlank();
                assertThat(n.features().length()).isPositive();
                List<NodeAddress> addrs = NodeAddress.parseAll(n.addresses());
                int described = addrs.stream().mapToInt(a -> 1 + switch (a.type()) {
                    case 1 -> 4;
                    case 2 -> 16;
                    default -> 35;
                } + 2).sum();
                assertThat(described).as("every address descriptor parses").isEqualTo(n.addresses().length());
                addrs.forEach(a -> addressTypes.add(a.type()));
                looks.computeIfAbsent(n.nodeId(), k -> new HashSet<>()).add(n.aliasText() + "|" + n.colorHex()
                        + "|" + n.addresses().hex());
                perNode.merge(n.nodeId(), 1, Integer::sum);
                if (n.timestamp() >= START) {
                    live++;
                }
            }
        }
        assertThat(addressTypes).containsExactlyInAnyOrder(1, 2, 4);
        assertThat(looks.values().stream().filter(l -> l.size() > 1).count()).as("nodes that changed").isPositive();
        double perDay = (double) live / OPTIONS.days();
        assertThat(perDay).isBetween(OPTIONS.nodeAnnouncementsPerDay() * 0.75,
                OPTIONS.nodeAnnouncementsPerDay() * 1.25);
    }

    @Test
    void shouldNameTheBusiestNodeAmongTheBusiest() throws GossipParseException {
        Map<ShortChannelId, ChannelAnnouncement> announcements = new HashMap<>();
        Map<NodeId, Integer> load = new HashMap<>();
        Map<ByteBuffer, GossipMessage> all = distinct();
        for (GossipMessage m : all.values()) {
            if (m instanceof ChannelAnnouncement a) {
                announcements.put(a.shortChannelId(), a);
            }
        }
        for (GossipMessage m : all.values()) {
            if (m instanceof ChannelUpdate u && announcements.containsKey(u.shortChannelId())) {
                ChannelAnnouncement a = announcements.get(u.shortChannelId());
                load.merge(a.nodeId1(), 1, Integer::sum);
                load.merge(a.nodeId2(), 1, Integer::sum);
            } else if (m instanceof NodeAnnouncement n) {
                load.merge(n.nodeId(), 1, Integer::sum);
            }
        }
        int[] sorted = load.values().stream().mapToInt(Integer::intValue).sorted().toArray();
        int topFivePercent = sorted[sorted.length * 95 / 100];
        assertThat(load.get(generator.busiestNode())).isGreaterThanOrEqualTo(topFivePercent);
    }
}
