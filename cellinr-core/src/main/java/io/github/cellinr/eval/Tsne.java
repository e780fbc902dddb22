package io.github.cellinr.eval;

import io.github.cellinr.core.Progress;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.Seeds;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Exact t-SNE (van der Maaten and Hinton, 2008) to embed latent codes in two dimensions (paper Figs. 6, 8
 * and 13).
 *
 * <p>Written here because the Java implementations in use are GPL (Smile) or unmaintained, and a
 * BSD-licensed tool cannot link GPL code. The method as published: Gaussian conditional affinities whose
 * bandwidth is found per point by bisection so that their perplexity equals the target, symmetrised joint
 * affinities, a Student-t kernel in the embedding, gradient descent with momentum (0.5, then 0.8), per
 * coordinate adaptive gains, and early exaggeration of the affinities for the first iterations. Exact means
 * O(n^2) time and memory per iteration: meant for the hundreds of codes of a model, not for millions.
 *
 * <p>Deterministic: the initial embedding comes from the seed; the per-row work runs in parallel but every
 * sum is taken in a fixed order, so the result does not depend on the number of threads.
 */
public final class Tsne {

    /**
     * @param perplexity             effective number of neighbours (lowered to (n - 1) / 3 for small n)
     * @param iterations             gradient steps
     * @param learningRate           step size; NaN picks max(n / (4 exaggeration), 50) (Belkina et al., 2019)
     * @param earlyExaggeration      factor on the affinities during the first phase
     * @param exaggerationIterations length of that phase (momentum 0.5 during it, 0.8 after)
     * @param seed                   seed of the initial embedding
     */
    public record Settings(double perplexity, int iterations, double learningRate, double earlyExaggeration,
                           int exaggerationIterations, long seed) {
        public Settings {
            if (!(perplexity > 0) || iterations < 1 || !(earlyExaggeration >= 1) || exaggerationIterations < 0) {
                throw new IllegalArgumentException("bad t-SNE settings: " + perplexity + ", " + iterations + ", "
                        + earlyExaggeration + ", " + exaggerationIterations);
            }
        }

        /** Perplexity 30, 1000 iterations, automatic rate, exaggeration 12 for 250 iterations. */
        public static Settings defaults(long seed) {
            return new Settings(30, 1000, Double.NaN, 12, 250, seed);
        }

        public Settings withPerplexity(double p) {
            return new Settings(p, iterations, learningRate, earlyExaggeration, exaggerationIterations, seed);
        }

        public Settings withIterations(int n) {
            return new Settings(perplexity, n, learningRate, earlyExaggeration, exaggerationIterations, seed);
        }
    }

    /**
     * @param embedding   n points in 2D
     * @param klDivergence Kullback-Leibler divergence of the final embedding (the cost t-SNE minimises)
     * @param perplexity  the perplexity used (after lowering for small n)
     */
    public record Result(double[][] embedding, double klDivergence, double perplexity) {
    }

    private static final int DIMENSIONS = 2;
    private static final double MIN_GAIN = 0.01;

    private Tsne() {
    }

    public static Result embed(double[][] points, Settings settings, ProgressSink progress) {
        int n = points.length;
        if (n < 3) {
            throw new IllegalArgumentException("t-SNE needs at least 3 points, got " + n);
        }
        double perplexity = Math.max(1, Math.min(settings.perplexity(), (n - 1) / 3.0));
        double[] p = jointAffinities(points, perplexity);
        double rate = Double.isNaN(settings.learningRate())
                ? Math.max(n / (4 * settings.earlyExaggeration()), 50) : settings.learningRate();

        SplittableRandom random = Seeds.random(settings.seed(), "tsne.init");
        double[] y = new double[n * DIMENSIONS];
        for (int i = 0; i < y.length; i++) {
            y[i] = 1e-2 * gaussian(random);
        }
        double[] update = new double[y.length], gains = new double[y.length], gradient = new double[y.length];
        java.util.Arrays.fill(gains, 1.0);
        double[] w = new double[n * n];
        double[] rowSums = new double[n];
        try (Progress bar = progress.start("t-SNE", settings.iterations(), "iterations")) {
            for (int iter = 0; iter < settings.iterations(); iter++) {
                boolean early = iter < settings.exaggerationIterations();
                double exaggeration = early ? settings.earlyExaggeration() : 1;
                double momentum = early ? 0.5 : 0.8;
                gradient(p, y, n, exaggeration, w, rowSums, gradient);
                for (int k = 0; k < y.length; k++) {
                    boolean sameDirection = Math.signum(gradient[k]) == Math.signum(update[k]);
                    gains[k] = Math.max(MIN_GAIN, sameDirection ? gains[k] * 0.8 : gains[k] + 0.2);
                    update[k] = momentum * update[k] - rate * gains[k] * gradient[k];
                    y[k] += update[k];
                }
                centre(y, n);
                bar.step(1);
            }
        }
        double kl = klDivergence(p, y, n);
        double[][] out = new double[n][DIMENSIONS];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < DIMENSIONS; d++) {
                out[i][d] = y[i * DIMENSIONS + d];
            }
        }
        return new Result(out, kl, perplexity);
    }

    /** Symmetric joint affinities p_ij = (p_j|i + p_i|j) / 2n, row-major n x n. */
    static double[] jointAffinities(double[][] x, double perplexity) {
        int n = x.length;
        double[] conditional = conditionalAffinities(x, perplexity);
        double[] p = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                p[i * n + j] = Math.max((conditional[i * n + j] + conditional[j * n + i]) / (2.0 * n), 1e-12);
            }
            p[i * n + i] = 0;
        }
        return p;
    }

    /** Conditional affinities p_j|i (row i), each row calibrated to the perplexity. */
    static double[] conditionalAffinities(double[][] x, double perplexity) {
        int n = x.length;
        double[] d2 = new double[n * n];
        IntStream.range(0, n).parallel().forEach(i -> {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < x[i].length; k++) {
                    double t = x[i][k] - x[j][k];
                    s += t * t;
                }
                d2[i * n + j] = s;
            }
        });
        double[] conditional = new double[n * n];
        double targetEntropy = Math.log(perplexity);
        IntStream.range(0, n).parallel().forEach(i -> conditionalRow(d2, n, i, targetEntropy, conditional));
        return conditional;
    }

    /**
     * Finds beta = 1 / (2 sigma_i^2) by bisection so that the entropy of p_j|i (nats) equals log(perplexity),
     * and writes p_j|i into row i.
     */
    private static void conditionalRow(double[] d2, int n, int i, double targetEntropy, double[] out) {
        double minD = Double.POSITIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            if (j != i) {
                minD = Math.min(minD, d2[i * n + j]);
            }
        }
        double beta = 1, lo = 0, hi = Double.POSITIVE_INFINITY;
        for (int step = 0; step < 200; step++) {
            // Distances shifted by the nearest one: the same distribution, no underflow for tight clusters.
            double sum = 0, weighted = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    double e = Math.exp(-beta * (d2[i * n + j] - minD));
                    sum += e;
                    weighted += e * (d2[i * n + j] - minD);
                }
            }
            double entropy = Math.log(sum) + beta * weighted / sum;
            if (Math.abs(entropy - targetEntropy) < 1e-6) {
                break;
            }
            if (entropy > targetEntropy) {
                lo = beta;
                beta = Double.isInfinite(hi) ? beta * 2 : (beta + hi) / 2;
            } else {
                hi = beta;
                beta = (beta + lo) / 2;
            }
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            double e = j == i ? 0 : Math.exp(-beta * (d2[i * n + j] - minD));
            out[i * n + j] = e;
            sum += e;
        }
        for (int j = 0; j < n; j++) {
            out[i * n + j] /= sum;
        }
    }

    /** dC/dy_i = 4 sum_j (e p_ij - q_ij) (y_i - y_j) / (1 + |y_i - y_j|^2), with q = w / Z. */
    private static void gradient(double[] p, double[] y, int n, double exaggeration, double[] w, double[] rowSums,
                                 double[] gradient) {
        IntStream.range(0, n).parallel().forEach(i -> {
            double s = 0;
            double yi0 = y[2 * i], yi1 = y[2 * i + 1];
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    w[i * n + j] = 0;
                    continue;
                }
                double a = yi0 - y[2 * j], b = yi1 - y[2 * j + 1];
                double v = 1 / (1 + a * a + b * b);
                w[i * n + j] = v;
                s += v;
            }
            rowSums[i] = s;
        });
        double z = 0;
        for (double s : rowSums) {
            z += s;
        }
        double invZ = 1 / z;
        IntStream.range(0, n).parallel().forEach(i -> {
            double g0 = 0, g1 = 0;
            double yi0 = y[2 * i], yi1 = y[2 * i + 1];
            for (int j = 0; j < n; j++) {
                double v = w[i * n + j];
                double m = (exaggeration * p[i * n + j] - v * invZ) * v;
                g0 += m * (yi0 - y[2 * j]);
                g1 += m * (yi1 - y[2 * j + 1]);
            }
            gradient[2 * i] = 4 * g0;
            gradient[2 * i + 1] = 4 * g1;
        });
    }

    private static double klDivergence(double[] p, double[] y, int n) {
        double z = 0;
        double[] w = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    double a = y[2 * i] - y[2 * j], b = y[2 * i + 1] - y[2 * j + 1];
                    w[i * n + j] = 1 / (1 + a * a + b * b);
                    z += w[i * n + j];
                }
            }
        }
        double kl = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j && p[i * n + j] > 0) {
                    kl += p[i * n + j] * Math.log(p[i * n + j] / (w[i * n + j] / z));
                }
            }
        }
        return kl;
    }

    private static void centre(double[] y, int n) {
        for (int d = 0; d < DIMENSIONS; d++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += y[i * DIMENSIONS + d];
            }
            mean /= n;
            for (int i = 0; i < n; i++) {
                y[i * DIMENSIONS + d] -= mean;
            }
        }
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble(), v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
