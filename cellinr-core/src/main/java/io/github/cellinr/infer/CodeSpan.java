package io.github.cellinr.infer;

import io.github.cellinr.core.CellInrException;

/**
 * The geometry of a set of learned latent codes: their mean, their principal axes and variances (the
 * eigen-decomposition of their sample covariance, at most n - 1 axes for n codes), and each code's distance to
 * its nearest other code. A model has a few dozen codes of 64 dimensions, so the covariance is computed through
 * the n x n Gram matrix of the centred codes, never as a d x d matrix.
 *
 * <p>It serves two purposes: the low-rank Gaussian of the {@code ppca} sampler, and the support check of every
 * sampler ({@link #contains}): is a drawn code as close to the learned codes as they are to each other, and does
 * it stay in the subspace they span?
 */
public final class CodeSpan {
    /**
     * How far off the codes' span a code may lie, relative to the codes' RMS distance from their mean, and still
     * count as inside their support. An isotropic Gaussian with the codes' spread lies about 1.0 off it in 64
     * dimensions (almost all of its variance is in directions no code explored); the {@code ppca} floor about 0.1.
     */
    public static final double OFF_SPAN_TOLERANCE = 0.25;
    /** Eigenvalues below this fraction of the total variance are numerical noise, not axes. */
    private static final double RANK_TOLERANCE = 1e-9;

    private final double[][] codes;
    private final double[] mean;
    private final double[][] axes;       // unit principal directions, one per row
    private final double[] variances;    // sample variance along each axis (divisor n - 1)
    private final double rmsRadius;      // sqrt(mean over codes of |c - mean|^2)
    private final double[] nearest;      // each code's distance to its nearest other code
    private final double nearestMax;

    private CodeSpan(double[][] codes, double[] mean, double[][] axes, double[] variances, double rmsRadius,
                     double[] nearest) {
        this.codes = codes;
        this.mean = mean;
        this.axes = axes;
        this.variances = variances;
        this.rmsRadius = rmsRadius;
        this.nearest = nearest;
        double m = 0;
        for (double v : nearest) {
            m = Math.max(m, v);
        }
        this.nearestMax = m;
    }

    /** The span of {@code codes} (n codes of d dimensions, n >= 1). */
    public static CodeSpan of(double[][] codes) {
        int n = codes.length;
        if (n == 0) {
            throw CellInrException.of("no learned codes to describe");
        }
        int d = codes[0].length;
        double[] mean = new double[d];
        for (double[] c : codes) {
            for (int j = 0; j < d; j++) {
                mean[j] += c[j] / n;
            }
        }
        double[][] x = new double[n][d];
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = codes[i][j] - mean[j];
                total += x[i][j] * x[i][j];
            }
        }
        double[][] gram = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = a; b < n; b++) {
                double s = dot(x[a], x[b]);
                gram[a][b] = s;
                gram[b][a] = s;
            }
        }
        double[][] vectors = new double[n][n];
        double[] eigen = Jacobi.eigen(gram, vectors);
        int rank = 0;
        for (double e : eigen) {
            if (e > RANK_TOLERANCE * total && n > 1) {
                rank++;
            }
        }
        double[][] axes = new double[rank][];
        double[] variances = new double[rank];
        int k = 0;
        for (int e = 0; e < n && k < rank; e++) {
            if (!(eigen[e] > RANK_TOLERANCE * total)) {
                continue;
            }
            // axis = X^T v / sqrt(mu): unit length because |X^T v|^2 = v^T G v = mu
            double[] u = new double[d];
            double scale = 1 / Math.sqrt(eigen[e]);
            for (int i = 0; i < n; i++) {
                double w = vectors[i][e] * scale;
                for (int j = 0; j < d; j++) {
                    u[j] += w * x[i][j];
                }
            }
            axes[k] = u;
            variances[k] = eigen[e] / (n - 1);
            k++;
        }
        double[] nearest = new double[n];
        for (int a = 0; a < n; a++) {
            double best = n == 1 ? 0 : Double.POSITIVE_INFINITY;
            for (int b = 0; b < n; b++) {
                if (a != b) {
                    best = Math.min(best, distance(codes[a], codes[b]));
                }
            }
            nearest[a] = best;
        }
        double[][] copy = new double[n][];
        for (int i = 0; i < n; i++) {
            copy[i] = codes[i].clone();
        }
        return new CodeSpan(copy, mean, axes, variances, Math.sqrt(total / n), nearest);
    }

    /** Number of codes. */
    public int size() {
        return codes.length;
    }

    public int dimension() {
        return mean.length;
    }

    public double[] mean() {
        return mean.clone();
    }

    /** Number of principal axes with non-zero variance (at most n - 1). */
    public int rank() {
        return axes.length;
    }

    /** Unit principal direction {@code k} (largest variance first). */
    public double[] axis(int k) {
        return axes[k].clone();
    }

    /** Sample variance (divisor n - 1) of the codes along axis {@code k}. */
    public double variance(int k) {
        return variances[k];
    }

    /** The codes' RMS distance from their mean. */
    public double rmsRadius() {
        return rmsRadius;
    }

    /** The codes' variance per dimension, pooled over all d dimensions (divisor n). */
    public double pooledVariance() {
        return rmsRadius * rmsRadius / mean.length;
    }

    /** Learned code {@code i}. */
    public double[] code(int i) {
        return codes[i].clone();
    }

    /** The indices of the {@code k} codes nearest to code {@code i} (itself excluded), nearest first. */
    public int[] neighbours(int i, int k) {
        int n = codes.length;
        int m = Math.min(k, n - 1);
        Integer[] order = new Integer[n];
        double[] dist = new double[n];
        for (int j = 0; j < n; j++) {
            order[j] = j;
            dist[j] = j == i ? Double.POSITIVE_INFINITY : distance(codes[i], codes[j]);
        }
        java.util.Arrays.sort(order, (a, b) -> a.equals(b) ? 0 : dist[a] != dist[b] ? Double.compare(dist[a],
                dist[b]) : Integer.compare(a, b));
        int[] out = new int[m];
        for (int j = 0; j < m; j++) {
            out[j] = order[j];
        }
        return out;
    }

    /** Euclidean distance from {@code z} to the nearest learned code. */
    public double nearestDistance(double[] z) {
        double best = Double.POSITIVE_INFINITY;
        for (double[] c : codes) {
            best = Math.min(best, distance(z, c));
        }
        return best;
    }

    /**
     * The distance from {@code z} to the nearest learned code divided by the largest distance of a learned code to
     * its nearest other code: at most 1 when {@code z} is no more isolated than the most isolated learned code.
     * Infinite for a single code (there is no spread to compare with) unless {@code z} is that code.
     */
    public double relativeNearestDistance(double[] z) {
        double d = nearestDistance(z);
        return nearestMax > 0 ? d / nearestMax : d == 0 ? 0 : Double.POSITIVE_INFINITY;
    }

    /** The length of {@code z - mean} outside the codes' span, relative to the codes' RMS radius. */
    public double offSpan(double[] z) {
        double[] r = new double[mean.length];
        for (int j = 0; j < r.length; j++) {
            r[j] = z[j] - mean[j];
        }
        for (double[] u : axes) {
            double p = dot(r, u);
            for (int j = 0; j < r.length; j++) {
                r[j] -= p * u[j];
            }
        }
        double len = Math.sqrt(dot(r, r));
        return rmsRadius > 0 ? len / rmsRadius : len == 0 ? 0 : Double.POSITIVE_INFINITY;
    }

    /**
     * Whether {@code z} lies within the learned codes' support: no farther from its nearest learned code than the
     * most isolated code is from its nearest other ({@link #relativeNearestDistance} at most 1) and at most
     * {@link #OFF_SPAN_TOLERANCE} of the codes' RMS radius off the subspace they span.
     */
    public boolean contains(double[] z) {
        return relativeNearestDistance(z) <= 1 + 1e-9 && offSpan(z) <= OFF_SPAN_TOLERANCE;
    }

    /** {@link #contains} for a float code. */
    public boolean contains(float[] z) {
        return contains(toDouble(z));
    }

    static double[] toDouble(float[] z) {
        double[] x = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            x[i] = z[i];
        }
        return x;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    static double distance(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double e = a[j] - b[j];
            s += e * e;
        }
        return Math.sqrt(s);
    }

    /** Cyclic Jacobi eigen-decomposition of a small symmetric matrix. */
    static final class Jacobi {
        private Jacobi() {
        }

        /**
         * Eigenvalues of the symmetric {@code a} (not modified), largest first; the eigenvectors go into the
         * columns of {@code vectors} in the same order.
         */
        static double[] eigen(double[][] a, double[][] vectors) {
            int n = a.length;
            double[][] m = new double[n][];
            for (int i = 0; i < n; i++) {
                m[i] = a[i].clone();
            }
            double[][] v = new double[n][n];
            for (int i = 0; i < n; i++) {
                v[i][i] = 1;
            }
            for (int sweep = 0; sweep < 100; sweep++) {
                double off = 0;
                double diag = 0;
                for (int p = 0; p < n; p++) {
                    diag += m[p][p] * m[p][p];
                    for (int q = p + 1; q < n; q++) {
                        off += m[p][q] * m[p][q];
                    }
                }
                if (off <= 1e-30 * Math.max(diag, Double.MIN_NORMAL)) {
                    break;
                }
                for (int p = 0; p < n; p++) {
                    for (int q = p + 1; q < n; q++) {
                        if (m[p][q] == 0) {
                            continue;
                        }
                        double theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
                        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                        if (theta == 0) {
                            t = 1;
                        }
                        double c = 1 / Math.sqrt(t * t + 1);
                        double s = t * c;
                        for (int k = 0; k < n; k++) {
                            double mkp = m[k][p];
                            double mkq = m[k][q];
                            m[k][p] = c * mkp - s * mkq;
                            m[k][q] = s * mkp + c * mkq;
                        }
                        for (int k = 0; k < n; k++) {
                            double mpk = m[p][k];
                            double mqk = m[q][k];
                            m[p][k] = c * mpk - s * mqk;
                            m[q][k] = s * mpk + c * mqk;
                        }
                        for (int k = 0; k < n; k++) {
                            double vkp = v[k][p];
                            double vkq = v[k][q];
                            v[k][p] = c * vkp - s * vkq;
                            v[k][q] = s * vkp + c * vkq;
                        }
                    }
                }
            }
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (x, y) -> Double.compare(m[y][y], m[x][x]));
            double[] values = new double[n];
            for (int e = 0; e < n; e++) {
                values[e] = m[order[e]][order[e]];
                for (int i = 0; i < n; i++) {
                    vectors[i][e] = v[i][order[e]];
                }
            }
            return values;
        }
    }
}
