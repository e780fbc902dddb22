package io.github.cellinr.dataset;

/**
 * One SDF frame: signed distance in micrometres (negative inside) at every voxel of an N^3 grid, and the
 * sample index the trainer draws from: "near" voxels (|SDF| within the dataset's threshold, or inside the
 * cell) and "far" voxels (the rest). Voxel indices are x fastest: {@code (z * N + y) * N + x}.
 */
public interface SdfFrame {

    int gridSize();

    /** SDF at a voxel, in micrometres. */
    float sdfUm(int voxel);

    int nearCount();

    /** The k-th near voxel index. */
    int nearVoxel(int k);

    int farCount();

    /** The k-th far voxel index. */
    int farVoxel(int k);
}
