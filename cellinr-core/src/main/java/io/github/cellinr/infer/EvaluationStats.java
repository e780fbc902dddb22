package io.github.cellinr.infer;

/**
 * What evaluating one frame cost.
 *
 * @param voxels             voxels in the grid
 * @param pointsEvaluated    network evaluations (= voxels for brute force)
 * @param lipschitzUsed      the slope bound the final decisions used (0 for brute force)
 * @param lipschitzObserved  the largest finite-difference gradient seen on evaluated lattices (0 for brute force)
 * @param passes             decision passes (more than 1 when a steeper slope than assumed was seen)
 * @param seconds            wall-clock time of the evaluation
 */
public record EvaluationStats(long voxels, long pointsEvaluated, double lipschitzUsed, double lipschitzObserved,
                              int passes, double seconds) {

    /** Fraction of the voxels the network was run at. */
    public double evaluatedFraction() {
        return voxels == 0 ? 0 : (double) pointsEvaluated / voxels;
    }
}
