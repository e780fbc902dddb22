package io.github.cellinr.infer;

import java.nio.file.Path;

/**
 * What was written for one sequence.
 *
 * @param name              the shape's name (its folder name)
 * @param folder            the published sequence folder, or null when nothing was written
 * @param frames            frames evaluated
 * @param cellsPerFrame     labelled cells (connected components kept) in each frame
 * @param divisions         cells that divided (tracks with children)
 * @param insideVolumeUm3   inside volume ({@code SDF <= 0}) of each frame, micrometres^3
 * @param pointsEvaluated   network evaluations over all frames
 * @param voxels            voxels over all frames
 * @param evaluationSeconds time spent evaluating the network and settling blocks
 * @param totalSeconds      time including labelling, meshing and writing
 * @param writing           where the time after evaluation went
 */
public record SequenceSummary(String name, Path folder, int frames, int[] cellsPerFrame, int divisions,
                              double[] insideVolumeUm3, long pointsEvaluated, long voxels, double evaluationSeconds,
                              double totalSeconds, WriteSeconds writing) {

    /**
     * Seconds spent per output stage over all frames (on the writing thread, overlapping the evaluation of the
     * next frame): connected components and tracking, label-mask TIFFs, marching cubes and mesh files, OME-Zarr.
     */
    public record WriteSeconds(double labelling, double masks, double meshes, double zarr) {
        public double total() {
            return labelling + masks + meshes + zarr;
        }
    }

    /** Whether the sequence splits into two or more cells at some frame after its middle (a division). */
    public boolean dividesAfterMiddle() {
        for (int t = frames / 2; t < frames; t++) {
            if (cellsPerFrame[t] >= 2) {
                return true;
            }
        }
        return false;
    }
}
