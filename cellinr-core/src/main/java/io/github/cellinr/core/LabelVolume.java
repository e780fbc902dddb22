package io.github.cellinr.core;

import java.util.Objects;

/**
 * A 3D label image (instance segmentation): 0 is background, every other value is one object. Labels are
 * stored as {@code int} so that 8-, 16- and 32-bit label files all fit; the array is owned by this
 * object and shared, not copied, for speed (callers that keep a volume must not mutate it afterwards).
 */
public final class LabelVolume {
    private final Dimensions dimensions;
    private final VoxelSize voxelSize;
    private final int[] labels;

    public LabelVolume(Dimensions dimensions, VoxelSize voxelSize, int[] labels) {
        this.dimensions = Objects.requireNonNull(dimensions, "dimensions");
        this.voxelSize = Objects.requireNonNull(voxelSize, "voxelSize");
        this.labels = Objects.requireNonNull(labels, "labels");
        if (labels.length != dimensions.voxelCount()) {
            throw new IllegalArgumentException("label array has " + labels.length + " voxels, dimensions "
                    + dimensions + " need " + dimensions.voxelCount());
        }
    }

    public static LabelVolume empty(Dimensions dimensions, VoxelSize voxelSize) {
        return new LabelVolume(dimensions, voxelSize, new int[dimensions.voxelCount()]);
    }

    public Dimensions dimensions() {
        return dimensions;
    }

    public VoxelSize voxelSize() {
        return voxelSize;
    }

    /** The backing array, x fastest (see {@link Dimensions#index}). */
    public int[] labels() {
        return labels;
    }

    public int get(int z, int y, int x) {
        return labels[dimensions.index(z, y, x)];
    }

    public void set(int z, int y, int x, int label) {
        labels[dimensions.index(z, y, x)] = label;
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

    /** The largest label value (0 for an empty mask). */
    public int maxLabel() {
        int max = 0;
        for (int v : labels) {
            max = Math.max(max, v);
        }
        return max;
    }

    public LabelVolume withVoxelSize(VoxelSize size) {
        return new LabelVolume(dimensions, size, labels);
    }
}
