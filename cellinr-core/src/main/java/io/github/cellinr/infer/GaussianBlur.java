package io.github.cellinr.infer;

import io.github.cellinr.core.Dimensions;

/** Separable Gaussian smoothing of a small volume in place (zero outside the volume). */
final class GaussianBlur {
    private GaussianBlur() {
    }

    /** Normalised kernel of {@code 2 radius + 1} taps. */
    static float[] kernel(double sigma, int radius) {
        float[] k = new float[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            sum += Math.exp(-i * i / (2 * sigma * sigma));
        }
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = (float) (Math.exp(-i * i / (2 * sigma * sigma)) / sum);
        }
        return k;
    }

    /**
     * Blurs along x, then y, then z with a sigma per axis ({z, y, x}, voxels; 0 leaves that axis alone),
     * kernels cut at 3 sigma, values outside the volume taken as 0.
     */
    static void blur3d(float[] v, Dimensions d, double[] sigmaZyx) {
        int nz = d.depth(), ny = d.height(), nx = d.width();
        int maxRadius = 0;
        for (double s : sigmaZyx) {
            maxRadius = Math.max(maxRadius, (int) Math.ceil(3 * s));
        }
        float[] line = new float[Math.max(nx, Math.max(ny, nz)) + 2 * maxRadius];
        if (sigmaZyx[2] > 0) {
            float[] k = kernel(sigmaZyx[2], (int) Math.ceil(3 * sigmaZyx[2]));
            for (int z = 0; z < nz; z++) {
                for (int y = 0; y < ny; y++) {
                    blurLine(v, d.index(z, y, 0), 1, nx, k, line);
                }
            }
        }
        if (sigmaZyx[1] > 0) {
            float[] k = kernel(sigmaZyx[1], (int) Math.ceil(3 * sigmaZyx[1]));
            for (int z = 0; z < nz; z++) {
                for (int x = 0; x < nx; x++) {
                    blurLine(v, d.index(z, 0, x), nx, ny, k, line);
                }
            }
        }
        if (sigmaZyx[0] > 0) {
            float[] k = kernel(sigmaZyx[0], (int) Math.ceil(3 * sigmaZyx[0]));
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    blurLine(v, d.index(0, y, x), nx * ny, nz, k, line);
                }
            }
        }
    }

    private static void blurLine(float[] v, int start, int stride, int n, float[] k, float[] line) {
        int radius = k.length / 2;
        java.util.Arrays.fill(line, 0f);
        for (int i = 0; i < n; i++) {
            line[radius + i] = v[start + i * stride];
        }
        for (int i = 0; i < n; i++) {
            float acc = 0;
            for (int t = 0; t < k.length; t++) {
                acc += k[t] * line[i + t];
            }
            v[start + i * stride] = acc;
        }
    }
}
