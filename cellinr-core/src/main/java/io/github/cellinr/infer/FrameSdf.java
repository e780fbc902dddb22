package io.github.cellinr.infer;

import io.github.cellinr.core.FloatVolume;

/**
 * One frame of a shape evaluated on a grid.
 *
 * @param frame  index of the frame in its sequence
 * @param time   normalised time in [-1,1]
 * @param sdfUm  the SDF in micrometres (network output times the model's micrometres per unit), negative
 *               inside; exact where evaluated, interpolated inside blocks that coarse-to-fine settled
 * @param stats  what the evaluation cost
 */
public record FrameSdf(int frame, double time, FloatVolume sdfUm, EvaluationStats stats) {

    /** Whether voxel {@code v} is inside the cell ({@code SDF <= 0}, as the paper counts it). */
    public boolean inside(int v) {
        return sdfUm.values()[v] <= 0;
    }

    /** Number of inside voxels. */
    public long insideCount() {
        long n = 0;
        for (float f : sdfUm.values()) {
            if (f <= 0) {
                n++;
            }
        }
        return n;
    }

    /** Inside volume in cubic micrometres (voxel count times voxel volume). */
    public double insideVolumeUm3() {
        return insideCount() * sdfUm.voxelSize().volumeUm3();
    }
}
