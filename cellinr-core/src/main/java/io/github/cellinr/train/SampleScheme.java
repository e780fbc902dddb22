package io.github.cellinr.train;

import io.github.cellinr.core.CellInrException;

/**
 * Where a step's SDF samples come from and how much their errors count: the ingredients of the fast recipe that
 * act on the samples (issue 12). {@link #PAPER} is the paper's sampler: voxel centres, plain L1, no hard pool.
 *
 * @param continuous    draw positions anywhere in a voxel's cell, with the SDF interpolated trilinearly from the
 *                      grid, instead of only at voxel centres ({@link FrameSampler})
 * @param surfaceWeight extra weight of a sample's L1 error at the surface: a sample counts
 *                      {@code 1 + surfaceWeight exp(-|sdf| / (2 voxels))}, so the level set that makes the shape
 *                      weighs more than the far field (0: plain L1)
 * @param hardFraction  share of each frame's samples drawn around the voxels where the model was last found most
 *                      wrong ({@link HardExamples}; 0: none)
 * @param hardEvery     epochs between re-scorings of those voxels (ignored without a hard fraction)
 */
public record SampleScheme(boolean continuous, double surfaceWeight, double hardFraction, int hardEvery) {

    /** The paper's sampler. */
    public static final SampleScheme PAPER = new SampleScheme(false, 0, 0, 0);

    /** Length scale of the surface weighting, in voxels of the training grid. */
    public static final double SURFACE_WIDTH_VOXELS = 2.0;

    public SampleScheme {
        if (!(surfaceWeight >= 0) || !Double.isFinite(surfaceWeight)) {
            throw CellInrException.of("--surface-weight must be 0 or positive, got " + surfaceWeight);
        }
        if (!(hardFraction >= 0 && hardFraction < 1)) {
            throw CellInrException.of("--hard-fraction must be in [0, 1), got " + hardFraction);
        }
        if (hardFraction > 0 && hardEvery < 1) {
            throw CellInrException.of("--hard-every must be at least 1 epoch with a hard fraction, got " + hardEvery);
        }
        if (hardEvery < 0) {
            throw CellInrException.of("--hard-every must be 0 or positive, got " + hardEvery);
        }
    }

    /** Whether a hard pool is kept at all. */
    public boolean usesHardPool() {
        return hardFraction > 0;
    }

    /** Whether the hard pool is re-scored at the start of {@code epoch} (never before the first epoch). */
    boolean rescoresAt(int epoch) {
        return usesHardPool() && epoch > 0 && epoch % hardEvery == 0;
    }

    /** The weight of a sample with target SDF {@code target} (normalised units) on a grid of that voxel size. */
    static double weight(double surfaceWeight, double target, double unitsPerVoxel) {
        if (surfaceWeight == 0) {
            return 1;
        }
        return 1 + surfaceWeight * Math.exp(-Math.abs(target) / (SURFACE_WIDTH_VOXELS * unitsPerVoxel));
    }
}
