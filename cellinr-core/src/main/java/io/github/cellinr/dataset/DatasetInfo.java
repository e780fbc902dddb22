package io.github.cellinr.dataset;

import java.util.List;

/**
 * What a prepared dataset holds and how its numbers map to micrometres.
 *
 * @param gridSize            N: every frame is an N^3 grid over [-1,1]^3, voxel i at {@link GridCoordinates#coordinate}
 * @param micrometresPerUnit  one normalised unit in micrometres (the grid spans 2 units); the same for every
 *                            frame and sequence so that sizes stay comparable
 * @param nearThresholdUm     |SDF| at or below this (and every interior voxel) is "near" for sampling
 * @param sequences           the time-lapse sequences
 * @param seed                the seed recorded when the dataset was made (phantoms, jitter), or 0
 * @param source              what it was prepared from (a path or a description)
 */
public record DatasetInfo(int gridSize, double micrometresPerUnit, double nearThresholdUm,
                          List<SequenceInfo> sequences, long seed, String source) {

    public DatasetInfo {
        if (gridSize < 2) {
            throw new IllegalArgumentException("grid size must be at least 2, got " + gridSize);
        }
        if (!(micrometresPerUnit > 0)) {
            throw new IllegalArgumentException("micrometres per unit must be positive, got " + micrometresPerUnit);
        }
        sequences = List.copyOf(sequences);
    }

    /** Grid spacing in micrometres. */
    public double voxelSizeUm() {
        return 2.0 * micrometresPerUnit / (gridSize - 1);
    }

    /** Total number of frames over all sequences. */
    public int frameCount() {
        int n = 0;
        for (SequenceInfo s : sequences) {
            n += s.frameCount();
        }
        return n;
    }
}
