package io.github.cellinr.infer;

import io.github.cellinr.core.CellInrException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A Gaussian mixture with diagonal or spherical covariances, fitted by expectation maximisation, with the
 * number of components chosen by the Bayesian information criterion.
 *
 * <p>Why not full covariances (commons-math3's {@code MultivariateNormalMixtureExpectationMaximization}): a
 * model has a few dozen latent codes of 64 dimensions, so a full 64 x 64 covariance per component is singular
 * (it needs more codes than dimensions per component) and BIC would charge 2080 parameters for it. Diagonal
 * covariances cost 64 variances per component, spherical ones one; both are estimable from few codes.
 *
 * <p>The likelihood of a mixture is unbounded (a component on a single code shrinks to a point), so every
 * variance is floored at the data's pooled variance divided by the number of codes n. With that floor a
 * component on one code gains at most {@code d (ln n - 1) / 2} in log-likelihood, less than the
 * {@code (d + 1) ln n / 2} (spherical) or {@code (2d + 1) ln n / 2} (diagonal) that BIC charges for it, so BIC
 * never buys components for single codes.
 *
 * <p>EM starts from k-means++ seeds drawn from the given random stream, several times per K; the best
 * likelihood wins. Everything is deterministic for a seed.
 */
public final class GaussianMixture {
    private static final int MAX_ITERATIONS = 500;
    private static final double TOLERANCE = 1e-9;

    /** Covariance structure of the components. */
    public enum Covariance {
        DIAGONAL,
        SPHERICAL
    }

    private final double[] weights;
    private final double[][] means;
    private final double[][] variances; // per component: d entries (spherical: all equal)
    private final double logLikelihood;
    private final double bic;
    private final Covariance covariance;

    private GaussianMixture(double[] weights, double[][] means, double[][] variances, double logLikelihood,
                            double bic, Covariance covariance) {
        this.weights = weights;
        this.means = means;
        this.variances = variances;
        this.logLikelihood = logLikelihood;
        this.bic = bic;
        this.covariance = covariance;
    }

    /** The outcome of choosing K: the chosen mixture and the BIC of every K tried. */
    public record Selection(GaussianMixture best, double[] bicByComponents) {
    }

    /**
     * Fits mixtures of 1..{@code maxComponents} components (at most one per data point) and returns the one with
     * the lowest BIC.
     *
     * @param data     n points of d dimensions
     * @param restarts EM runs from different seeds per K
     */
    public static Selection fitByBic(double[][] data, int maxComponents, Covariance covariance, int restarts,
                                     SplittableRandom random) {
        if (data.length == 0) {
            throw CellInrException.of("a Gaussian mixture needs at least one code");
        }
        int kMax = Math.max(1, Math.min(maxComponents, data.length));
        double[] bics = new double[kMax];
        GaussianMixture best = null;
        for (int k = 1; k <= kMax; k++) {
            GaussianMixture m = fit(data, k, covariance, restarts, random);
            bics[k - 1] = m.bic;
            if (best == null || m.bic < best.bic) {
                best = m;
            }
        }
        return new Selection(best, bics);
    }

    /** Fits a mixture of exactly {@code k} components, best of {@code restarts} EM runs. */
    public static GaussianMixture fit(double[][] data, int k, Covariance covariance, int restarts,
                                      SplittableRandom random) {
        int n = data.length;
        double floor = pooledVariance(data) / n + Double.MIN_NORMAL;
        GaussianMixture best = null;
        for (int r = 0; r < Math.max(1, restarts); r++) {
            GaussianMixture m = em(data, k, covariance, floor, random);
            if (best == null || m.logLikelihood > best.logLikelihood) {
                best = m;
            }
        }
        return best;
    }

    private static double pooledVariance(double[][] data) {
        int d = data[0].length;
        double sum = 0;
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (double[] x : data) {
                mean += x[j];
            }
            mean /= data.length;
            for (double[] x : data) {
                sum += (x[j] - mean) * (x[j] - mean);
            }
        }
        return sum / ((double) data.length * d);
    }

    private static GaussianMixture em(double[][] data, int k, Covariance cov, double floor, SplittableRandom random) {
        int n = data.length;
        int d = data[0].length;
        double[][] means = seeds(data, k, random);
        double[][] vars = new double[k][d];
        double pooled = Math.max(floor, pooledVariance(data));
        for (double[] v : vars) {
            Arrays.fill(v, pooled);
        }
        double[] weights = new double[k];
        Arrays.fill(weights, 1.0 / k);
        double[][] resp = new double[n][k];
        double previous = Double.NEGATIVE_INFINITY;
        double logL = Double.NEGATIVE_INFINITY;
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            logL = expectation(data, weights, means, vars, resp);
            for (int c = 0; c < k; c++) {
                double nk = 0;
                for (int i = 0; i < n; i++) {
                    nk += resp[i][c];
                }
                if (nk < 1e-12) {
                    // an empty component: restart it on a random code
                    means[c] = data[random.nextInt(n)].clone();
                    Arrays.fill(vars[c], pooled);
                    weights[c] = 1e-6;
                    continue;
                }
                weights[c] = nk / n;
                double[] mu = new double[d];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < d; j++) {
                        mu[j] += resp[i][c] * data[i][j];
                    }
                }
                for (int j = 0; j < d; j++) {
                    mu[j] /= nk;
                }
                double[] var = new double[d];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < d; j++) {
                        double e = data[i][j] - mu[j];
                        var[j] += resp[i][c] * e * e;
                    }
                }
                if (cov == Covariance.SPHERICAL) {
                    double s = 0;
                    for (double v : var) {
                        s += v;
                    }
                    Arrays.fill(var, s / (nk * d));
                } else {
                    for (int j = 0; j < d; j++) {
                        var[j] /= nk;
                    }
                }
                for (int j = 0; j < d; j++) {
                    var[j] = Math.max(var[j], floor);
                }
                means[c] = mu;
                vars[c] = var;
            }
            normalise(weights);
            if (logL - previous <= TOLERANCE * Math.abs(logL)) {
                break;
            }
            previous = logL;
        }
        logL = expectation(data, weights, means, vars, resp);
        long params = (k - 1) + (long) k * d + (cov == Covariance.SPHERICAL ? k : (long) k * d);
        double bic = -2 * logL + params * Math.log(n);
        return new GaussianMixture(weights, means, vars, logL, bic, cov);
    }

    private static void normalise(double[] w) {
        double s = 0;
        for (double v : w) {
            s += v;
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= s;
        }
    }

    /** Fills the responsibilities and returns the log-likelihood (log-sum-exp for stability). */
    private static double expectation(double[][] data, double[] weights, double[][] means, double[][] vars,
                                      double[][] resp) {
        int k = weights.length;
        double total = 0;
        double[] log = new double[k];
        for (int i = 0; i < data.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                log[c] = Math.log(weights[c]) + logDensity(data[i], means[c], vars[c]);
                max = Math.max(max, log[c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                sum += Math.exp(log[c] - max);
            }
            double lse = max + Math.log(sum);
            total += lse;
            for (int c = 0; c < k; c++) {
                resp[i][c] = Math.exp(log[c] - lse);
            }
        }
        return total;
    }

    private static double logDensity(double[] x, double[] mean, double[] var) {
        double s = 0;
        for (int j = 0; j < x.length; j++) {
            double e = x[j] - mean[j];
            s += e * e / var[j] + Math.log(2 * Math.PI * var[j]);
        }
        return -0.5 * s;
    }

    /** k-means++ seeding: each further seed is drawn with probability proportional to squared distance. */
    private static double[][] seeds(double[][] data, int k, SplittableRandom random) {
        int n = data.length;
        List<double[]> chosen = new ArrayList<>();
        chosen.add(data[random.nextInt(n)].clone());
        double[] dist = new double[n];
        while (chosen.size() < k) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                double best = Double.POSITIVE_INFINITY;
                for (double[] c : chosen) {
                    best = Math.min(best, squaredDistance(data[i], c));
                }
                dist[i] = best;
                total += best;
            }
            int pick;
            if (total <= 0) {
                pick = random.nextInt(n);
            } else {
                double u = random.nextDouble() * total;
                pick = n - 1;
                for (int i = 0; i < n; i++) {
                    u -= dist[i];
                    if (u <= 0) {
                        pick = i;
                        break;
                    }
                }
            }
            chosen.add(data[pick].clone());
        }
        return chosen.toArray(new double[0][]);
    }

    private static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double e = a[j] - b[j];
            s += e * e;
        }
        return s;
    }

    /** Draws one point. */
    public double[] sample(SplittableRandom random) {
        double u = random.nextDouble();
        int c = weights.length - 1;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u <= 0) {
                c = i;
                break;
            }
        }
        double[] x = new double[means[c].length];
        for (int j = 0; j < x.length; j++) {
            x[j] = means[c][j] + Math.sqrt(variances[c][j]) * gaussian(random);
        }
        return x;
    }

    /** A standard normal deviate (Box-Muller; SplittableRandom has no nextGaussian in Java 17). */
    static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Log-density of the mixture at {@code x}. */
    public double logDensity(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        double[] log = new double[weights.length];
        for (int c = 0; c < weights.length; c++) {
            log[c] = Math.log(weights[c]) + logDensity(x, means[c], variances[c]);
            max = Math.max(max, log[c]);
        }
        double s = 0;
        for (double l : log) {
            s += Math.exp(l - max);
        }
        return max + Math.log(s);
    }

    public int components() {
        return weights.length;
    }

    public double[] weights() {
        return weights.clone();
    }

    public double[] mean(int component) {
        return means[component].clone();
    }

    public double[] variance(int component) {
        return variances[component].clone();
    }

    public double logLikelihood() {
        return logLikelihood;
    }

    public double bic() {
        return bic;
    }

    public Covariance covariance() {
        return covariance;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "GaussianMixture[%d %s components, logL=%.4g, BIC=%.4g]", components(),
                covariance.name().toLowerCase(Locale.ROOT), logLikelihood, bic);
    }
}
