package io.github.cellinr.train;

import io.github.cellinr.dataset.GridCoordinates;
import io.github.cellinr.dataset.SdfFrame;
import java.util.SplittableRandom;

/**
 * Draws a frame's SDF samples. The paper's sampler (section 5, "SDF sampling"): a share {@code nearFraction} of the
 * samples from the near pool (voxels inside the cell or within the dataset's threshold of its surface), the rest
 * from the far pool, uniformly with replacement, at voxel centres. When one pool is empty every sample comes from
 * the other.
 *
 * <p>The fast recipe adds two things ({@link SampleScheme}). With continuous positions each drawn voxel is moved
 * by a uniform offset of up to half a voxel along each axis and its target is the trilinear interpolation of the
 * grid's SDF there: the network then sees the space between voxel centres instead of only a lattice, which is what
 * a thin protrusion about one voxel wide is made of. With a hard pool a share of the samples is drawn around the
 * voxels where the model was last found most wrong ({@link HardExamples}).
 */
final class FrameSampler {
    private final int gridSize;
    private final double nearFraction;
    private final boolean continuous;
    private final double hardFraction;
    private final float inverseScale;
    private final double unitsPerVoxel;

    /**
     * @param gridSize           N of the dataset's N^3 grid
     * @param micrometresPerUnit the dataset's scale: targets are {@code sdfUm / micrometresPerUnit}
     */
    FrameSampler(int gridSize, double micrometresPerUnit, double nearFraction) {
        this(gridSize, micrometresPerUnit, nearFraction, SampleScheme.PAPER);
    }

    FrameSampler(int gridSize, double micrometresPerUnit, double nearFraction, SampleScheme scheme) {
        this.gridSize = gridSize;
        this.nearFraction = nearFraction;
        this.continuous = scheme.continuous();
        this.hardFraction = scheme.hardFraction();
        this.inverseScale = (float) (1.0 / micrometresPerUnit);
        this.unitsPerVoxel = gridSize == 1 ? 0 : 2.0 / (gridSize - 1);
    }

    /** Writes {@code count} samples: normalised coordinates to {@code xyz[3 offset ..)}, targets to {@code target[offset ..)}. */
    void sample(SdfFrame frame, int count, SplittableRandom random, float[] xyz, float[] target, int offset) {
        sample(frame, null, 0, count, random, xyz, target, offset);
    }

    /**
     * As {@link #sample(SdfFrame, int, SplittableRandom, float[], float[], int)}, with {@code hardFraction} of the
     * samples drawn from {@code hard[hardFrom .. hardFrom + HardExamples.POOL)} when that pool is filled
     * ({@code hard} null or its first entry negative: no pool yet).
     *
     * @return how many of the samples, the first ones, came from the hard pool
     */
    int sample(SdfFrame frame, int[] hard, int hardFrom, int count, SplittableRandom random, float[] xyz,
                float[] target, int offset) {
        int near = frame.nearCount();
        int far = frame.farCount();
        if (near + far == 0) {
            throw new IllegalStateException("frame has no voxels");
        }
        boolean withHard = hard != null && hardFraction > 0 && hard[hardFrom] >= 0;
        int hardSamples = withHard ? (int) Math.round(hardFraction * count) : 0;
        int rest = count - hardSamples;
        int nearSamples = far == 0 ? rest : near == 0 ? 0 : (int) Math.round(nearFraction * rest);
        for (int k = 0; k < count; k++) {
            int voxel;
            if (k < hardSamples) {
                voxel = hard[hardFrom + random.nextInt(HardExamples.POOL)];
            } else if (k < hardSamples + nearSamples) {
                voxel = frame.nearVoxel(random.nextInt(near));
            } else {
                voxel = frame.farVoxel(random.nextInt(far));
            }
            place(frame, voxel, random, xyz, target, offset + k);
        }
        return hardSamples;
    }

    private void place(SdfFrame frame, int voxel, SplittableRandom random, float[] xyz, float[] target, int q) {
        int n = gridSize;
        int x = voxel % n;
        int rest = voxel / n;
        int y = rest % n;
        int z = rest / n;
        if (!continuous || n == 1) {
            xyz[3 * q] = (float) GridCoordinates.coordinate(x, n);
            xyz[3 * q + 1] = (float) GridCoordinates.coordinate(y, n);
            xyz[3 * q + 2] = (float) GridCoordinates.coordinate(z, n);
            target[q] = frame.sdfUm(voxel) * inverseScale;
            return;
        }
        // a uniform point of the voxel's cell (clamped to the grid), in voxel units
        double px = clamp(x + random.nextDouble() - 0.5);
        double py = clamp(y + random.nextDouble() - 0.5);
        double pz = clamp(z + random.nextDouble() - 0.5);
        xyz[3 * q] = (float) (-1.0 + 2.0 * px / (n - 1));
        xyz[3 * q + 1] = (float) (-1.0 + 2.0 * py / (n - 1));
        xyz[3 * q + 2] = (float) (-1.0 + 2.0 * pz / (n - 1));
        target[q] = (float) (trilinear(frame, px, py, pz) * inverseScale);
    }

    private double clamp(double p) {
        return Math.max(0, Math.min(gridSize - 1, p));
    }

    /** The grid's SDF (micrometres) at a point in voxel units inside [0, N-1]^3, interpolated trilinearly. */
    static double trilinear(SdfFrame frame, double px, double py, double pz) {
        int n = frame.gridSize();
        int x0 = Math.min((int) px, n - 2);
        int y0 = Math.min((int) py, n - 2);
        int z0 = Math.min((int) pz, n - 2);
        double fx = px - x0;
        double fy = py - y0;
        double fz = pz - z0;
        int base = (z0 * n + y0) * n + x0;
        int dy = n;
        int dz = n * n;
        double c00 = lerp(frame.sdfUm(base), frame.sdfUm(base + 1), fx);
        double c10 = lerp(frame.sdfUm(base + dy), frame.sdfUm(base + dy + 1), fx);
        double c01 = lerp(frame.sdfUm(base + dz), frame.sdfUm(base + dz + 1), fx);
        double c11 = lerp(frame.sdfUm(base + dz + dy), frame.sdfUm(base + dz + dy + 1), fx);
        return lerp(lerp(c00, c10, fy), lerp(c01, c11, fy), fz);
    }

    private static double lerp(double a, double b, double f) {
        return a + (b - a) * f;
    }

    /** Normalised units per voxel of the grid (the surface weighting's length scale). */
    double unitsPerVoxel() {
        return unitsPerVoxel;
    }
}
