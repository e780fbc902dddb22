package io.github.cellinr.shape;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.Parallel;
import io.github.cellinr.core.VoxelSize;

/**
 * Exact Euclidean distance transforms of binary volumes, in micrometres.
 *
 * <p>The algorithm is the separable one of Felzenszwalb and Huttenlocher (Theory of Computing 8, 2012):
 * a squared distance along x by two scans, then along y and along z the lower envelope of the parabolas
 * {@code (h (q - p))^2 + g(p)} in one pass per line, where h is that axis's voxel size. It is exact (every
 * voxel gets the squared distance to its nearest feature voxel centre), linear in the voxel count, and
 * each pass is parallel over lines. Written here because no maintained Java library on Maven Central
 * offers an exact, anisotropic, multi-threaded EDT on plain arrays (ImageJ's is tied to its image types,
 * imglib2's pulls in its whole data model).
 *
 * <p>Layout is x fastest: {@code index = (z * height + y) * width + x} (see {@link Dimensions#index}).
 */
public final class DistanceTransform {
    private static final float INF = Float.POSITIVE_INFINITY;

    private DistanceTransform() {
    }

    /**
     * Squared distance (um^2) from every voxel centre to the nearest centre of a voxel where
     * {@code features} is true; 0 on features, +infinity everywhere when there is no feature.
     */
    public static float[] squaredDistanceUm2(boolean[] features, Dimensions dims, VoxelSize spacing, int threads) {
        check(features, dims);
        float[] d2 = new float[dims.voxelCount()];
        alongX(features, true, d2, dims, spacing.xUm(), threads);
        alongY(d2, dims, spacing.yUm(), threads);
        alongZ(d2, dims, spacing.zUm(), threads);
        return d2;
    }

    /**
     * Signed distance in micrometres on an isotropic grid of spacing {@code voxelUm}: negative inside,
     * positive outside, with the surface half way between an inside and an outside voxel centre. An outside
     * voxel gets (distance to the nearest inside centre) - h/2, an inside voxel -((distance to the nearest
     * outside centre) - h/2), so neighbours across the boundary read -h/2 and +h/2 and the zero level set
     * is the boundary of the voxelised shape. This makes a sampled sphere's SDF agree with the analytic one
     * to within half a voxel (the test checks it), where the plain centre-to-centre distance is biased by
     * up to a whole voxel.
     *
     * <p>The convention needs one voxel size: resample anisotropic data to isotropic voxels first (as
     * {@code prepare} does). With no inside voxel the result is +infinity everywhere; with no outside voxel,
     * -infinity.
     */
    public static float[] signedDistanceUm(boolean[] inside, Dimensions dims, double voxelUm, int threads) {
        check(inside, dims);
        if (!(voxelUm > 0)) {
            throw new IllegalArgumentException("voxel size must be positive, got " + voxelUm);
        }
        VoxelSize spacing = VoxelSize.isotropic(voxelUm);
        // distance from outside voxels to the shape: needs the whole grid
        float[] toInside = squaredDistanceUm2(inside, dims, spacing, threads);
        // distance from inside voxels to the background: the nearest background voxel of any inside voxel
        // lies within the shape's bounding box grown by one voxel, so only that box is transformed
        int[] box = boundingBox(inside, dims);
        float[] sdf = toInside;
        float half = (float) (0.5 * voxelUm);
        if (box == null) {
            return sdf; // no inside voxel: +infinity everywhere
        }
        int z0 = Math.max(0, box[0] - 1), y0 = Math.max(0, box[1] - 1), x0 = Math.max(0, box[2] - 1);
        int z1 = Math.min(dims.depth() - 1, box[3] + 1), y1 = Math.min(dims.height() - 1, box[4] + 1);
        int x1 = Math.min(dims.width() - 1, box[5] + 1);
        Dimensions sub = new Dimensions(z1 - z0 + 1, y1 - y0 + 1, x1 - x0 + 1);
        boolean[] background = new boolean[sub.voxelCount()];
        for (int z = 0; z < sub.depth(); z++) {
            for (int y = 0; y < sub.height(); y++) {
                int src = dims.index(z + z0, y + y0, x0);
                int dst = sub.index(z, y, 0);
                for (int x = 0; x < sub.width(); x++) {
                    background[dst + x] = !inside[src + x];
                }
            }
        }
        float[] toOutside = squaredDistanceUm2(background, sub, spacing, threads);
        Parallel.forRange(threads, dims.depth(), (from, to) -> {
            for (int z = from; z < to; z++) {
                for (int y = 0; y < dims.height(); y++) {
                    int row = dims.index(z, y, 0);
                    boolean inBoxRow = z >= z0 && z <= z1 && y >= y0 && y <= y1;
                    for (int x = 0; x < dims.width(); x++) {
                        int i = row + x;
                        if (inside[i]) {
                            // inside voxels always lie in the box
                            float d2 = inBoxRow ? toOutside[sub.index(z - z0, y - y0, x - x0)] : INF;
                            sdf[i] = -((float) Math.sqrt(d2) - half);
                        } else {
                            sdf[i] = (float) Math.sqrt(sdf[i]) - half;
                        }
                    }
                }
            }
        });
        return sdf;
    }

    /** {z0, y0, x0, z1, y1, x1} (inclusive) of the true voxels, or null when there is none. */
    static int[] boundingBox(boolean[] mask, Dimensions dims) {
        int z0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x0 = Integer.MAX_VALUE;
        int z1 = -1, y1 = -1, x1 = -1;
        int i = 0;
        for (int z = 0; z < dims.depth(); z++) {
            for (int y = 0; y < dims.height(); y++) {
                for (int x = 0; x < dims.width(); x++, i++) {
                    if (mask[i]) {
                        z0 = Math.min(z0, z);
                        z1 = Math.max(z1, z);
                        y0 = Math.min(y0, y);
                        y1 = Math.max(y1, y);
                        x0 = Math.min(x0, x);
                        x1 = Math.max(x1, x);
                    }
                }
            }
        }
        return z1 < 0 ? null : new int[] {z0, y0, x0, z1, y1, x1};
    }

    private static void check(boolean[] mask, Dimensions dims) {
        if (mask.length != dims.voxelCount()) {
            throw new IllegalArgumentException("mask has " + mask.length + " voxels, dimensions " + dims
                    + " need " + dims.voxelCount());
        }
    }

    /** First pass: squared distance along each x row to the nearest voxel with {@code mask == want}. */
    private static void alongX(boolean[] mask, boolean want, float[] out, Dimensions dims, double h, int threads) {
        int nx = dims.width();
        int rows = dims.depth() * dims.height();
        double h2 = h * h;
        Parallel.forRange(threads, rows, (from, to) -> {
            for (int r = from; r < to; r++) {
                int base = r * nx;
                int last = -1;
                for (int x = 0; x < nx; x++) {
                    if (mask[base + x] == want) {
                        last = x;
                        out[base + x] = 0f;
                    } else {
                        out[base + x] = last < 0 ? INF : (float) ((x - last) * (double) (x - last) * h2);
                    }
                }
                if (last < 0) {
                    continue; // no feature in the row: all infinite
                }
                int next = -1;
                for (int x = nx - 1; x >= 0; x--) {
                    if (mask[base + x] == want) {
                        next = x;
                    } else if (next >= 0) {
                        float d = (float) ((next - x) * (double) (next - x) * h2);
                        if (d < out[base + x]) {
                            out[base + x] = d;
                        }
                    }
                }
            }
        });
    }

    /** Passes along y: each z plane is contiguous, its columns have stride width. */
    private static void alongY(float[] d2, Dimensions dims, double h, int threads) {
        int nx = dims.width();
        int ny = dims.height();
        if (ny == 1) {
            return;
        }
        Parallel.forRange(threads, dims.depth(), (from, to) -> {
            Envelope env = new Envelope(ny, h);
            for (int z = from; z < to; z++) {
                int plane = z * ny * nx;
                for (int x = 0; x < nx; x++) {
                    env.transform(d2, plane + x, nx);
                }
            }
        });
    }

    /** Passes along z: one y at a time, the (z, x) slab is copied out so the columns are cache-friendly. */
    private static void alongZ(float[] d2, Dimensions dims, double h, int threads) {
        int nx = dims.width();
        int ny = dims.height();
        int nz = dims.depth();
        if (nz == 1) {
            return;
        }
        Parallel.forRange(threads, ny, (from, to) -> {
            Envelope env = new Envelope(nz, h);
            float[] slab = new float[nz * nx];
            for (int y = from; y < to; y++) {
                for (int z = 0; z < nz; z++) {
                    System.arraycopy(d2, (z * ny + y) * nx, slab, z * nx, nx);
                }
                for (int x = 0; x < nx; x++) {
                    env.transform(slab, x, nx);
                }
                for (int z = 0; z < nz; z++) {
                    System.arraycopy(slab, z * nx, d2, (z * ny + y) * nx, nx);
                }
            }
        });
    }

    /**
     * The 1D lower envelope of parabolas for lines of one length and spacing, with its work arrays (one per
     * worker). Positions are in voxel units; values in um^2 are divided by h^2 on the way in.
     */
    static final class Envelope {
        private final int n;
        private final double h2;
        private final double[] line;
        private final int[] vertex;      // positions of the parabolas on the envelope
        private final double[] offset;   // g(p)/h^2 + p^2 of each envelope parabola
        private final double[] value;    // g(p) in um^2 of each envelope parabola
        private final double[] boundary; // where each envelope parabola starts to dominate

        Envelope(int n, double h) {
            this.n = n;
            this.h2 = h * h;
            this.line = new double[n];
            this.vertex = new int[n];
            this.offset = new double[n];
            this.value = new double[n];
            this.boundary = new double[n];
        }

        /** Transforms the n values at {@code data[start + i * stride]} in place. */
        void transform(float[] data, int start, int stride) {
            for (int i = 0, j = start; i < n; i++, j += stride) {
                line[i] = data[j];
            }
            int k = -1;
            for (int q = 0; q < n; q++) {
                double g = line[q];
                if (g == Double.POSITIVE_INFINITY) {
                    continue;
                }
                double fq = g / h2 + (double) q * q;
                while (true) {
                    if (k < 0) {
                        k = 0;
                        vertex[0] = q;
                        offset[0] = fq;
                        value[0] = g;
                        boundary[0] = Double.NEGATIVE_INFINITY;
                        break;
                    }
                    double s = (fq - offset[k]) / (2.0 * (q - vertex[k]));
                    if (s <= boundary[k]) {
                        k--;
                        continue;
                    }
                    k++;
                    vertex[k] = q;
                    offset[k] = fq;
                    value[k] = g;
                    boundary[k] = s;
                    break;
                }
            }
            if (k < 0) {
                return; // no finite value on the line: stays infinite
            }
            int j = 0;
            for (int q = 0, idx = start; q < n; q++, idx += stride) {
                while (j < k && boundary[j + 1] < q) {
                    j++;
                }
                double dq = q - vertex[j];
                data[idx] = (float) (dq * dq * h2 + value[j]);
            }
        }
    }
}
