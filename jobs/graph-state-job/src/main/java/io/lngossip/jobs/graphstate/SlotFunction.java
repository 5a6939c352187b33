package io.lngossip.jobs.graphstate;

import io.lngossip.codec.ChannelAnnouncement;
import io.lngossip.codec.ChannelUpdate;
import io.lngossip.codec.GossipCodec;
import io.lngossip.codec.GossipMessage;
import io.lngossip.codec.MessageType;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per channel (key {@code c:SCID}) and per node (key {@code n:NODE_ID}), the canonical message of every slot: the
 * smallest gossip_id per (direction, timestamp) or per timestamp, and per scid the smallest announcement. Emits a
 * {@link StateChange} whenever a new message becomes canonical in its slot, with the slot's next known instant, so
 * the checkpoint step knows which checkpoints a late change reaches. Messages that lose their slot change nothing.
 *
 * <p>State per key: the slot winners in a map keyed by {@code timestamp * 2 + direction} (RocksDB keeps them on disk)
 * and an index of each direction's instants for the next-instant lookup ({@link SlotTimes}), whose values stay bounded
 * however long the key's history grows.
 */
public final class SlotFunction extends KeyedProcessFunction<String, AcceptedGossip, StateChange> {
    private static final long serialVersionUID = 1L;

    private transient ValueState<byte[]> announcement;
    private transient MapState<Long, byte[]> slots;
    private transient SlotTimes times;

    /** The key of a message: its channel, or its node. */
    public static String key(AcceptedGossip g) {
        return g.type() == MessageType.NODE_ANNOUNCEMENT ? "n:" + g.nodeIdHex() : "c:" + Long.toUnsignedString(g.scid());
    }

    @Override
    public void open(OpenContext context) {
        announcement = getRuntimeContext().getState(new ValueStateDescriptor<>("announcement",
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        slots = getRuntimeContext().getMapState(new MapStateDescriptor<>("slots", Types.LONG,
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        times = new SlotTimes(getRuntimeContext());
    }

    @Override
    public void processElement(AcceptedGossip g, Context ctx, Collector<StateChange> out) throws Exception {
        byte[] id = g.gossipId();
        GossipMessage m = GossipCodec.decode(g.raw());
        if (m instanceof ChannelAnnouncement a) {
            byte[] current = announcement.value();
            if (current == null || Arrays.compareUnsigned(id, current) < 0) {
                announcement.update(id);
                out.collect(StateChange.announcement(g.scid(), id, a.nodeId1().toArray(), a.nodeId2().toArray()));
            }
            return;
        }
        int direction = g.type() == MessageType.CHANNEL_UPDATE ? g.direction() : 0;
        long slot = g.timestamp() * 2 + direction;
        // a message newer than every slot of its direction (nearly all of them, live and in a replay) has no slot
        // to look up: a point read that misses costs RocksDB a probe of every level, and it was the slots step's
        // top frame after 20 minutes of a 5,000,000-message catch-up
        long[] newest = times.newest();
        byte[] current = g.timestamp() > newest[direction] ? null : slots.get(slot);
        if (current != null && Arrays.compareUnsigned(current, id) <= 0) {
            return;
        }
        slots.put(slot, id);
        long next = times.insertAndNext(direction, g.timestamp(), current != null, newest);
        if (m instanceof ChannelUpdate u) {
            out.collect(StateChange.update(g.scid(), direction, g.timestamp(), id, next, u.feeBaseMsat(),
                    u.feeProportionalMillionths()));
        } else {
            out.collect(StateChange.node(g.nodeId(), g.timestamp(), id, next));
        }
    }
}
