package io.github.cellinr.eval;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Principal component analysis of latent codes (paper section 5.2, Fig. 7a): how much of the codes'
 * variance each principal direction carries.
 *
 * @param variances               variance along each principal component (n - 1 normalisation), descending
 * @param explainedVarianceRatio  variances divided by their sum
 * @param cumulativeRatio         running sum of the ratios (the paper's "99.9 % in the first 20 components")
 * @param components              unit principal directions as rows, same order
 * @param mean                    the mean code that was subtracted
 */
public record Pca(double[] variances, double[] explainedVarianceRatio, double[] cumulativeRatio,
                  double[][] components, double[] mean) {

    /** PCA of {@code codes} (one code per row, at least two rows of equal length). */
    public static Pca of(double[][] codes) {
        int n = codes.length;
        if (n < 2) {
            throw new IllegalArgumentException("PCA needs at least two codes, got " + n);
        }
        int d = codes[0].length;
        double[] mean = new double[d];
        for (double[] row : codes) {
            if (row.length != d) {
                throw new IllegalArgumentException("codes differ in length: " + row.length + " and " + d);
            }
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        double[][] centred = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                centred[i][j] = codes[i][j] - mean[j];
            }
        }
        // Singular values of the centred data, not an eigen-decomposition of the covariance: squaring
        // the matrix would halve the digits of the small variances.
        SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(centred, false));
        double[] s = svd.getSingularValues();
        int k = s.length;
        double[] variances = new double[k];
        double total = 0;
        for (int i = 0; i < k; i++) {
            variances[i] = s[i] * s[i] / (n - 1);
            total += variances[i];
        }
        double[] ratio = new double[k], cumulative = new double[k];
        double running = 0;
        for (int i = 0; i < k; i++) {
            ratio[i] = total > 0 ? variances[i] / total : 0;
            running += ratio[i];
            cumulative[i] = running;
        }
        double[][] v = svd.getV().transpose().getData();
        double[][] components = new double[k][];
        for (int i = 0; i < k; i++) {
            components[i] = v[i];
        }
        return new Pca(variances, ratio, cumulative, components, mean);
    }

    /** Number of leading components needed to reach {@code fraction} of the variance. */
    public int componentsFor(double fraction) {
        for (int i = 0; i < cumulativeRatio.length; i++) {
            if (cumulativeRatio[i] >= fraction - 1e-12) {
                return i + 1;
            }
        }
        return cumulativeRatio.length;
    }
}
