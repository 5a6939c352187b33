package io.lngossip.model;

import static io.lngossip.model.Gossip.node;
import static io.lngossip.model.Gossip.nodeAnnouncement;
import static io.lngossip.model.Gossip.scid;
import static io.lngossip.model.Gossip.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lngossip.codec.GossipId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotBodyTest {
    static final long T = 1_700_000_000L;

    static UpdateRef ref(StoredMessage m, long scid, int direction, long ts) {
        return new UpdateRef(scid, direction, ts, m.id());
    }

    @Test
    void shouldReadBackEveryRecordInOrderAcrossChunks() {
        List<StoredMessage> updates = new ArrayList<>();
        List<UpdateRef> refs = new ArrayList<>();
        // scids in unsigned order: a u64 above 2^63 (negative as a long) comes last
        long[] scids = {scid(600_000), scid(600_001), -5L};
        for (long s : scids) {
            for (int d = 0; d < 2; d++) {
                StoredMessage m = update(s, d, T - d, 7);
                updates.add(m);
                refs.add(ref(m, s, d, T - d));
            }
        }
        StoredMessage n1 = nodeAnnouncement(node(1), T - 3, 1);
        StoredMessage n2 = nodeAnnouncement(node(2), T - 4, 1);
        SnapshotBody.Writer w = new SnapshotBody.Writer(300);
        for (int i = 0; i < refs.size(); i++) {
            w.half(refs.get(i), updates.get(i).raw());
        }
        w.node(new NodeRef(node(1), T - 3, n1.id()), n1.raw()).node(new NodeRef(node(2), T - 4, n2.id()), n2.raw());
        List<byte[]> chunks = w.finish();
        assertThat(chunks).as("cut into several chunks").hasSizeGreaterThan(2);
        assertThat(w.halves()).isEqualTo(6);
        assertThat(w.nodes()).isEqualTo(2);
        assertThat(w.bytes()).isEqualTo(chunks.stream().mapToLong(c -> c.length).sum());

        Iterator<SnapshotBody.Entry> it = SnapshotBody.read(chunks.iterator());
        for (int i = 0; i < refs.size(); i++) {
            SnapshotBody.Entry e = it.next();
            assertThat(e.holds(refs.get(i))).as("record %d", i).isTrue();
            assertThat(e.raw()).isEqualTo(updates.get(i).raw());
        }
        SnapshotBody.Entry e = it.next();
        assertThat(e.isHalf()).isFalse();
        assertThat(e.holds(new NodeRef(node(1), T - 3, n1.id()))).isTrue();
        assertThat(e.raw()).isEqualTo(n1.raw());
        assertThat(it.next().raw()).isEqualTo(n2.raw());
        assertThat(it.hasNext()).isFalse();
    }

    @Test
    void shouldHoldOnlyTheExactReferencedMessage() {
        StoredMessage m = update(scid(600_000), 1, T, 1);
        StoredMessage other = update(scid(600_000), 1, T, 2);
        SnapshotBody.Entry e = SnapshotBody.read(new SnapshotBody.Writer()
                .half(ref(m, scid(600_000), 1, T), m.raw()).finish().iterator()).next();
        assertThat(e.holds(ref(m, scid(600_000), 1, T))).isTrue();
        assertThat(e.holds(ref(other, scid(600_000), 1, T))).as("same slot, another gossip_id").isFalse();
        assertThat(e.holds(ref(m, scid(600_000), 0, T))).as("other direction").isFalse();
        assertThat(e.holds(ref(m, scid(600_000), 1, T - 1))).as("other timestamp").isFalse();
        assertThat(e.holds(new NodeRef(node(1), T, m.id()))).as("a node reference").isFalse();
    }

    @Test
    void shouldCountTheBytesOfEveryChunkIncludingTheLastPartOne() {
        StoredMessage m = update(scid(600_000), 0, T, 1);
        SnapshotBody.Writer w = new SnapshotBody.Writer(1 << 20).half(ref(m, scid(600_000), 0, T), m.raw());
        List<byte[]> chunks = w.finish();
        assertThat(chunks).hasSize(1);
        assertThat(w.bytes()).isEqualTo(chunks.get(0).length).isGreaterThan(m.raw().length);
    }

    @Test
    void shouldRefuseRecordsOutOfSnapshotOrder() {
        StoredMessage m = update(scid(600_001), 0, T, 1);
        SnapshotBody.Writer w = new SnapshotBody.Writer().half(ref(m, scid(600_001), 1, T), m.raw());
        assertThatThrownBy(() -> w.half(ref(m, scid(600_001), 0, T), m.raw()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.half(ref(m, scid(600_000), 1, T), m.raw()))
                .isInstanceOf(IllegalArgumentException.class);
        StoredMessage n = nodeAnnouncement(node(2), T, 1);
        w.node(new NodeRef(node(2), T, n.id()), n.raw());
        assertThatThrownBy(() -> w.node(new NodeRef(node(1), T, n.id()), n.raw()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.half(ref(m, scid(600_002), 0, T), m.raw()))
                .as("half-channels come before nodes").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseADamagedChunk() {
        StoredMessage m = update(scid(600_000), 0, T, 1);
        byte[] chunk = new SnapshotBody.Writer().half(ref(m, scid(600_000), 0, T), m.raw()).finish().get(0);
        byte[] cut = Arrays.copyOf(chunk, chunk.length - 10);
        assertThatThrownBy(() -> SnapshotBody.read(List.of(cut).iterator()).next())
                .isInstanceOf(CheckpointCodec.CheckpointFormatException.class);
        byte[] kind = chunk.clone();
        kind[0] = 9;
        assertThatThrownBy(() -> SnapshotBody.read(List.of(kind).iterator()).next())
                .isInstanceOf(CheckpointCodec.CheckpointFormatException.class);
        assertThat(GossipId.of(m.raw())).isEqualTo(m.id());
    }

    @Test
    void shouldLoadAWholeBodyWithEveryRecordsReferenceAndBytes() throws Exception {
        List<StoredMessage> updates = new ArrayList<>();
        List<UpdateRef> refs = new ArrayList<>();
        long[] scids = {scid(600_000), scid(600_001), -5L};
        SnapshotBody.Writer w = new SnapshotBody.Writer(300);
        for (long s : scids) {
            for (int d = 0; d < 2; d++) {
                StoredMessage m = update(s, d, T - d, 7);
                updates.add(m);
                refs.add(ref(m, s, d, T - d));
                w.half(refs.get(refs.size() - 1), m.raw());
            }
        }
        StoredMessage n1 = nodeAnnouncement(node(1), T - 3, 1);
        StoredMessage n2 = nodeAnnouncement(node(2), T - 4, 1);
        List<NodeRef> nodes = List.of(new NodeRef(node(1), T - 3, n1.id()), new NodeRef(node(2), T - 4, n2.id()));
        w.node(nodes.get(0), n1.raw()).node(nodes.get(1), n2.raw());
        List<byte[]> chunks = w.finish();
        assertThat(chunks).hasSizeGreaterThan(2);

        SnapshotBody.Loaded body = SnapshotBody.load(chunks.iterator());
        assertThat(body.halves()).containsExactlyElementsOf(refs);
        assertThat(body.nodes()).containsExactlyElementsOf(nodes);
        for (int i = 0; i < refs.size(); i++) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            body.writeHalf(i, out::write);
            assertThat(out.toByteArray()).as("half %d", i).isEqualTo(updates.get(i).raw());
            assertThat(body.halfBytes(i)).isEqualTo(updates.get(i).raw());
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        body.writeNode(1, out::write);
        assertThat(out.toByteArray()).isEqualTo(n2.raw());
        assertThat(SnapshotBody.load(java.util.Collections.emptyIterator()).halves()).isEmpty();
    }

    @Test
    void shouldRefuseToLoadADamagedOrDisorderedBody() {
        StoredMessage a = update(scid(600_000), 0, T, 1);
        StoredMessage b = update(scid(600_001), 0, T, 1);
        byte[] first = new SnapshotBody.Writer().half(ref(a, scid(600_000), 0, T), a.raw()).finish().get(0);
        byte[] second = new SnapshotBody.Writer().half(ref(b, scid(600_001), 0, T), b.raw()).finish().get(0);
        assertThat(SnapshotBody.load(List.of(first, second).iterator()).halves()).hasSize(2);
        assertThatThrownBy(() -> SnapshotBody.load(List.of(second, first).iterator()))
                .as("records out of snapshot order").isInstanceOf(CheckpointCodec.CheckpointFormatException.class);
        assertThatThrownBy(() -> SnapshotBody.load(List.of(first, first).iterator()))
                .as("a half-channel twice").isInstanceOf(CheckpointCodec.CheckpointFormatException.class);
        byte[] cut = Arrays.copyOf(first, first.length - 10);
        assertThatThrownBy(() -> SnapshotBody.load(List.of(cut).iterator()))
                .isInstanceOf(CheckpointCodec.CheckpointFormatException.class);
        byte[] kind = first.clone();
        kind[0] = 9;
        assertThatThrownBy(() -> SnapshotBody.load(List.of(kind).iterator()))
                .isInstanceOf(CheckpointCodec.CheckpointFormatException.class);
    }

    @Test
    void shouldReconstructFromABodyAcrossTheSignedBoundaryOfScids() {
        // a u64 scid above 2^63 is negative as a long: it sorts last in the body and among the announcements
        GraphHistory h = new GraphHistory();
        long[] scids = {scid(600_000), -5L, scid(600_001)};
        for (int i = 0; i < scids.length; i++) {
            h.add(Gossip.announcement(scids[i], node(1 + i), node(2 + i), 1, null));
            h.add(update(scids[i], 0, T - 100 + i, 1));
            h.add(update(scids[i], 1, T + 10 + i, 1));
        }
        h.add(nodeAnnouncement(node(2), T - 50, 1));
        h.add(nodeAnnouncement(node(2), T + 20, 2));
        SnapshotBody.Writer w = new SnapshotBody.Writer();
        for (Delta d : h.checkpoint(T).state().asDeltas()) {
            if (d instanceof Delta.HalfChannelUpdated u) {
                w.half(u.ref(), h.message(u.ref().id()).orElseThrow().raw());
            } else if (d instanceof Delta.NodeAnnounced n) {
                w.node(n.ref(), h.message(n.ref().id()).orElseThrow().raw());
            }
        }
        SnapshotBody.Loaded body = SnapshotBody.load(w.finish().iterator());
        assertThat(body.halves()).hasSize(3);
        for (long t : new long[] {T, T + 11, T + 30}) {
            Snapshot want = h.snapshot(t, MaxAge.DEFAULT);
            assertThat(want.channels()).hasSize(3);
            assertThat(Reconstruction.snapshot(body.halves(), body.nodes(), h.deltas(), t, MaxAge.DEFAULT))
                    .as("T=%d", t).isEqualTo(want);
        }
    }
}
