package io.lngossip.codec.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lngossip.codec.ChannelAnnouncement;
import io.lngossip.codec.GossipCodec;
import io.lngossip.codec.Hex;
import io.lngossip.codec.MessageType;
import io.lngossip.codec.QuarantineReason;
import io.lngossip.codec.SharedData;
import io.lngossip.codec.ShortChannelId;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GossipStoreReaderTest {

    private static List<FileItem> readAll(GossipFileReader reader) {
        List<FileItem> items = new ArrayList<>();
        for (FileItem i = reader.next(); i != null; i = reader.next()) {
            items.add(i);
        }
        return items;
    }

    @Test
    void shouldComputeCrc32cLikeTheStandardVector() {
        // CRC-32C check value of "123456789" (RFC 3720 / iSCSI): 0xe3069283
        assertThat(Crc32c.compute(0, "123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0xe3069283);
        assertThat(Crc32c.compute(0, new byte[0])).isZero();
    }

    /**
     * The real store: counts from SOURCES.txt, checked with a few lines of Python walking the 12-byte headers (88
     * channel_announcement, 4 channel_update, 87 channel amounts, 1 delete_chan, 6 deleted records).
     */
    @Test
    void shouldReadTheRealStoreWithItsDeletedRecordsAmountsAndDelete() throws Exception {
        List<FileItem> items;
        try (GossipStoreReader reader = GossipStoreReader.open(SharedData.file(SharedData.GOSSIP_STORE))) {
            assertThat(reader.version()).isEqualTo(0x0f);
            items = readAll(reader);
            assertThat(reader.end()).isEqualTo(ReadEnd.clean(42_675));
        }
        Map<Integer, Integer> byType = new TreeMap<>();
        long deleted = 0;
        List<FileItem.ChannelAmount> amounts = new ArrayList<>();
        List<FileItem.CloseHint> hints = new ArrayList<>();
        ShortChannelId previousAnnouncement = null;
        for (FileItem item : items) {
            if (item instanceof FileItem.Message m) {
                byType.merge(GossipCodec.typeOf(m.bytes()), 1, Integer::sum);
                assertThat(GossipCodec.encode(GossipCodec.decode(m.bytes()))).isEqualTo(m.bytes());
                assertThat(m.receiptTime()).isNotNull();
                previousAnnouncement = GossipCodec.decode(m.bytes()) instanceof ChannelAnnouncement a
                        ? a.shortChannelId() : null;
            } else if (item instanceof FileItem.ChannelAmount a) {
                amounts.add(a);
                assertThat(a.scid()).as("amount belongs to the announcement before it").isEqualTo(previousAnnouncement);
            } else if (item instanceof FileItem.CloseHint h) {
                hints.add(h);
            } else if (item instanceof FileItem.Skipped s) {
                assertThat(s.kind()).isEqualTo("deleted");
                deleted++;
            } else {
                throw new AssertionError("unexpected " + item);
            }
        }
        assertThat(byType).isEqualTo(Map.of(MessageType.CHANNEL_ANNOUNCEMENT, 88, MessageType.CHANNEL_UPDATE, 4));
        assertThat(amounts).hasSize(87);
        assertThat(deleted).isEqualTo(6);
        // the delete_chan record at offset 42653 names 686386x1093x1 (10070a79320004450001 read by hand: type
        // 0x1007 = 4103, scid 0a7932 000445 0001 -> block 0x0a7932, tx 0x000445, output 1)
        assertThat(hints).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo(FileItem.CloseHintKind.DELETED);
            assertThat(h.position()).isEqualTo(42_653);
            assertThat(h.scid()).isEqualTo(ShortChannelId.of(0x0a7932, 0x000445, 1));
        });
        // the first record: an announcement at offset 1, received at 1629071128, its amount right after at 445
        FileItem.Message first = (FileItem.Message) items.get(0);
        assertThat(first.position()).isEqualTo(1);
        assertThat(first.receiptTime()).isEqualTo(1_629_071_128_000L);
        assertThat(amounts.get(0).position()).isEqualTo(445);
    }

    @Test
    void shouldReadEveryInternalTypeDeletedRecordsAndBadCrcsOfAHandMadeStore() throws Exception {
        byte[] ann = announcementOf(ShortChannelId.of(700_000, 5, 1));
        byte[] update = Hex.decode("0102" + "00".repeat(64) + "6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000"
                + "0aae600000050001" + "64000000" + "0001" + "0028" + "00000000000003e8" + "000003e8" + "00000064"
                + "000000003b023380");
        GossipStoreFixture f = new GossipStoreFixture(0x0d);
        f.record(0x2000, 1_700_000_000L, ann);                                        // 1 message
        long amountAt = f.offset();
        f.record(0, 0, GossipStoreFixture.internal(4101, 5_000_000));                 // its amount
        f.record(0x8000, 1_700_000_001L, update);                                     // deleted: skipped
        f.record(0, 0, GossipStoreFixture.internal(4107, 1, 2, 3, 4));                // unknown store type
        long badCrcAt = f.offset();
        f.record(0, 1_700_000_002L, update, 0x12345678);                              // quarantined
        f.record(0, 0, GossipStoreFixture.internal(4103, ShortChannelId.of(1, 2, 3).value()));
        f.record(0, 0, GossipStoreFixture.dying(ShortChannelId.of(4, 5, 6).value(), 800_000));
        f.record(0, 0, update);                                                       // no receipt time
        long endAt = f.offset();
        f.record(0, 0, GossipStoreFixture.internal(4105, 99));
        f.record(0, 1_700_000_003L, update);                                          // after the end: not read

        try (GossipStoreReader reader = GossipStoreReader.read(new ByteArrayInputStream(f.bytes()), "fixture")) {
            List<FileItem> items = readAll(reader);
            assertThat(items).hasSize(8);
            assertThat(items.get(0)).isInstanceOf(FileItem.Message.class);
            assertThat(items.get(1)).isEqualTo(new FileItem.ChannelAmount(amountAt, ShortChannelId.of(700_000, 5, 1),
                    5_000_000));
            assertThat(items.get(2)).isEqualTo(new FileItem.Skipped(amountAt + 12 + 10, "deleted"));
            assertThat(((FileItem.Skipped) items.get(3)).kind()).isEqualTo("store type 4107");
            assertThat(items.get(4)).isInstanceOfSatisfying(FileItem.Quarantined.class, q -> {
                assertThat(q.reason()).isEqualTo(QuarantineReason.BAD_CRC);
                assertThat(q.position()).isEqualTo(badCrcAt);
                assertThat(q.bytes()).isEqualTo(update);
            });
            assertThat(items.get(5)).isInstanceOfSatisfying(FileItem.CloseHint.class, h -> assertThat(h.kind())
                    .isEqualTo(FileItem.CloseHintKind.DELETED));
            assertThat(items.get(6)).isInstanceOfSatisfying(FileItem.CloseHint.class, h -> {
                assertThat(h.kind()).isEqualTo(FileItem.CloseHintKind.DYING);
                assertThat(h.scid()).isEqualTo(ShortChannelId.of(4, 5, 6));
            });
            assertThat(items.get(7)).isInstanceOfSatisfying(FileItem.Message.class,
                    m -> assertThat(m.receiptTime()).isNull());
            assertThat(reader.end().kind()).isEqualTo(ReadEnd.Kind.END_OF_STORE);
            assertThat(reader.end().position()).isEqualTo(endAt + 12 + 10);
            assertThat(reader.end().complete()).isTrue();
        }
    }

    @Test
    void shouldEndCleanlyAtATornHeaderOrBodyAndResumeThere(@TempDir Path dir) throws Exception {
        byte[] ann = announcementOf(ShortChannelId.of(700_001, 1, 0));
        GossipStoreFixture f = new GossipStoreFixture(0x0f).record(0, 1_700_000_000L, ann);
        long tornAt = f.offset();
        byte[] complete = new GossipStoreFixture(0x0f).record(0, 1_700_000_000L, ann)
                .record(0, 1_700_000_005L, ann).bytes();
        for (int cut : new int[] {5, 12, 100}) { // inside the header, just after it, inside the body
            byte[] torn = Arrays.copyOf(complete, (int) tornAt + cut);
            try (GossipStoreReader reader = GossipStoreReader.read(new ByteArrayInputStream(torn), "torn")) {
                assertThat(readAll(reader)).hasSize(1);
                assertThat(reader.end().kind()).isEqualTo(ReadEnd.Kind.TORN_TAIL);
                assertThat(reader.end().position()).isEqualTo(tornAt);
            }
        }
        // the writer finishes the record; a follower resumes at the torn offset and reads it
        Path store = Files.write(dir.resolve("gossip_store"), complete);
        try (GossipStoreReader reader = GossipStoreReader.open(store, tornAt)) {
            List<FileItem> items = readAll(reader);
            assertThat(items).singleElement().satisfies(i -> {
                assertThat(i.position()).isEqualTo(tornAt);
                assertThat(((FileItem.Message) i).receiptTime()).isEqualTo(1_700_000_005_000L);
            });
            assertThat(reader.end()).isEqualTo(ReadEnd.clean(complete.length));
        }
    }

    @Test
    void shouldRefuseVersionsItDoesNotKnowWhenOpening(@TempDir Path dir) throws Exception {
        for (int version : new int[] {0x08, 0x2f, 0xe0}) {
            Path store = Files.write(dir.resolve("v" + version), new byte[] {(byte) version});
            assertThatThrownBy(() -> GossipStoreReader.open(store))
                    .isInstanceOf(GossipStoreReader.UnsupportedStoreException.class)
                    .hasMessageContaining("not supported");
        }
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        assertThatThrownBy(() -> GossipStoreReader.open(empty)).hasMessageContaining("empty");
    }

    @Test
    void shouldBeFoundByGossipFiles() throws Exception {
        try (GossipFileReader reader = GossipFiles.open(SharedData.file(SharedData.GOSSIP_STORE))) {
            assertThat(reader.format()).isEqualTo(GossipFileReader.Format.GOSSIP_STORE);
            assertThat(readAll(reader)).hasSize(92 + 87 + 1 + 6);
        }
    }

    @Test
    void shouldNeverThrowOnTruncationsAndFlipsOfTheRealStore() throws Exception {
        byte[] file = Files.readAllBytes(SharedData.file(SharedData.GOSSIP_STORE));
        Random random = new Random(11);
        for (int i = 0; i < 2_000; i++) {
            byte[] mutated = Arrays.copyOf(file, 1 + random.nextInt(file.length));
            for (int flips = random.nextInt(5); flips > 0; flips--) {
                int at = 1 + random.nextInt(Math.max(1, mutated.length - 1));
                if (at < mutated.length) {
                    mutated[at] ^= (byte) (1 + random.nextInt(255));
                }
            }
            try (GossipStoreReader reader = GossipStoreReader.read(new ByteArrayInputStream(mutated), "fuzz")) {
                long last = 0;
                for (FileItem item = reader.next(); item != null; item = reader.next()) {
                    assertThat(item.position()).isGreaterThan(last);
                    last = item.position();
                }
                assertThat(reader.end()).isNotNull();
                assertThat(reader.end().position()).isLessThanOrEqualTo(mutated.length);
            }
        }
    }

    private static byte[] announcementOf(ShortChannelId scid) {
        String node1 = "02" + "11".repeat(32);
        String node2 = "03" + "22".repeat(32);
        return Hex.decode("0100" + "00".repeat(256) + "0000"
                + "6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000"
                + String.format("%016x", scid.value()) + node1 + node2 + node1 + node2);
    }
}
