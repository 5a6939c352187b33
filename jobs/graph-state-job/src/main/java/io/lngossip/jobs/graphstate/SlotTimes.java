package io.lngossip.jobs.graphstate;

import java.util.Arrays;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The slots step's index of the instants that hold a slot, per key and direction, for the next-instant lookup
 * ({@link #insertAndNext}). Every value is bounded, so no message reads or writes a key's whole history:
 *
 * <ul>
 *   <li>{@code slot-latest}: the newest instant of each direction ({@code long[2]}, {@link Long#MIN_VALUE} for none);
 *       a message newer than it, the common case live and in a replay, touches only it and its day;
 *   <li>{@code slot-days}: the sorted instants of one UTC day, keyed by {@code day * 2 + direction};
 *   <li>{@code slot-blocks}: the sorted days with instants of one block of {@value #BLOCK_DAYS} days, keyed by
 *       {@code block * 2 + direction}, read only when a late instant is the last of its day.
 * </ul>
 *
 * <p>Jobs started before this index kept each direction's instants as one array ({@code times-0}, {@code times-1}),
 * rewritten whole on every update. A key still holding them is migrated on its first message after the upgrade and
 * the old values cleared; keys that never see another message keep them, unread.
 */
final class SlotTimes {
    static final long DAY = 86_400;
    static final int BLOCK_DAYS = 256;
    private static final long NONE = Long.MIN_VALUE;

    private final ValueState<long[]> latest;
    private final MapState<Long, long[]> days;
    private final MapState<Long, long[]> blocks;
    private final ValueState<long[]> legacy0;
    private final ValueState<long[]> legacy1;

    SlotTimes(RuntimeContext context) {
        latest = context.getState(new ValueStateDescriptor<>("slot-latest",
                PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        days = context.getMapState(new MapStateDescriptor<>("slot-days", Types.LONG,
                PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        blocks = context.getMapState(new MapStateDescriptor<>("slot-blocks", Types.LONG,
                PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        legacy0 = context.getState(new ValueStateDescriptor<>("times-0",
                PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        legacy1 = context.getState(new ValueStateDescriptor<>("times-1",
                PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    /**
     * The current key's newest instant of each direction ({@link Long#MIN_VALUE} for none), migrating a pre-index
     * key first. No slot of a direction lies after its newest instant, so a message newer than it needs no lookup of
     * its slot.
     */
    long[] newest() throws Exception {
        long[] newest = latest.value();
        return newest != null ? newest : migrate();
    }

    /**
     * Records that {@code instant} holds a slot of {@code direction} in the current key (a no-op when
     * {@code known}, i.e. the slot already had a winner) and returns the direction's next instant after it, or
     * {@link Long#MAX_VALUE} when it is the newest.
     *
     * @param newest the key's newest instants, just read by {@link #newest()} (updated here)
     */
    long insertAndNext(int direction, long instant, boolean known, long[] newest) throws Exception {
        long day = Math.floorDiv(instant, DAY);
        if (instant >= newest[direction]) {
            if (instant > newest[direction]) {
                newest[direction] = instant;
                latest.update(newest);
            }
            if (!known) {
                insert(direction, day, instant, days.get(dayKey(day, direction)));
            }
            return Long.MAX_VALUE;
        }
        long[] sameDay = days.get(dayKey(day, direction));
        if (!known) {
            sameDay = insert(direction, day, instant, sameDay);
        }
        int at = Arrays.binarySearch(sameDay, instant);
        if (at + 1 < sameDay.length) {
            return sameDay[at + 1];
        }
        // the last of its day, and an instant newer than it exists: the first of the next day with instants
        long newestDay = Math.floorDiv(newest[direction], DAY);
        for (long block = Math.floorDiv(day, BLOCK_DAYS); block <= Math.floorDiv(newestDay, BLOCK_DAYS); block++) {
            long[] daysOfBlock = blocks.get(dayKey(block, direction));
            if (daysOfBlock == null) {
                continue;
            }
            int d = Arrays.binarySearch(daysOfBlock, day + 1);
            int first = d >= 0 ? d : -d - 1;
            if (first < daysOfBlock.length) {
                return days.get(dayKey(daysOfBlock[first], direction))[0];
            }
        }
        throw new IllegalStateException("slot index lost the days after " + day + " (direction " + direction + ")");
    }

    /** Adds {@code instant} to its day's instants (and a new day to its block); returns the day's instants. */
    private long[] insert(int direction, long day, long instant, long[] sameDay) throws Exception {
        if (sameDay == null) {
            addDay(direction, day);
        }
        long[] grown = inserted(sameDay, instant);
        days.put(dayKey(day, direction), grown);
        return grown;
    }

    private void addDay(int direction, long day) throws Exception {
        long blockKey = dayKey(Math.floorDiv(day, BLOCK_DAYS), direction);
        blocks.put(blockKey, inserted(blocks.get(blockKey), day));
    }

    /** Moves a key's pre-index arrays into the index, once; returns its newest instants. */
    private long[] migrate() throws Exception {
        long[] newest = {NONE, NONE};
        for (int direction = 0; direction < 2; direction++) {
            ValueState<long[]> old = direction == 0 ? legacy0 : legacy1;
            long[] sorted = old.value();
            if (sorted == null || sorted.length == 0) {
                continue;
            }
            int from = 0;
            while (from < sorted.length) {
                long day = Math.floorDiv(sorted[from], DAY);
                int to = from;
                while (to < sorted.length && Math.floorDiv(sorted[to], DAY) == day) {
                    to++;
                }
                addDay(direction, day);
                days.put(dayKey(day, direction), Arrays.copyOfRange(sorted, from, to));
                from = to;
            }
            newest[direction] = sorted[sorted.length - 1];
            old.clear();
        }
        latest.update(newest);
        return newest;
    }

    private static long dayKey(long dayOrBlock, int direction) {
        return dayOrBlock * 2 + direction;
    }

    /** {@code sorted} with {@code value} inserted in order: a new array, or {@code sorted} itself if it holds it. */
    static long[] inserted(long[] sorted, long value) {
        if (sorted == null) {
            return new long[] {value};
        }
        int at = Arrays.binarySearch(sorted, value);
        if (at >= 0) {
            return sorted;
        }
        int insert = -at - 1;
        long[] grown = new long[sorted.length + 1];
        System.arraycopy(sorted, 0, grown, 0, insert);
        grown[insert] = value;
        System.arraycopy(sorted, insert, grown, insert + 1, sorted.length - insert);
        return grown;
    }
}
