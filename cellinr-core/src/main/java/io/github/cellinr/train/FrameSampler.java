package io.github.cellinr.train;

import io.github.cellinr.dataset.GridCoordinates;
import io.github.cellinr.dataset.SdfFrame;
import java.util.SplittableRandom;

/**
 * The paper's sampler (section 5, "SDF sampling"): of a frame's samples, a share {@code nearFraction} is drawn
 * from the near pool (voxels inside the cell or within the dataset's threshold of its surface) and the rest
 * from the far pool, uniformly with replacement. When one pool is empty every sample comes from the other.
 */
final class FrameSampler {
    private final float[] axis;
    private final double nearFraction;
    private final float inverseScale;

    /**
     * @param gridSize           N of the dataset's N^3 grid
     * @param micrometresPerUnit the dataset's scale: targets are {@code sdfUm / micrometresPerUnit}
     */
    FrameSampler(int gridSize, double micrometresPerUnit, double nearFraction) {
        axis = new float[gridSize];
        for (int i = 0; i < gridSize; i++) {
            axis[i] = (float) GridCoordinates.coordinate(i, gridSize);
        }
        this.nearFraction = nearFraction;
        this.inverseScale = (float) (1.0 / micrometresPerUnit);
    }

    /** Writes {@code count} samples: normalised coordinates to {@code xyz[3 offset ..)}, targets to {@code target[offset ..)}. */
    void sample(SdfFrame frame, int count, SplittableRandom random, float[] xyz, float[] target, int offset) {
        int near = frame.nearCount();
        int far = frame.farCount();
        if (near + far == 0) {
            throw new IllegalStateException("frame has no voxels");
        }
        int nearSamples = far == 0 ? count : near == 0 ? 0 : (int) Math.round(nearFraction * count);
        int n = axis.length;
        for (int k = 0; k < count; k++) {
            int voxel = k < nearSamples ? frame.nearVoxel(random.nextInt(near)) : frame.farVoxel(random.nextInt(far));
            int x = voxel % n;
            int rest = voxel / n;
            int q = offset + k;
            xyz[3 * q] = axis[x];
            xyz[3 * q + 1] = axis[rest % n];
            xyz[3 * q + 2] = axis[rest / n];
            target[q] = frame.sdfUm(voxel) * inverseScale;
        }
    }
}
