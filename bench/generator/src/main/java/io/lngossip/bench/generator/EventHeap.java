package io.lngossip.bench.generator;

import java.util.Arrays;

/**
 * A binary min-heap of (time, payload) pairs in two primitive arrays: the schedule of every channel's and node's next
 * message, tens of thousands of entries without an object each. Ties break on the payload, so the order is total and
 * the output deterministic.
 */
final class EventHeap {
    private long[] times;
    private long[] payloads;
    private int size;

    EventHeap(int capacity) {
        times = new long[Math.max(16, capacity)];
        payloads = new long[times.length];
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    long peekTime() {
        return times[0];
    }

    long peekPayload() {
        return payloads[0];
    }

    void push(long time, long payload) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            payloads = Arrays.copyOf(payloads, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(time, payload, times[parent], payloads[parent])) {
                break;
            }
            times[i] = times[parent];
            payloads[i] = payloads[parent];
            i = parent;
        }
        times[i] = time;
        payloads[i] = payload;
    }

    /** Removes the smallest entry (read it with peekTime/peekPayload first). */
    void pop() {
        long time = times[--size];
        long payload = payloads[size];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && less(times[child + 1], payloads[child + 1], times[child], payloads[child])) {
                child++;
            }
            if (!less(times[child], payloads[child], time, payload)) {
                break;
            }
            times[i] = times[child];
            payloads[i] = payloads[child];
            i = child;
        }
        times[i] = time;
        payloads[i] = payload;
    }

    private static boolean less(long t1, long p1, long t2, long p2) {
        return t1 < t2 || (t1 == t2 && p1 < p2);
    }
}
