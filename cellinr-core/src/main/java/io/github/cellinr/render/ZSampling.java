package io.github.cellinr.render;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.VoxelSize;

/**
 * Output planes at a z step of their own: plane k sits at k * step from the first input plane. Images are
 * interpolated linearly between input planes (they are already blurred by the PSF, which is smooth along z);
 * masks take the label of the nearest input plane.
 */
final class ZSampling {
    private final Dimensions input;
    private final Dimensions output;
    private final VoxelSize outputVoxel;
    private final double[] positions; // in input planes
    private final boolean identity;

    private ZSampling(Dimensions input, Dimensions output, VoxelSize outputVoxel, double[] positions,
                      boolean identity) {
        this.input = input;
        this.output = output;
        this.outputVoxel = outputVoxel;
        this.positions = positions;
        this.identity = identity;
    }

    static ZSampling of(Dimensions input, VoxelSize voxel, double stepUm) {
        if (stepUm <= 0 || Math.abs(stepUm - voxel.zUm()) <= 1e-9 * voxel.zUm()) {
            return new ZSampling(input, input, voxel, null, true);
        }
        int planes = (int) Math.floor((input.depth() - 1) * voxel.zUm() / stepUm + 1e-9) + 1;
        double[] positions = new double[planes];
        for (int k = 0; k < planes; k++) {
            positions[k] = k * stepUm / voxel.zUm();
        }
        return new ZSampling(input, new Dimensions(planes, input.height(), input.width()),
                new VoxelSize(stepUm, voxel.yUm(), voxel.xUm()), positions, false);
    }

    Dimensions output() {
        return output;
    }

    VoxelSize outputVoxel() {
        return outputVoxel;
    }

    /** A new array of the output planes of {@code values} (input-sized). */
    float[] sample(float[] values) {
        if (identity) {
            return values.clone();
        }
        int plane = input.height() * input.width();
        float[] out = new float[output.voxelCount()];
        for (int k = 0; k < positions.length; k++) {
            int z = Math.min((int) positions[k], input.depth() - 1);
            double f = positions[k] - z;
            int next = Math.min(z + 1, input.depth() - 1);
            for (int i = 0; i < plane; i++) {
                out[k * plane + i] = (float) ((1 - f) * values[z * plane + i] + f * values[next * plane + i]);
            }
        }
        return out;
    }

    LabelVolume sample(LabelVolume mask) {
        if (identity) {
            return mask;
        }
        int plane = input.height() * input.width();
        int[] out = new int[output.voxelCount()];
        for (int k = 0; k < positions.length; k++) {
            int z = Math.min((int) Math.round(positions[k]), input.depth() - 1);
            System.arraycopy(mask.labels(), z * plane, out, k * plane, plane);
        }
        return new LabelVolume(output, outputVoxel, out);
    }
}
