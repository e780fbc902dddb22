package io.github.cellinr.core;

/**
 * Size of a 3D volume in voxels, (depth, height, width) = (z, y, x). Voxels are stored x-fastest:
 * {@code index = (z * height + y) * width + x}.
 */
public record Dimensions(int depth, int height, int width) {

    public Dimensions {
        if (depth < 1 || height < 1 || width < 1) {
            throw CellInrException.of("volume dimensions must be positive, got z=" + depth + " y=" + height
                    + " x=" + width);
        }
        if ((long) depth * height * width > Integer.MAX_VALUE - 8) {
            throw CellInrException.of("volume of " + depth + "x" + height + "x" + width
                    + " voxels is larger than one Java array can hold (2^31)");
        }
    }

    public static Dimensions cube(int edge) {
        return new Dimensions(edge, edge, edge);
    }

    public int voxelCount() {
        return depth * height * width;
    }

    public int index(int z, int y, int x) {
        return (z * height + y) * width + x;
    }

    public boolean contains(int z, int y, int x) {
        return z >= 0 && z < depth && y >= 0 && y < height && x >= 0 && x < width;
    }

    @Override
    public String toString() {
        return depth + "x" + height + "x" + width;
    }
}
