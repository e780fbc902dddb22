package io.github.cellinr.dataset;

import io.github.cellinr.core.Rotation;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A prepared dataset with every sequence turned by one rotation R' about the grid centre: the rotated SDF at x is
 * the original at {@code R'^T x} (trilinear between grid voxels; a rotation keeps distances, so it stays a signed
 * distance). Points whose pre-image leaves the grid take the value at the nearest grid point plus the distance to
 * it, which keeps the far field positive and 1-Lipschitz. This is the data of the paper's Theorem 1 (the shape
 * time series rotated by R') and of its rotated-cells experiment.
 *
 * <p>Frames are computed on first use and kept (one N^3 float array each, with its near/far index).
 */
public final class RotatedSdfDataset implements SdfDataset {
    private final SdfDataset source;
    private final Rotation rotation;
    private final ConcurrentHashMap<Long, ArrayFrame> cache = new ConcurrentHashMap<>();

    public RotatedSdfDataset(SdfDataset source, Rotation rotation) {
        this.source = source;
        this.rotation = rotation;
    }

    public Rotation rotation() {
        return rotation;
    }

    @Override
    public DatasetInfo info() {
        return source.info();
    }

    @Override
    public SdfFrame frame(int sequence, int frame) {
        return cache.computeIfAbsent(((long) sequence << 32) | frame, k -> rotate(source.frame(sequence, frame)));
    }

    private ArrayFrame rotate(SdfFrame in) {
        int n = in.gridSize();
        double[] m = rotation.matrix();
        float[] out = new float[n * n * n];
        double step = 2.0 / (n - 1);
        double[] p = new double[3];
        for (int v = 0; v < out.length; v++) {
            GridCoordinates.point(v, n, p);
            // pre-image R'^T x, in voxel units of the source grid
            double x = (m[0] * p[0] + m[3] * p[1] + m[6] * p[2] + 1) / step;
            double y = (m[1] * p[0] + m[4] * p[1] + m[7] * p[2] + 1) / step;
            double z = (m[2] * p[0] + m[5] * p[1] + m[8] * p[2] + 1) / step;
            double cx = Math.max(0, Math.min(n - 1, x));
            double cy = Math.max(0, Math.min(n - 1, y));
            double cz = Math.max(0, Math.min(n - 1, z));
            double outsideUm = Math.sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz)) * step
                    * source.info().micrometresPerUnit();
            out[v] = (float) (trilinear(in, n, cx, cy, cz) + outsideUm);
        }
        return ArrayFrame.of(n, out, source.info().nearThresholdUm());
    }

    private static double trilinear(SdfFrame f, int n, double x, double y, double z) {
        int x0 = Math.min((int) x, n - 2);
        int y0 = Math.min((int) y, n - 2);
        int z0 = Math.min((int) z, n - 2);
        double u = x - x0;
        double v = y - y0;
        double w = z - z0;
        double c00 = lerp(f, n, x0, y0, z0, u);
        double c10 = lerp(f, n, x0, y0 + 1, z0, u);
        double c01 = lerp(f, n, x0, y0, z0 + 1, u);
        double c11 = lerp(f, n, x0, y0 + 1, z0 + 1, u);
        return ((c00 * (1 - v) + c10 * v) * (1 - w)) + ((c01 * (1 - v) + c11 * v) * w);
    }

    private static double lerp(SdfFrame f, int n, int x, int y, int z, double u) {
        int i = (z * n + y) * n + x;
        return f.sdfUm(i) * (1 - u) + f.sdfUm(i + 1) * u;
    }

    @Override
    public void close() {
        cache.clear();
    }
}
