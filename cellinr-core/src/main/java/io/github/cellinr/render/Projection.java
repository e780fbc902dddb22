package io.github.cellinr.render;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.FloatVolume;
import io.github.cellinr.core.LabelVolume;

/** Maximum-intensity projections along z, of images and (consistently) of their masks. */
final class Projection {
    private Projection() {
    }

    /** Max over z: what Fiji's Z Project > Max Intensity gives from the stack. */
    static FloatVolume maxImage(FloatVolume image) {
        Dimensions d = image.dimensions();
        int plane = d.height() * d.width();
        float[] v = image.values();
        float[] out = new float[plane];
        System.arraycopy(v, 0, out, 0, plane);
        for (int z = 1; z < d.depth(); z++) {
            for (int i = 0; i < plane; i++) {
                out[i] = Math.max(out[i], v[z * plane + i]);
            }
        }
        return new FloatVolume(new Dimensions(1, d.height(), d.width()), image.voxelSize(), out);
    }

    /**
     * Per pixel, the label of the labelled voxel along the ray with the largest noise-free signal
     * {@code clean}; 0 where the ray crosses no cell. Ties go to the voxel nearest z = 0.
     */
    static LabelVolume brightestLabel(float[] clean, LabelVolume mask) {
        Dimensions d = mask.dimensions();
        int plane = d.height() * d.width();
        int[] labels = mask.labels();
        int[] out = new int[plane];
        float[] best = new float[plane];
        java.util.Arrays.fill(best, Float.NEGATIVE_INFINITY);
        for (int z = 0; z < d.depth(); z++) {
            for (int i = 0; i < plane; i++) {
                int l = labels[z * plane + i];
                if (l != 0 && clean[z * plane + i] > best[i]) {
                    best[i] = clean[z * plane + i];
                    out[i] = l;
                }
            }
        }
        return new LabelVolume(new Dimensions(1, d.height(), d.width()), mask.voxelSize(), out);
    }
}
