package io.github.cellinr.dataset;

/**
 * The one convention that maps grid voxels to the model's normalised coordinates: on an N-point axis, voxel
 * i sits at {@code -1 + 2 i / (N - 1)}, so both ends of [-1,1] are sampled (as the paper's code and its
 * fixtures do). Model x runs along the volume's width (fastest index), y along height, z along depth.
 */
public final class GridCoordinates {
    private GridCoordinates() {
    }

    public static double coordinate(int i, int n) {
        return n == 1 ? 0.0 : -1.0 + 2.0 * i / (n - 1);
    }

    /** Writes the normalised (x, y, z) of voxel index {@code voxel} in an N^3 grid into {@code xyz}. */
    public static void point(int voxel, int n, double[] xyz) {
        int x = voxel % n;
        int rest = voxel / n;
        int y = rest % n;
        int z = rest / n;
        xyz[0] = coordinate(x, n);
        xyz[1] = coordinate(y, n);
        xyz[2] = coordinate(z, n);
    }
}
