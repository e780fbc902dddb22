package io.github.cellinr.core;

import java.util.Objects;

/**
 * A 3D scalar field (an SDF in micrometres, an image intensity), x fastest (see {@link Dimensions#index}).
 * The array is owned by this object and shared, not copied.
 */
public final class FloatVolume {
    private final Dimensions dimensions;
    private final VoxelSize voxelSize;
    private final float[] values;

    public FloatVolume(Dimensions dimensions, VoxelSize voxelSize, float[] values) {
        this.dimensions = Objects.requireNonNull(dimensions, "dimensions");
        this.voxelSize = Objects.requireNonNull(voxelSize, "voxelSize");
        this.values = Objects.requireNonNull(values, "values");
        if (values.length != dimensions.voxelCount()) {
            throw new IllegalArgumentException("value array has " + values.length + " voxels, dimensions "
                    + dimensions + " need " + dimensions.voxelCount());
        }
    }

    public static FloatVolume zeros(Dimensions dimensions, VoxelSize voxelSize) {
        return new FloatVolume(dimensions, voxelSize, new float[dimensions.voxelCount()]);
    }

    public Dimensions dimensions() {
        return dimensions;
    }

    public VoxelSize voxelSize() {
        return voxelSize;
    }

    public float[] values() {
        return values;
    }

    public float get(int z, int y, int x) {
        return values[dimensions.index(z, y, x)];
    }

    public void set(int z, int y, int x, float v) {
        values[dimensions.index(z, y, x)] = v;
    }

    public int depth() {
        return dimensions.depth();
    }

    public int height() {
        return dimensions.height();
    }

    public int width() {
        return dimensions.width();
    }
}
