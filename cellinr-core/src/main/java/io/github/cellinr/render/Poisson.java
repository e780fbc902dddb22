package io.github.cellinr.render;

import java.util.SplittableRandom;
import org.apache.commons.math3.special.Gamma;

/**
 * Exact Poisson sampling for any mean: inversion by sequential search below a mean of 10, and above it the
 * PTRS transformed-rejection sampler of W. Hoermann, "The transformed rejection method for generating Poisson
 * random variables", Insurance: Mathematics and Economics 12 (1993) 39-45, which is exact (not a normal
 * approximation) and takes about one uniform pair per sample.
 */
final class Poisson {
    private static final double INVERSION_BELOW = 10;

    private Poisson() {
    }

    static long sample(double mean, SplittableRandom random) {
        if (!(mean > 0)) {
            return 0;
        }
        return mean < INVERSION_BELOW ? inversion(mean, random) : ptrs(mean, random);
    }

    private static long inversion(double mean, SplittableRandom random) {
        double u = random.nextDouble();
        double p = Math.exp(-mean);
        double cumulative = p;
        long k = 0;
        while (u > cumulative && k < 1000) {
            k++;
            p *= mean / k;
            cumulative += p;
        }
        return k;
    }

    private static long ptrs(double mean, SplittableRandom random) {
        double sqrtMean = Math.sqrt(mean);
        double logMean = Math.log(mean);
        double b = 0.931 + 2.53 * sqrtMean;
        double a = -0.059 + 0.02483 * b;
        double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = random.nextDouble() - 0.5;
            double v = random.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr) {
                return k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b)
                    <= -mean + k * logMean - Gamma.logGamma(k + 1.0)) {
                return k;
            }
        }
    }
}
