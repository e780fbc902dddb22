package io.github.cellinr.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GaussianMixtureTest {

    /** n points in d dimensions around {@code centres}, spread {@code sd}, round robin. */
    private static double[][] clusters(double[][] centres, int n, double sd, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] c = centres[i % centres.length];
            x[i] = new double[c.length];
            for (int j = 0; j < c.length; j++) {
                x[i][j] = c[j] + sd * GaussianMixture.gaussian(r);
            }
        }
        return x;
    }

    private static double[] constant(int d, double v) {
        double[] c = new double[d];
        Arrays.fill(c, v);
        return c;
    }

    @ParameterizedTest
    @EnumSource(GaussianMixture.Covariance.class)
    void bicFindsTheNumberOfClustersInCodeLikeData(GaussianMixture.Covariance covariance) {
        // 33 codes of 64 dimensions, as a model of 33 sequences has: one, two or three tight groups
        for (int k = 1; k <= 3; k++) {
            double[][] centres = new double[k][];
            for (int c = 0; c < k; c++) {
                centres[c] = constant(64, 0.01 * c);
            }
            double[][] data = clusters(centres, 33, 0.001, 40 + k);
            GaussianMixture.Selection s = GaussianMixture.fitByBic(data, 6, covariance, 5, new SplittableRandom(k));
            assertEquals(k, s.best().components(), covariance + " with " + k + " groups: BIC " + Arrays.toString(
                    s.bicByComponents()));
            for (double w : s.best().weights()) {
                assertEquals(1.0 / k, w, 0.05);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(GaussianMixture.Covariance.class)
    void oneComponentIsTheMaximumLikelihoodGaussian(GaussianMixture.Covariance covariance) {
        double[][] data = clusters(new double[][] {{1, -2, 3}}, 400, 0.5, 7);
        GaussianMixture m = GaussianMixture.fit(data, 1, covariance, 1, new SplittableRandom(1));
        double[] mean = new double[3];
        for (double[] x : data) {
            for (int j = 0; j < 3; j++) {
                mean[j] += x[j] / data.length;
            }
        }
        for (int j = 0; j < 3; j++) {
            assertEquals(mean[j], m.mean(0)[j], 1e-9);
            assertEquals(0.25, m.variance(0)[j], 0.05);
        }
        // the log-likelihood is the sum of the log-densities
        double sum = 0;
        for (double[] x : data) {
            sum += m.logDensity(x);
        }
        assertEquals(sum, m.logLikelihood(), 1e-6 * Math.abs(sum));
    }

    @ParameterizedTest
    @EnumSource(GaussianMixture.Covariance.class)
    void samplesFollowTheMixtureAndTheSeed(GaussianMixture.Covariance covariance) {
        double[][] data = clusters(new double[][] {constant(4, -1), constant(4, 1)}, 200, 0.1, 3);
        GaussianMixture m = GaussianMixture.fit(data, 2, covariance, 3, new SplittableRandom(2));
        int positive = 0;
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 2000; i++) {
            double[] x = m.sample(r);
            positive += x[0] > 0 ? 1 : 0;
            assertTrue(Math.abs(Math.abs(x[0]) - 1) < 0.6, "sample near a centre: " + x[0]);
        }
        assertEquals(1000, positive, 100);
        assertEquals(Arrays.toString(m.sample(new SplittableRandom(9))), Arrays.toString(m.sample(new SplittableRandom(9))));
    }
}
