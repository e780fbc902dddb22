package io.github.cellinr.eval;

import java.util.Arrays;

/**
 * Descriptive statistics of a sample: count, mean, standard deviation (n - 1) and quartiles.
 *
 * <p>Quantiles interpolate linearly between order statistics at position (n - 1) p (Hyndman and Fan's
 * type 7, the default of R and NumPy), so the inter-quartile range of [1, 2, 3, 4] is [1.75, 3.25].
 */
public record Summary(int count, double mean, double std, double min, double q1, double median, double q3,
                      double max) {

    /** Summary of the finite values of {@code values} (NaN are skipped); all NaN when none is finite. */
    public static Summary of(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        int n = v.length;
        if (n == 0) {
            return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN);
        }
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        double mean = sum / n, ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        double std = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
        return new Summary(n, mean, std, v[0], quantileOfSorted(v, 0.25), quantileOfSorted(v, 0.5),
                quantileOfSorted(v, 0.75), v[n - 1]);
    }

    /** Type-7 quantile of sorted values. */
    public static double quantileOfSorted(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    public double iqr() {
        return q3 - q1;
    }
}
