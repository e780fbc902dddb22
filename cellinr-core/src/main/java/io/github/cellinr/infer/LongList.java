package io.github.cellinr.infer;

import java.util.Arrays;

/** A growable list of primitive longs (block keys), so that large block lists hold no boxed objects. */
final class LongList {
    private long[] data;
    private int size;

    LongList(int capacity) {
        data = new long[Math.max(4, capacity)];
    }

    void add(long v) {
        if (size == data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        data[size++] = v;
    }

    long get(int i) {
        return data[i];
    }

    int size() {
        return size;
    }

    long[] toArray() {
        return Arrays.copyOf(data, size);
    }

    void clear() {
        size = 0;
    }
}
