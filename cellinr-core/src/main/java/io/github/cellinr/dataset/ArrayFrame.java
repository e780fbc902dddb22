package io.github.cellinr.dataset;

/** A frame held as an N^3 array of SDF values (micrometres) with its near/far index. */
record ArrayFrame(int gridSize, float[] sdf, NearFarIndex index) implements SdfFrame {
    /** Indexes {@code sdf} with the dataset's near threshold. */
    static ArrayFrame of(int gridSize, float[] sdf, double nearThresholdUm) {
        return new ArrayFrame(gridSize, sdf, NearFarIndex.build(sdf, nearThresholdUm));
    }

    @Override
    public float sdfUm(int voxel) {
        return sdf[voxel];
    }

    @Override
    public int nearCount() {
        return index.near().length;
    }

    @Override
    public int nearVoxel(int k) {
        return index.near()[k];
    }

    @Override
    public int farCount() {
        return index.far().length;
    }

    @Override
    public int farVoxel(int k) {
        return index.far()[k];
    }
}
