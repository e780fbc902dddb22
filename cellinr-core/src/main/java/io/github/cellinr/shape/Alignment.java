package io.github.cellinr.shape;

/**
 * Chooses the aligned frame of a cell from its principal axes. The eigenvectors fix the axes only up to
 * order (when eigenvalues are close) and sign, so the choice is among the 24 rotations that permute and
 * flip the eigenvectors:
 * <ul>
 *   <li>first frame of a sequence: axes in descending order of variance (x = longest), each signed so the
 *       cell's third moment along it is non-negative (the heavier tail on the + side), right-handed by
 *       flipping the axis whose skewness is least reliable (smallest |normalised third moment|);</li>
 *   <li>later frames: the candidate closest to the previous frame's axes (largest trace of
 *       {@code E_prev^T E}) among those that keep the descending order of variances, except between
 *       variances within {@value #TIE} (relative) of each other, whose order is then free. So a sequence never
 *       flips sign from one frame to the next, a roundish cell whose axes are nearly degenerate does not spin
 *       between frames, and a clearly elongated cell always has its long axis along x (a division always
 *       happens along x).</li>
 * </ul>
 * A choice is a rotation whose columns are the aligned x, y, z axes in input coordinates (micrometres).
 */
final class Alignment {
    /** Signed permutations with determinant +1: column k of the choice = sign[k] * eigenvector perm[k]. */
    private static final int[][] PERMUTATIONS = {{0, 1, 2}, {1, 2, 0}, {2, 0, 1}, {0, 2, 1}, {2, 1, 0}, {1, 0, 2}};

    /** Variances closer than this (relative) count as tied: their axes may swap to follow the previous frame. */
    static final double TIE = 0.1;

    private Alignment() {
    }

    /** An aligned frame: rotation (row-major; columns are the aligned axes) and how it maps eigen axes. */
    record Choice(double[] rotation, int[] eigenIndex, int[] sign) {
        double column(int k, int row) {
            return rotation[3 * row + k];
        }
    }

    /** First-frame rule. */
    static Choice initial(CellFrame cell) {
        double[] e = cell.axes().vectors();
        double[] values = cell.axes().values();
        int[] sign = new int[3];
        double[] reliability = new double[3];
        for (int k = 0; k < 3; k++) {
            double m3 = cell.thirdMomentUm3(k);
            sign[k] = m3 < 0 ? -1 : 1;
            double sigma = Math.sqrt(Math.max(values[k], 1e-300));
            reliability[k] = Math.abs(m3) / (sigma * sigma * sigma);
        }
        if (sign[0] * sign[1] * sign[2] < 0) { // eigenvector matrix has det +1: flip one axis back
            int weakest = 0;
            for (int k = 1; k < 3; k++) {
                if (reliability[k] < reliability[weakest]) {
                    weakest = k;
                }
            }
            sign[weakest] = -sign[weakest];
        }
        return build(e, new int[] {0, 1, 2}, sign);
    }

    /** The candidate closest to {@code previous} (a rotation, row-major). */
    static Choice closestTo(double[] previous, SymmetricEigen3 axes) {
        double[] e = axes.vectors();
        Choice best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        double[] values = axes.values();
        for (int p = 0; p < PERMUTATIONS.length; p++) {
            int[] perm = PERMUTATIONS[p];
            int parity = p < 3 ? 1 : -1; // the last three are odd permutations
            if (!keepsOrder(perm, values)) {
                continue;
            }
            for (int s = 0; s < 8; s++) {
                int[] sign = {(s & 1) == 0 ? 1 : -1, (s & 2) == 0 ? 1 : -1, (s & 4) == 0 ? 1 : -1};
                if (sign[0] * sign[1] * sign[2] * parity < 0) {
                    continue; // a reflection
                }
                double score = 0;
                for (int k = 0; k < 3; k++) {
                    for (int r = 0; r < 3; r++) {
                        score += previous[3 * r + k] * sign[k] * e[3 * r + perm[k]];
                    }
                }
                if (score > bestScore + 1e-12) {
                    bestScore = score;
                    best = build(e, perm, sign);
                }
            }
        }
        return best;
    }

    /** Whether aligned axis k < l never gets a clearly smaller variance than l (ties allowed). */
    private static boolean keepsOrder(int[] perm, double[] values) {
        for (int k = 0; k < 3; k++) {
            for (int l = k + 1; l < 3; l++) {
                if (values[perm[k]] < (1 - TIE) * values[perm[l]]) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Choice build(double[] e, int[] perm, int[] sign) {
        double[] r = new double[9];
        for (int k = 0; k < 3; k++) {
            for (int row = 0; row < 3; row++) {
                r[3 * row + k] = sign[k] * e[3 * row + perm[k]];
            }
        }
        return new Choice(r, perm.clone(), sign.clone());
    }

    /** The cell's extent along aligned axis k, relative to its centroid: {min, max}. */
    static double[] extent(CellFrame cell, Choice choice, int k) {
        int j = choice.eigenIndex()[k];
        return choice.sign()[k] > 0 ? new double[] {cell.minUm(j), cell.maxUm(j)}
                : new double[] {-cell.maxUm(j), -cell.minUm(j)};
    }

    /** {@code R^T v}. */
    static double[] transposeTimes(double[] r, double[] v) {
        return new double[] {
            r[0] * v[0] + r[3] * v[1] + r[6] * v[2],
            r[1] * v[0] + r[4] * v[1] + r[7] * v[2],
            r[2] * v[0] + r[5] * v[1] + r[8] * v[2]};
    }
}
