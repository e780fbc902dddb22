package io.github.cellinr.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CameraTest {

    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.7, 3.0, 9.99, 10.0, 42.0, 800.0, 1.0e5})
    void poissonMeanAndVarianceEqualTheMean(double mean) {
        SplittableRandom random = new SplittableRandom(Double.doubleToLongBits(mean));
        int n = 400_000;
        double sum = 0;
        double sum2 = 0;
        for (int i = 0; i < n; i++) {
            long k = Poisson.sample(mean, random);
            assertTrue(k >= 0);
            sum += k;
            sum2 += (double) k * k;
        }
        double m = sum / n;
        double var = sum2 / n - m * m;
        // 5 standard errors of the sample mean and variance
        assertEquals(mean, m, 5 * Math.sqrt(mean / n));
        assertEquals(mean, var, 5 * Math.sqrt((2 * mean * mean + mean) / n) + 1e-9);
    }

    /** Both samplers reproduce the Poisson probabilities, not just its moments (chi-square, df < 40). */
    @ParameterizedTest
    @ValueSource(doubles = {2.5, 9.5, 10.5, 30.0, 250.0})
    void poissonFrequenciesMatchTheDistribution(double mean) {
        SplittableRandom random = new SplittableRandom(7);
        int n = 200_000;
        PoissonDistribution reference = new PoissonDistribution(mean);
        int lo = (int) Math.max(0, Math.floor(mean - 4 * Math.sqrt(mean)));
        int hi = (int) Math.ceil(mean + 4 * Math.sqrt(mean));
        int bins = hi - lo + 1;
        long[] counts = new long[bins + 2];
        for (int i = 0; i < n; i++) {
            long k = Poisson.sample(mean, random);
            counts[k < lo ? 0 : k > hi ? bins + 1 : (int) (k - lo + 1)]++;
        }
        double chi2 = 0;
        int df = -1;
        for (int b = 0; b < bins + 2; b++) {
            double p = b == 0 ? reference.cumulativeProbability(lo - 1)
                    : b == bins + 1 ? 1 - reference.cumulativeProbability(hi)
                    : reference.probability(lo + b - 1);
            double expected = p * n;
            if (expected < 5) {
                continue;
            }
            chi2 += (counts[b] - expected) * (counts[b] - expected) / expected;
            df++;
        }
        // mean + 5 sd of a chi-square with df degrees of freedom
        assertTrue(chi2 < df + 5 * Math.sqrt(2.0 * df), "chi2 " + chi2 + " with " + df + " df");
    }

    /**
     * mean = g (s + b) + offset and variance = g^2 (s + b) + (g read)^2 + 1/12. The mean is checked on its signal
     * part g (s + b) alone, within 5 standard errors of the sample mean: a tolerance relative to the whole mean
     * would include the offset (38 % of the signal in one case below) and let a wrong gain pass. The variance
     * is checked within 2 %.
     */
    @ParameterizedTest
    @CsvSource({
        // signal, background, read (e-), gain (ADU/e-), offset, bits
        "200, 20, 1.5, 1.0, 100, 16",
        "5, 2, 3.0, 2.2, 100, 16",
        "5000, 100, 6.0, 0.25, 500, 16",
        "40, 10, 2.0, 1.5, 10, 8",
        "0.5, 0.2, 0.8, 4.0, 50, 16",
    })
    void flatFieldFollowsThePoissonGaussianModel(double signal, double background, double read, double gain,
                                                 double offset, int bits) {
        Camera camera = new Camera(signal, background, read, gain, offset, bits, 0);
        int n = 500_000;
        float[] density = new float[n];
        java.util.Arrays.fill(density, 1f);
        float[] adu = new float[n];
        int saturated = camera.expose(density, adu, 0, n, new SplittableRandom(11));
        assertEquals(0, saturated);
        double sum = 0;
        double sum2 = 0;
        for (float a : adu) {
            sum += a;
            sum2 += (double) a * a;
        }
        double mean = sum / n;
        double var = sum2 / n - mean * mean;
        double electrons = signal + background;
        double expectedSignal = gain * electrons;
        double expectedVar = gain * gain * electrons + gain * gain * read * read + 1.0 / 12;
        double standardError = Math.sqrt(expectedVar / n);
        assertTrue(5 * standardError < 0.02 * expectedSignal, "the check resolves 2 % of the signal");
        assertEquals(expectedSignal, mean - offset, 5 * standardError, "signal part of the mean");
        assertEquals(expectedVar, var, 0.02 * expectedVar);
    }

    @ParameterizedTest
    @CsvSource({"8, 255", "16, 65535"})
    void valuesClipToTheBitDepth(int bits, int max) {
        Camera camera = new Camera(1e7, 0, 0, 1, 0, bits, 0);
        float[] adu = new float[1000];
        float[] density = new float[1000];
        java.util.Arrays.fill(density, 1f);
        int saturated = camera.expose(density, adu, 0, 1000, new SplittableRandom(1));
        assertEquals(1000, saturated);
        for (float a : adu) {
            assertEquals(max, a);
        }
    }

    @org.junit.jupiter.api.Test
    void signalForSnrInvertsTheSnrDefinition() {
        Camera camera = new Camera(1, 30, 2, 1.7, 100, 16, 0);
        double density = 0.8;
        double signal = camera.signalForSnr(6, density);
        double stdBackground = Math.sqrt(1.7 * 1.7 * (30 + 4) + 1.0 / 12);
        assertEquals(6, 1.7 * signal * density / stdBackground, 1e-12);
    }
}
