package io.github.cellinr.phantom;

import java.util.SplittableRandom;

/**
 * A smooth random function on the unit sphere that changes over time: a sum of the monomials
 * {@code x^i y^j z^k} of degrees 2 to {@code maxDegree} restricted to the sphere (they span the spherical
 * harmonics of those degrees and the lower even ones), with coefficients {@code a + b sin(2 pi f tau + phi)}.
 * Higher degrees get smaller weights, so the shape is a low-order, harmonic-like deformation. Scaled so the
 * root mean square over the sphere at tau = 0 equals the requested amplitude, then soft-limited by
 * {@code limit * tanh(m / limit)} so a radius {@code R exp(m)} stays positive and bounded.
 */
final class SphericalModulation {
    private final int[][] exponents;
    private final double[] constant;
    private final double[] oscillation;
    private final double[] frequency;
    private final double[] phase;
    private final double limit;

    SphericalModulation(SplittableRandom random, int maxDegree, double rms, double deformation, double limit) {
        this.exponents = monomials(maxDegree);
        int n = exponents.length;
        this.constant = new double[n];
        this.oscillation = new double[n];
        this.frequency = new double[n];
        this.phase = new double[n];
        this.limit = limit;
        for (int j = 0; j < n; j++) {
            int degree = exponents[j][0] + exponents[j][1] + exponents[j][2];
            double weight = Math.pow(degree - 1, -1.5);
            constant[j] = gaussian(random) * weight;
            oscillation[j] = gaussian(random) * weight * deformation;
            frequency[j] = 0.25 + 0.75 * random.nextDouble(); // cycles over the whole sequence
            phase[j] = 2 * Math.PI * random.nextDouble();
        }
        double measured = rmsAt(0.0);
        double scale = measured > 0 ? rms / measured : 0;
        for (int j = 0; j < n; j++) {
            constant[j] *= scale;
            oscillation[j] *= scale;
        }
    }

    /** The bound of |m|: radii stay within {@code R exp(+-limit)}. */
    double limit() {
        return limit;
    }

    /** Coefficients at normalised time {@code tau} in [0, 1], for {@link #evaluate}. */
    double[] coefficients(double tau) {
        double[] c = new double[exponents.length];
        for (int j = 0; j < c.length; j++) {
            c[j] = constant[j] + oscillation[j] * Math.sin(2 * Math.PI * frequency[j] * tau + phase[j]);
        }
        return c;
    }

    /**
     * The soft-limited modulation at unit direction (ux, uy, uz); {@code powers} is caller-owned scratch
     * of {@link #SCRATCH} doubles (the rasteriser calls this once per voxel near the surface).
     */
    double evaluate(double[] coefficients, double ux, double uy, double uz, double[] powers) {
        powers[0] = 1;
        powers[5] = 1;
        powers[10] = 1;
        for (int k = 1; k <= 4; k++) {
            powers[k] = powers[k - 1] * ux;
            powers[5 + k] = powers[4 + k] * uy;
            powers[10 + k] = powers[9 + k] * uz;
        }
        double m = 0;
        for (int j = 0; j < coefficients.length; j++) {
            int[] e = exponents[j];
            m += coefficients[j] * powers[e[0]] * powers[5 + e[1]] * powers[10 + e[2]];
        }
        return limit * Math.tanh(m / limit);
    }

    /** Size of the scratch array {@link #evaluate} needs. */
    static final int SCRATCH = 15;

    private double rmsAt(double tau) {
        double[] c = coefficients(tau);
        double[] u = new double[3];
        int samples = 256;
        double sum = 0;
        for (int i = 0; i < samples; i++) {
            fibonacciDirection(i, samples, u);
            double m = 0;
            for (int j = 0; j < c.length; j++) {
                int[] e = exponents[j];
                m += c[j] * Math.pow(u[0], e[0]) * Math.pow(u[1], e[1]) * Math.pow(u[2], e[2]);
            }
            sum += m * m;
        }
        return Math.sqrt(sum / samples);
    }

    /** Nearly uniform directions on the sphere (golden-angle spiral). */
    static void fibonacciDirection(int i, int n, double[] out) {
        double z = 1 - (2 * i + 1.0) / n;
        double r = Math.sqrt(1 - z * z);
        double angle = i * Math.PI * (3 - Math.sqrt(5));
        out[0] = r * Math.cos(angle);
        out[1] = r * Math.sin(angle);
        out[2] = z;
    }

    private static int[][] monomials(int maxDegree) {
        if (maxDegree < 2 || maxDegree > 4) {
            throw new IllegalArgumentException("degree 2..4, got " + maxDegree);
        }
        java.util.List<int[]> list = new java.util.ArrayList<>();
        for (int d = 2; d <= maxDegree; d++) {
            for (int i = d; i >= 0; i--) {
                for (int j = d - i; j >= 0; j--) {
                    list.add(new int[] {i, j, d - i - j});
                }
            }
        }
        return list.toArray(new int[0][]);
    }

    static double gaussian(SplittableRandom random) {
        // Box-Muller from the stream itself, so results do not depend on java.util.Random internals
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** A uniformly random unit vector. */
    static double[] randomDirection(SplittableRandom random) {
        double z = 2 * random.nextDouble() - 1;
        double a = 2 * Math.PI * random.nextDouble();
        double r = Math.sqrt(1 - z * z);
        return new double[] {r * Math.cos(a), r * Math.sin(a), z};
    }

    static double uniform(SplittableRandom random, double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }
}
