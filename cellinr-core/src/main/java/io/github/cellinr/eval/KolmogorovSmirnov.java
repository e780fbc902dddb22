package io.github.cellinr.eval;

import java.util.Arrays;
import org.apache.commons.math3.exception.MathInternalError;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * The two-sample Kolmogorov-Smirnov test of the paper's Table 1 (commons-math3): the statistic
 * D = sup |F_a - F_b| and the two-sided p-value P(D >= d) under the null hypothesis that both samples come
 * from one continuous distribution. Exact (Simard and L'Ecuyer's recursion) while n m < 10 000, Smirnov's
 * asymptotic distribution beyond.
 *
 * <p>commons-math3 breaks ties in small samples by random jitter; the jitter is drawn from the given seed,
 * so results are reproducible. Its one-argument-pair method returns P(D > d), which is not a p-value for
 * a discrete statistic (two completely separated samples of three would get 0); this class asks for
 * P(D >= d).
 */
public final class KolmogorovSmirnov {
    private KolmogorovSmirnov() {
    }

    /**
     * @param statistic D, the largest distance between the two empirical distribution functions
     * @param pValue    P(D >= statistic) under the null hypothesis
     * @param n         size of the first sample
     * @param m         size of the second
     */
    public record Result(double statistic, double pValue, int n, int m) {
    }

    /**
     * Tests the finite values of two samples (NaN are dropped); NaN results when either has fewer than two
     * values (a single value has no distribution to compare).
     */
    public static Result test(double[] a, double[] b, long seed) {
        double[] x = Arrays.stream(a).filter(Double::isFinite).toArray();
        double[] y = Arrays.stream(b).filter(Double::isFinite).toArray();
        if (x.length < 2 || y.length < 2) {
            return new Result(Double.NaN, Double.NaN, x.length, y.length);
        }
        KolmogorovSmirnovTest test = new KolmogorovSmirnovTest(new Well19937c(seed));
        double d = test.kolmogorovSmirnovStatistic(x, y);
        if (d == 0) {
            return new Result(0, 1, x.length, y.length); // the same empirical distribution, ties or not
        }
        double p;
        try {
            p = test.kolmogorovSmirnovTest(x, y, false);
        } catch (MathInternalError e) {
            // commons-math3's tie-breaking jitter can fail to separate ties (equal values whose jittered copies
            // still meet, e.g. many equal values); the p-value of the statistic itself, ties kept, is then the
            // answer: exact for small samples, Smirnov's asymptotic beyond, as the library does
            p = (long) x.length * y.length < 10_000 ? test.exactP(d, x.length, y.length, false)
                    : test.approximateP(d, x.length, y.length);
        }
        return new Result(d, Math.min(1.0, Math.max(0.0, p)), x.length, y.length);
    }
}
