package io.github.cellinr.io.torch;

import java.util.Arrays;

/** A named float32 tensor read from (or, by the export, written to) a checkpoint, held densely in row-major (C) order. */
public final class FloatTensor {
    private final String name;
    private final int[] shape;
    private final float[] data;

    public FloatTensor(String name, int[] shape, float[] data) {
        long numel = 1;
        for (int s : shape) {
            numel *= s;
        }
        if (numel != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + numel
                    + " values, got " + data.length);
        }
        this.name = name;
        this.shape = shape.clone();
        this.data = data;
    }

    /** The key of the tensor in the state dict, e.g. {@code module.lin0.weight}. */
    public String name() {
        return name;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int numel() {
        return data.length;
    }

    /** The value at a row-major flat index. */
    public float get(int flatIndex) {
        return data[flatIndex];
    }

    /** The value at {@code (row, column)} of a matrix. */
    public float get(int row, int column) {
        if (shape.length != 2) {
            throw new IllegalStateException(name + " has rank " + shape.length + ", not 2");
        }
        return data[row * shape[1] + column];
    }

    /** A copy of the values in row-major order. */
    public float[] toArray() {
        return data.clone();
    }

    /** True when the shape equals {@code expected}. */
    public boolean hasShape(int... expected) {
        return Arrays.equals(shape, expected);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
