package io.github.cellinr.io.torch;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.io.Hdf5Volumes;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One training sequence of the paper's released code: the HDF5 dataset {@value #DATASET}, float32, which
 * h5py sees as {@code (Z, Y, X, T)} (MATLAB wrote it, gzip-compressed), holding per frame an N^3 SDF divided
 * by its maximum magnitude. The released loader reads it as {@code transpose(3, 2, 1, 0)} and maps index
 * {@code i} of each axis to {@code -1 + 2 i / (N - 1)}, model x along X, y along Y, z along Z, and frame
 * {@code k} of T to time {@code -1 + 2 k / (T - 1)}: exactly the grid and time convention of our datasets.
 *
 * <p>Frames come out x fastest ({@code (z * N + y) * N + x}), as our datasets store them. Because the values
 * are normalised per frame, {@link #frameUm} restores a distance: an exact SDF has a gradient of magnitude one,
 * so the median gradient magnitude of a frame (central differences, in value per voxel) is the factor that was
 * divided out, in whatever unit the authors used; dividing by it gives voxels, times the voxel size
 * micrometres.
 *
 * <p>The whole dataset is held in memory (N^3 T floats: 2 GB for the paper's 256^3 x 30 sequences).
 */
public final class SdfVideo {
    /** Dataset name the released code reads. */
    public static final String DATASET = "sdf_vid";

    /** At most this many voxels enter the median gradient of a frame (a regular subsample). */
    private static final int GRADIENT_SAMPLES = 1 << 18;

    private final Path file;
    private final int n;
    private final int frames;
    private final float[] data;

    private SdfVideo(Path file, int n, int frames, float[] data) {
        this.file = file;
        this.n = n;
        this.frames = frames;
        this.data = data;
    }

    /** Reads and checks {@value #DATASET} of {@code file}. */
    public static SdfVideo read(Path file) {
        Hdf5Volumes.Array array = Hdf5Volumes.readArray(file, DATASET);
        int[] shape = array.shape();
        if (shape.length != 4) {
            throw CellInrException.of(file, DATASET + " has shape " + Arrays.toString(shape)
                    + "; the released training sequences are (Z, Y, X, T)");
        }
        if (!array.isFloat()) {
            throw CellInrException.of(file, DATASET + " holds integers, not SDF values");
        }
        if (shape[0] != shape[1] || shape[1] != shape[2] || shape[0] < 3) {
            throw CellInrException.of(file, DATASET + " has shape " + Arrays.toString(shape)
                    + "; each frame must be a cubic N^3 grid (N >= 3)");
        }
        float[] values = array.floats();
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw CellInrException.of(file, DATASET + " holds " + values[i] + " at flat index " + i);
            }
        }
        SdfVideo video = new SdfVideo(file, shape[0], shape[3], values);
        for (int t = 0; t < video.frames; t++) {
            float[] f = video.normalisedFrame(t);
            boolean inside = false;
            boolean outside = false;
            for (float v : f) {
                inside |= v <= 0;
                outside |= v > 0;
            }
            if (!inside || !outside) {
                throw CellInrException.of(file, "frame " + t + " of " + DATASET + " has " + (inside
                        ? "no voxel outside the cell" : "no voxel inside the cell (SDF <= 0)"));
            }
        }
        return video;
    }

    public Path file() {
        return file;
    }

    /** N: every frame is an N^3 grid. */
    public int gridSize() {
        return n;
    }

    public int frameCount() {
        return frames;
    }

    /** Frame {@code t} as stored (per-frame normalised), x fastest. */
    public float[] normalisedFrame(int t) {
        if (t < 0 || t >= frames) {
            throw new IndexOutOfBoundsException("frame " + t + " of " + frames);
        }
        float[] frame = new float[n * n * n];
        for (int v = 0; v < frame.length; v++) {
            frame[v] = data[v * frames + t]; // (z, y, x) in C order, then T fastest
        }
        return frame;
    }

    /** The stored values' unit in voxels: the median gradient magnitude of frame {@code t} is its inverse. */
    public double voxelsPerValue(int t) {
        float[] f = normalisedFrame(t);
        int inner = n - 2;
        long innerVoxels = (long) inner * inner * inner;
        int step = (int) Math.max(1, Math.ceil(Math.cbrt((double) innerVoxels / GRADIENT_SAMPLES)));
        int per = (inner + step - 1) / step;
        double[] g = new double[per * per * per];
        int count = 0;
        int nn = n * n;
        for (int z = 1; z < n - 1; z += step) {
            for (int y = 1; y < n - 1; y += step) {
                for (int x = 1; x < n - 1; x += step) {
                    int v = z * nn + y * n + x;
                    double gx = (f[v + 1] - f[v - 1]) * 0.5;
                    double gy = (f[v + n] - f[v - n]) * 0.5;
                    double gz = (f[v + nn] - f[v - nn]) * 0.5;
                    g[count++] = Math.sqrt(gx * gx + gy * gy + gz * gz);
                }
            }
        }
        double[] used = Arrays.copyOf(g, count);
        Arrays.sort(used);
        double median = count % 2 == 1 ? used[count / 2] : 0.5 * (used[count / 2 - 1] + used[count / 2]);
        if (!(median > 0)) {
            throw CellInrException.of(file, "frame " + t + " of " + DATASET + " is flat: no distance scale");
        }
        return 1.0 / median;
    }

    /** Frame {@code t} as a signed distance in micrometres, for grid voxels of {@code voxelUm} micrometres. */
    public float[] frameUm(int t, double voxelUm) {
        float[] f = normalisedFrame(t);
        double scale = voxelsPerValue(t) * voxelUm;
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (f[i] * scale);
        }
        return f;
    }
}
