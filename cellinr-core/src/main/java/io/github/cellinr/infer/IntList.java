package io.github.cellinr.infer;

import java.util.Arrays;

/** A growable list of primitive ints (voxel indices). */
final class IntList {
    private int[] data;
    private int size;

    IntList(int capacity) {
        data = new int[Math.max(4, capacity)];
    }

    void add(int v) {
        if (size == data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        data[size++] = v;
    }

    int get(int i) {
        return data[i];
    }

    int size() {
        return size;
    }

    /** The backing array (valid up to {@link #size()}). */
    int[] array() {
        return data;
    }

    void clear() {
        size = 0;
    }
}
