package io.github.cellinr.infer;

import io.github.cellinr.core.Dimensions;

/**
 * The Gaussian smoothing of a 0/1 indicator, computed only where marching cubes will read it.
 *
 * <p>Marching cubes reads field values only at the two ends of edges whose ends are on different sides
 * (every corner of an ambiguous face is such an end too); everywhere else only the side matters, and that
 * comes from the mask. So the z pass is needed only at voxels with a 6-neighbour on the other side, the y
 * pass only within the z-kernel's reach of those, the x pass only within the y-kernel's reach of that band.
 * For a cell this is a shell a few voxels thick instead of its whole bounding box. The arithmetic per voxel
 * is {@link GaussianBlur}'s, in the same order, so the values are bitwise equal to smoothing the whole crop
 * (tested). Voxels outside the shell keep the raw indicator.
 */
final class BandBlur {
    private BandBlur() {
    }

    /**
     * @param inside the indicator; the crop must leave at least the kernel radius + 1 voxels of outside
     *               around the inside voxels (as {@link MaskSurface} does)
     * @return the indicator, smoothed at the voxels marching cubes reads
     */
    static float[] blurAtBoundary(boolean[] inside, Dimensions d, double[] sigmaZyx) {
        int nz = d.depth(), ny = d.height(), nx = d.width(), plane = ny * nx;
        int n = inside.length;
        float[] indicator = new float[n];
        for (int i = 0; i < n; i++) {
            indicator[i] = inside[i] ? 1f : 0f;
        }
        boolean[] needed = new boolean[n];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                int row = z * plane + y * nx;
                for (int x = 0; x < nx; x++) {
                    int i = row + x;
                    boolean s = inside[i];
                    if ((x + 1 < nx && inside[i + 1] != s) || (x > 0 && inside[i - 1] != s)
                            || (y + 1 < ny && inside[i + nx] != s) || (y > 0 && inside[i - nx] != s)
                            || (z + 1 < nz && inside[i + plane] != s) || (z > 0 && inside[i - plane] != s)) {
                        needed[i] = true;
                    }
                }
            }
        }
        float[] kz = kernel(sigmaZyx[0]), ky = kernel(sigmaZyx[1]), kx = kernel(sigmaZyx[2]);
        int rz = kz.length / 2, ry = ky.length / 2, rx = kx.length / 2;
        boolean[] bandY = dilate(needed, d, rz, plane, nz, 0);
        boolean[] bandX = dilate(bandY, d, ry, nx, ny, 1);

        float[] gx = sigmaZyx[2] > 0 ? new float[n] : indicator;
        if (sigmaZyx[2] > 0) {
            for (int i = 0; i < n; i++) {
                if (bandX[i]) {
                    gx[i] = convolve(indicator, i, 1, i % nx, nx, kx, rx);
                }
            }
        }
        float[] gy = sigmaZyx[1] > 0 ? new float[n] : gx;
        if (sigmaZyx[1] > 0) {
            for (int i = 0; i < n; i++) {
                if (bandY[i]) {
                    gy[i] = convolve(gx, i, nx, (i / nx) % ny, ny, ky, ry);
                }
            }
        }
        float[] out = indicator.clone();
        for (int i = 0; i < n; i++) {
            if (needed[i]) {
                out[i] = sigmaZyx[0] > 0 ? convolve(gy, i, plane, i / plane, nz, kz, rz) : gy[i];
            }
        }
        return out;
    }

    private static float[] kernel(double sigma) {
        return sigma > 0 ? GaussianBlur.kernel(sigma, (int) Math.ceil(3 * sigma)) : new float[] {1f};
    }

    /**
     * One output of a 1D convolution along a line, zero beyond its ends, summed as
     * {@link GaussianBlur} sums (taps in ascending order, float accumulator).
     */
    private static float convolve(float[] v, int i, int stride, int position, int length, float[] k, int r) {
        float acc = 0;
        for (int t = 0; t < k.length; t++) {
            int p = position + t - r;
            float value = p >= 0 && p < length ? v[i + (t - r) * stride] : 0f;
            acc += k[t] * value;
        }
        return acc;
    }

    /** Marks every voxel within {@code r} steps of a marked one along one axis. */
    private static boolean[] dilate(boolean[] marked, Dimensions d, int r, int stride, int length, int axis) {
        if (r == 0) {
            return marked;
        }
        int nx = d.width(), ny = d.height(), plane = nx * ny;
        boolean[] out = new boolean[marked.length];
        for (int i = 0; i < marked.length; i++) {
            if (!marked[i]) {
                continue;
            }
            int position = axis == 0 ? i / plane : (i / nx) % ny;
            int lo = Math.max(0, position - r), hi = Math.min(length - 1, position + r);
            for (int p = lo; p <= hi; p++) {
                out[i + (p - position) * stride] = true;
            }
        }
        return out;
    }
}
