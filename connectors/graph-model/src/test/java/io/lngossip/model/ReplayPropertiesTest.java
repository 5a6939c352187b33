package io.lngossip.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.codec.GossipId;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The invariants of SEMANTICS §5 over generated histories. */
class ReplayPropertiesTest {
    static final int TRIES = 2000;

    @Provide
    Arbitrary<Histories.History> histories() {
        return Histories.histories();
    }

    @Provide
    Arbitrary<MaxAge> maxAges() {
        return Histories.maxAges();
    }

    private static List<GossipId> ids(Snapshot s) {
        return s.messages().stream().map(MessageRef::id).toList();
    }

    @Property(tries = TRIES)
    void fullReplayFollowsTheContractAtEveryInstant(@ForAll("histories") Histories.History history,
            @ForAll("maxAges") MaxAge maxAge) {
        GraphHistory h = history.replay();
        for (long t = -1; t <= Histories.TIME_SPAN + 1; t++) {
            assertThat(ids(h.snapshot(t, maxAge)))
                    .as("T=%d maxAge=%s", t, maxAge)
                    .isEqualTo(NaiveReference.snapshot(history.messages(), history.closeMap(), t, maxAge));
        }
    }

    @Property(tries = TRIES)
    void checkpointPlusDeltasEqualsFullReplay(@ForAll("histories") Histories.History history,
            @ForAll("maxAges") MaxAge maxAge) {
        GraphHistory h = history.replay();
        List<Delta> deltas = h.deltas();
        for (long c : new long[] {0, 13, 27}) {
            // through storage, as the job writes it and the query service reads it
            Checkpoint checkpoint = CheckpointCodec.decode(CheckpointCodec.encode(h.checkpoint(c)));
            for (long t = c; t <= Histories.TIME_SPAN + 1; t++) {
                assertThat(Reconstruction.snapshot(checkpoint, deltas, t, maxAge))
                        .as("C=%d T=%d", c, t).isEqualTo(h.snapshot(t, maxAge));
            }
        }
        assertThat(Reconstruction.snapshot(null, deltas, Histories.TIME_SPAN, maxAge))
                .isEqualTo(h.snapshot(Histories.TIME_SPAN, maxAge));
    }

    @Property(tries = TRIES)
    void bodyRecordsPlusDeltasEqualFullReplay(@ForAll("histories") Histories.History history,
            @ForAll("maxAges") MaxAge maxAge) {
        GraphHistory h = history.replay();
        List<Delta> deltas = h.deltas();
        for (long b : new long[] {-1, 0, 13, 27}) {
            // the state at B as a materialized body holds it, through storage (small chunks: records across several)
            SnapshotBody.Writer w = new SnapshotBody.Writer(64);
            for (Delta d : h.checkpoint(b).state().asDeltas()) {
                if (d instanceof Delta.HalfChannelUpdated u) {
                    w.half(u.ref(), h.message(u.ref().id()).orElseThrow().raw());
                } else if (d instanceof Delta.NodeAnnounced n) {
                    w.node(n.ref(), h.message(n.ref().id()).orElseThrow().raw());
                }
            }
            SnapshotBody.Loaded body = SnapshotBody.load(w.finish().iterator());
            // only what the query service reads: announcements, closes, and the deltas after B
            List<Delta> after = deltas.stream().filter(d -> d instanceof Delta.ChannelAnnounced
                    || d instanceof Delta.ChannelClosed || d.instant() > b).toList();
            // and as it keeps them: the announcements made ready once, apart from the timed deltas
            List<ChannelRef> refs = new ArrayList<>();
            List<Delta> timed = new ArrayList<>();
            for (Delta d : after) {
                if (d instanceof Delta.ChannelAnnounced a) {
                    refs.add(a.ref());
                } else {
                    timed.add(d);
                }
            }
            Collections.shuffle(refs, new Random(b));
            Announcements announcements = Announcements.of(refs);
            for (long t = b; t <= Histories.TIME_SPAN + 1; t++) {
                assertThat(Reconstruction.snapshot(body.halves(), body.nodes(), after, t, maxAge))
                        .as("B=%d T=%d", b, t).isEqualTo(h.snapshot(t, maxAge));
                assertThat(Reconstruction.snapshot(announcements, body.halves(), body.nodes(), timed, t, maxAge))
                        .as("B=%d T=%d, announcements apart", b, t).isEqualTo(h.snapshot(t, maxAge));
                assertThat(Reconstruction.snapshot(body.halves(), body.nodes(), deltas, t, maxAge))
                        .as("B=%d T=%d, every delta", b, t).isEqualTo(h.snapshot(t, maxAge));
            }
        }
    }

    @Property(tries = TRIES)
    void applyingTheDiffGivesTheLaterSnapshot(@ForAll("histories") Histories.History history,
            @ForAll("maxAges") MaxAge maxAge) {
        GraphHistory h = history.replay();
        for (long t1 = 0; t1 <= Histories.TIME_SPAN; t1 += 4) {
            for (long t2 = t1; t2 <= Histories.TIME_SPAN + 1; t2 += 5) {
                Snapshot s1 = h.snapshot(t1, maxAge);
                Snapshot s2 = h.snapshot(t2, maxAge);
                Diff diff = Diff.between(s1, s2);
                assertThat(diff.apply(s1)).as("T1=%d T2=%d", t1, t2).isEqualTo(s2);
                // the removals are exactly what left: nothing in S(T2) is reported removed
                for (long scid : diff.removedChannels()) {
                    assertThat(s2.channels()).noneMatch(c -> c.scid() == scid);
                }
            }
        }
    }

    @Property(tries = TRIES)
    void arrivalOrderAndRepeatsChangeNoAnswer(@ForAll("histories") Histories.History history,
            @ForAll("maxAges") MaxAge maxAge, @ForAll long seed) {
        GraphHistory ordered = history.replay();
        List<StoredMessage> shuffled = new ArrayList<>(history.messages());
        shuffled.addAll(history.messages());
        Collections.shuffle(shuffled, new Random(seed));
        List<long[]> closes = new ArrayList<>(history.closes());
        Collections.shuffle(closes, new Random(seed));
        GraphHistory other = new Histories.History(shuffled, closes).replay();
        for (long t = 0; t <= Histories.TIME_SPAN + 1; t += 3) {
            assertThat(other.snapshot(t, maxAge)).isEqualTo(ordered.snapshot(t, maxAge));
        }
        for (int i = 0; i < Histories.SCIDS; i++) {
            long scid = Histories.scidOf(i);
            assertThat(other.byScid(scid, null, null)).extracting(StoredMessage::id)
                    .isEqualTo(ordered.byScid(scid, null, null).stream().map(StoredMessage::id).toList());
        }
        for (int i = 0; i < Histories.NODES; i++) {
            assertThat(other.byNode(Histories.nodeOf(i), 5L, 30L)).extracting(StoredMessage::id)
                    .isEqualTo(ordered.byNode(Histories.nodeOf(i), 5L, 30L).stream().map(StoredMessage::id).toList());
        }
        assertThat(other.range(0, Histories.TIME_SPAN)).extracting(StoredMessage::id)
                .isEqualTo(ordered.range(0, Histories.TIME_SPAN).stream().map(StoredMessage::id).toList());
    }

    @Property(tries = TRIES)
    void patchesMakeCheckpointsCorrectAfterLateData(@ForAll("histories") Histories.History history,
            @ForAll long seed) {
        Random random = new Random(seed);
        List<StoredMessage> early = new ArrayList<>();
        List<StoredMessage> late = new ArrayList<>();
        for (StoredMessage m : history.messages()) {
            (random.nextInt(3) == 0 ? late : early).add(m);
        }
        GraphHistory before = new Histories.History(early, history.closes()).replay();
        long[] instants = {5, 17, 29, Histories.TIME_SPAN};
        List<Checkpoint> stored = new ArrayList<>();
        for (long c : instants) {
            stored.add(CheckpointCodec.decode(CheckpointCodec.encode(before.checkpoint(c))));
        }
        for (StoredMessage m : late) {
            for (LateData.CheckpointPatch patch : LateData.patches(stored, m.delta())) {
                Checkpoint target = stored.stream().filter(c -> c.instant() == patch.instant()).findFirst()
                        .orElseThrow();
                assertThat(target.apply(patch.delta())).as("a patch changes its checkpoint").isTrue();
            }
            // patches are exactly the changes: none is left to make
            for (Checkpoint c : stored) {
                assertThat(c.apply(m.delta())).isFalse();
            }
        }
        GraphHistory after = history.replay();
        for (Checkpoint c : stored) {
            assertThat(c).isEqualTo(after.checkpoint(c.instant()));
        }
    }

    @Property(tries = TRIES)
    void checkpointEncodingIsTheFormatsBytes(@ForAll("histories") Histories.History history) {
        GraphHistory h = history.replay();
        for (long c : new long[] {0, 13, Histories.TIME_SPAN}) {
            Checkpoint checkpoint = h.checkpoint(c);
            assertThat(CheckpointCodec.encode(checkpoint)).as("C=%d", c)
                    .isEqualTo(ReferenceCheckpointEncoder.encode(checkpoint));
        }
    }

    @Property(tries = TRIES)
    void checkpointEncodingRoundTripsAndSkipsUnknownRecords(@ForAll("histories") Histories.History history) {
        GraphHistory h = history.replay();
        Checkpoint checkpoint = h.checkpoint(20);
        byte[] encoded = CheckpointCodec.encode(checkpoint);
        assertThat(CheckpointCodec.decode(encoded)).isEqualTo(checkpoint);
        assertThat(CheckpointCodec.encode(CheckpointCodec.decode(encoded))).isEqualTo(encoded);
        // a newer writer's record (type 200, 3 bytes) after the header: a version-1 reader skips it
        ByteArrayOutputStream withUnknown = new ByteArrayOutputStream();
        withUnknown.write(encoded, 0, 5);
        withUnknown.writeBytes(new byte[] {(byte) 200, 3, 9, 9, 9});
        withUnknown.write(encoded, 5, encoded.length - 5);
        assertThat(CheckpointCodec.decode(withUnknown.toByteArray())).isEqualTo(checkpoint);
    }
}
