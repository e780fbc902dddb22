package io.github.cellinr.shape;

/**
 * Eigen-decomposition of a symmetric 3x3 matrix by cyclic Jacobi rotations: accurate to a few ulps, no
 * special cases for repeated eigenvalues, and small enough that a matrix library is not worth a
 * dependency for it.
 *
 * @param values  eigenvalues, descending
 * @param vectors row-major 3x3 matrix whose columns are the unit eigenvectors, in the order of
 *                {@code values}; it is a rotation (determinant +1)
 */
public record SymmetricEigen3(double[] values, double[] vectors) implements java.io.Serializable {

    /** Decomposes the symmetric matrix given row-major (only the upper triangle is read). */
    public static SymmetricEigen3 of(double[] symmetric) {
        double[] a = {
            symmetric[0], symmetric[1], symmetric[2],
            symmetric[1], symmetric[4], symmetric[5],
            symmetric[2], symmetric[5], symmetric[8]};
        double[] v = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        for (int sweep = 0; sweep < 64; sweep++) {
            double off = a[1] * a[1] + a[2] * a[2] + a[5] * a[5];
            double scale = a[0] * a[0] + a[4] * a[4] + a[8] * a[8] + 2 * off;
            if (off <= 1e-32 * scale || off == 0) {
                break;
            }
            rotate(a, v, 0, 1);
            rotate(a, v, 0, 2);
            rotate(a, v, 1, 2);
        }
        double[] values = {a[0], a[4], a[8]};
        int[] order = {0, 1, 2};
        // sort descending (three elements: a small insertion sort keeps ties in index order)
        for (int i = 1; i < 3; i++) {
            for (int j = i; j > 0 && values[order[j]] > values[order[j - 1]]; j--) {
                int t = order[j];
                order[j] = order[j - 1];
                order[j - 1] = t;
            }
        }
        double[] sortedValues = new double[3];
        double[] vectors = new double[9];
        for (int c = 0; c < 3; c++) {
            sortedValues[c] = values[order[c]];
            for (int r = 0; r < 3; r++) {
                vectors[3 * r + c] = v[3 * r + order[c]];
            }
        }
        // make it a rotation: third column = first x second
        vectors[2] = vectors[3] * vectors[7] - vectors[6] * vectors[4];
        vectors[5] = vectors[6] * vectors[1] - vectors[0] * vectors[7];
        vectors[8] = vectors[0] * vectors[4] - vectors[3] * vectors[1];
        return new SymmetricEigen3(sortedValues, vectors);
    }

    /** Column {@code c} (an eigenvector) as a new array (x, y, z). */
    public double[] vector(int c) {
        return new double[] {vectors[c], vectors[3 + c], vectors[6 + c]};
    }

    /** One Jacobi rotation zeroing a[p][q] (a symmetric, row-major), accumulated into v's columns. */
    private static void rotate(double[] a, double[] v, int p, int q) {
        double apq = a[3 * p + q];
        if (apq == 0) {
            return;
        }
        double app = a[3 * p + p];
        double aqq = a[3 * q + q];
        double theta = (aqq - app) / (2 * apq);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        for (int k = 0; k < 3; k++) { // columns p and q of a
            double akp = a[3 * k + p];
            double akq = a[3 * k + q];
            a[3 * k + p] = c * akp - s * akq;
            a[3 * k + q] = s * akp + c * akq;
        }
        for (int k = 0; k < 3; k++) { // rows p and q of a
            double apk = a[3 * p + k];
            double aqk = a[3 * q + k];
            a[3 * p + k] = c * apk - s * aqk;
            a[3 * q + k] = s * apk + c * aqk;
        }
        for (int k = 0; k < 3; k++) {
            double vkp = v[3 * k + p];
            double vkq = v[3 * k + q];
            v[3 * k + p] = c * vkp - s * vkq;
            v[3 * k + q] = s * vkp + c * vkq;
        }
    }
}
