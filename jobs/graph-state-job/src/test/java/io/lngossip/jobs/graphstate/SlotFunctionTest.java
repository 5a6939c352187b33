package io.lngossip.jobs.graphstate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lngossip.codec.Bytes;
import io.lngossip.codec.ChainHash;
import io.lngossip.codec.ChannelUpdate;
import io.lngossip.codec.GossipCodec;
import io.lngossip.codec.MessageType;
import io.lngossip.codec.ShortChannelId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * The slots step in an operator harness on RocksDB: the next instant it reports for every change, against a sorted
 * set of everything sent, and the migration of state written before the bounded index.
 */
class SlotFunctionTest {
    static final long SCID = ShortChannelId.of(800_000, 1, 0).value();
    static final long START = 1_700_000_000L;

    static byte[] update(long timestamp, int direction) {
        return GossipCodec.encode(new ChannelUpdate(Bytes.of(new byte[64]), new ChainHash(Bytes.of(new byte[32])),
                new ShortChannelId(SCID), timestamp, 0, direction, 144, 1000, 0, 100, 0, Bytes.EMPTY));
    }

    static AcceptedGossip gossip(long timestamp, int direction, int id) {
        byte[] gossipId = new byte[32];
        gossipId[0] = (byte) (id >> 8);
        gossipId[1] = (byte) id;
        return new AcceptedGossip(update(timestamp, direction), gossipId, MessageType.CHANNEL_UPDATE,
                SCID, direction, new byte[0], timestamp, timestamp * 1000, "test", "test");
    }

    static <F extends KeyedProcessFunction<String, AcceptedGossip, StateChange>>
            KeyedOneInputStreamOperatorTestHarness<String, AcceptedGossip, StateChange> harness(F function,
                    OperatorSubtaskState restore) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function),
                SlotFunction::key, Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }

    static List<StateChange> changes(KeyedOneInputStreamOperatorTestHarness<String, AcceptedGossip, StateChange> h) {
        List<StateChange> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r && r.getValue() instanceof StateChange c) {
                out.add(c);
            }
        }
        h.getOutput().clear();
        return out;
    }

    /** The reference: the smallest instant after {@code t} among those sent so far in the direction. */
    static long next(TreeSet<Long> sent, long t) {
        Long higher = sent.higher(t);
        return higher == null ? Long.MAX_VALUE : higher;
    }

    @Test
    void shouldReportTheNextInstantOfEveryChangeWhateverTheOrderOverYears() throws Exception {
        Random random = new Random(7);
        var h = harness(new SlotFunction(), null);
        List<TreeSet<Long>> sent = List.of(new TreeSet<>(), new TreeSet<>());
        Map<Long, Integer> winner = new HashMap<>();
        int checked = 0;
        for (int i = 0; i < 3000; i++) {
            int direction = random.nextInt(2);
            // mostly in order, a day's burst, then late ones up to three years back, and repeats of known instants:
            // the oldest, and the newest (whose slot the step looks up although nothing is newer)
            long t = switch (random.nextInt(5)) {
                case 0 -> START + i * 600L;
                case 1 -> START + i * 600L + random.nextInt(86_400);
                case 2 -> START - random.nextInt(3 * 366) * 86_400L + random.nextInt(86_400);
                case 3 -> sent.get(direction).isEmpty() ? START : sent.get(direction).first();
                default -> sent.get(direction).isEmpty() ? START : sent.get(direction).last();
            };
            int id = random.nextInt(60_000);
            h.processElement(new StreamRecord<>(gossip(t, direction, id)));
            long slot = t * 2 + direction;
            Integer old = winner.get(slot);
            List<StateChange> out = changes(h);
            if (old != null && old <= id) {
                assertThat(out).as("a message that loses its slot changes nothing").isEmpty();
                continue;
            }
            winner.put(slot, id);
            sent.get(direction).add(t);
            assertThat(out).hasSize(1);
            assertThat(out.get(0).instant()).isEqualTo(t);
            assertThat(out.get(0).nextInstant()).as("next after %d, direction %d", t, direction)
                    .isEqualTo(next(sent.get(direction), t));
            checked++;
        }
        assertThat(checked).isGreaterThan(1500);
        h.close();
    }

    /** The slots step as it was before the bounded index: one sorted array of instants per direction. */
    static final class PreIndexSlots extends KeyedProcessFunction<String, AcceptedGossip, StateChange> {
        private transient MapState<Long, byte[]> slots;
        private transient ValueState<long[]> times0;
        private transient ValueState<long[]> times1;

        @Override
        public void open(OpenContext context) {
            slots = getRuntimeContext().getMapState(new MapStateDescriptor<>("slots", Types.LONG,
                    PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
            times0 = getRuntimeContext().getState(new ValueStateDescriptor<>("times-0",
                    PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
            times1 = getRuntimeContext().getState(new ValueStateDescriptor<>("times-1",
                    PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        }

        @Override
        public void processElement(AcceptedGossip g, Context ctx, Collector<StateChange> out) throws Exception {
            slots.put(g.timestamp() * 2 + g.direction(), g.gossipId());
            ValueState<long[]> times = g.direction() == 0 ? times0 : times1;
            TreeSet<Long> all = new TreeSet<>();
            if (times.value() != null) {
                for (long t : times.value()) {
                    all.add(t);
                }
            }
            all.add(g.timestamp());
            times.update(all.stream().mapToLong(Long::longValue).toArray());
        }
    }

    @Test
    void shouldMigrateStateWrittenBeforeTheIndexOnTheKeysNextMessage() throws Exception {
        Random random = new Random(11);
        List<TreeSet<Long>> sent = List.of(new TreeSet<>(), new TreeSet<>());
        TreeMap<Long, Integer> ids = new TreeMap<>();
        var old = harness(new PreIndexSlots(), null);
        for (int i = 0; i < 400; i++) {
            int direction = random.nextInt(2);
            long t = START + random.nextInt(700) * 86_400L + random.nextInt(86_400);
            if (sent.get(direction).add(t)) {
                ids.put(t * 2 + direction, 1000 + i);
                old.processElement(new StreamRecord<>(gossip(t, direction, 1000 + i)));
            }
        }
        OperatorSubtaskState snapshot = old.snapshot(1, 1);
        old.close();

        var h = harness(new SlotFunction(), snapshot);
        // a late message in the middle of direction 0, one newer than all of direction 1, a smaller id for a known
        // slot (direction 1), and a late one at the very start of direction 1
        long middle = sent.get(0).first() + (sent.get(0).last() - sent.get(0).first()) / 2 + 1;
        long newest = sent.get(1).last() + 5;
        long known = sent.get(1).higher(sent.get(1).first());
        long first = sent.get(1).first() - 86_400 * 3;
        long[][] cases = {{middle, 0}, {newest, 1}, {known, 1}, {first, 1}};
        for (long[] c : cases) {
            long t = c[0];
            int direction = (int) c[1];
            h.processElement(new StreamRecord<>(gossip(t, direction, 1)));
            sent.get(direction).add(t);
            List<StateChange> out = changes(h);
            assertThat(out).hasSize(1);
            assertThat(out.get(0).nextInstant()).as("next after %d, direction %d", t, direction)
                    .isEqualTo(next(sent.get(direction), t));
        }
        // every migrated slot still holds its winner: an equal or greater id changes nothing
        for (Map.Entry<Long, Integer> slot : ids.entrySet()) {
            long t = slot.getKey() / 2;
            int direction = (int) (slot.getKey() % 2);
            if (t != known || direction != 1) {
                h.processElement(new StreamRecord<>(gossip(t, direction, slot.getValue())));
            }
        }
        assertThat(changes(h)).isEmpty();
        h.close();
    }
}
