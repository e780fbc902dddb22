package io.github.cellinr.dataset;

import java.util.Arrays;

/**
 * Splits a frame's voxels into the trainer's two sampling pools (paper section 5, "SDF sampling"): near =
 * inside the cell or within {@code thresholdUm} of its surface; far = the rest.
 *
 * @param near voxel indices, ascending
 * @param far  voxel indices, ascending
 */
public record NearFarIndex(int[] near, int[] far) {

    public static NearFarIndex build(float[] sdfUm, double thresholdUm) {
        int nearCount = 0;
        for (float v : sdfUm) {
            if (v <= thresholdUm) {
                nearCount++;
            }
        }
        int[] near = new int[nearCount];
        int[] far = new int[sdfUm.length - nearCount];
        int a = 0;
        int b = 0;
        for (int i = 0; i < sdfUm.length; i++) {
            if (sdfUm[i] <= thresholdUm) {
                near[a++] = i;
            } else {
                far[b++] = i;
            }
        }
        return new NearFarIndex(near, far);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NearFarIndex n && Arrays.equals(near, n.near) && Arrays.equals(far, n.far);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(near) * 31 + Arrays.hashCode(far);
    }

    @Override
    public String toString() {
        return "NearFarIndex[near=" + near.length + ", far=" + far.length + "]";
    }
}
