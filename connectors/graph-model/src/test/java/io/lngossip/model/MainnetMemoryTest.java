package io.lngossip.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.codec.GossipId;
import io.lngossip.codec.NodeId;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The in-memory state at mainnet scale (60k channels, 120k half-channels, 17k nodes) fits well under 256 MiB of heap.
 * Figures go to docs/MODEL.md; the bound here is deliberately loose, since heap readings are noisy.
 */
class MainnetMemoryTest {
    static final int CHANNELS = 60_000;
    static final int NODES = 17_000;

    static GossipId id(long a, long b) {
        return GossipId.fromBytes(ByteBuffer.allocate(32).putLong(a).putLong(b).putLong(a * 31).putLong(b * 17)
                .array());
    }

    static NodeId node(int i) {
        byte[] k = ByteBuffer.allocate(33).put((byte) 2).putLong(i * 0x9E3779B97F4A7C15L).putInt(i).array();
        return NodeId.of(k);
    }

    static GraphState mainnet() {
        NodeId[] nodes = new NodeId[NODES];
        for (int i = 0; i < NODES; i++) {
            nodes[i] = node(i);
        }
        GraphState state = new GraphState();
        for (int c = 0; c < CHANNELS; c++) {
            long scid = io.lngossip.codec.ShortChannelId.of(600_000 + c / 10, c % 10, 0).value();
            state.apply(new Delta.ChannelAnnounced(new ChannelRef(scid, id(c, 1), nodes[c % NODES],
                    nodes[(c * 7 + 1) % NODES])));
            state.apply(new Delta.HalfChannelUpdated(new UpdateRef(scid, 0, 1_700_000_000L + c, id(c, 2))));
            state.apply(new Delta.HalfChannelUpdated(new UpdateRef(scid, 1, 1_700_000_000L + c, id(c, 3))));
        }
        for (int n = 0; n < NODES; n++) {
            state.apply(new Delta.NodeAnnounced(new NodeRef(nodes[n], 1_700_000_000L + n, id(n, 4))));
        }
        return state;
    }

    static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }

    @Test
    void shouldHoldMainnetScaleStateWellUnder256MiB() {
        long before = usedHeap();
        GraphState state = mainnet();
        long after = usedHeap();
        long bytes = after - before;
        assertThat(state.announcedChannelCount()).isEqualTo(CHANNELS);
        assertThat(state.halfChannelCount()).isEqualTo(2 * CHANNELS);
        assertThat(state.nodeCount()).isEqualTo(NODES);
        byte[] encoded = CheckpointCodec.encode(new Checkpoint(1_700_100_000L, state));
        System.out.printf("mainnet-scale state: %.1f MiB retained (%d B per channel with its halves, nodes"
                        + " included); checkpoint encoding %.1f MiB%n", bytes / 1048576.0,
                bytes / CHANNELS, encoded.length / 1048576.0);
        assertThat(bytes).isLessThan(128L * 1024 * 1024);
        assertThat(CheckpointCodec.decode(encoded).stateView()).isEqualTo(state);
        assertThat(encoded).as("the format's bytes at mainnet scale")
                .isEqualTo(ReferenceCheckpointEncoder.encode(new Checkpoint(1_700_100_000L, state)));
    }
}
