package io.github.cellinr.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.VoxelSize;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatisticsTest {

    // ---- Kolmogorov-Smirnov ----

    /**
     * Two completely separated samples: D = 1, and under the null hypothesis each of the C(n+m, n)
     * orderings is equally likely, two of which separate them: p = 2 / C(n+m, n). This is the corner
     * entry of every table of the exact two-sample distribution (3 and 3: 0.100; 5 and 5: 2/252 = 0.00794).
     */
    @Test
    void ksCompletelySeparatedSamplesHaveTheTextbookExactPValue() {
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(new double[] {1.2, 2.5, 3.1}, new double[] {4, 5.5, 6}, 1);
        assertEquals(1.0, r.statistic(), 1e-12);
        assertEquals(0.1, r.pValue(), 1e-10);
        KolmogorovSmirnov.Result five = KolmogorovSmirnov.test(new double[] {10, 11, 12, 13, 14},
                new double[] {1, 2, 3, 4, 5}, 1);
        assertEquals(2.0 / 252, five.pValue(), 1e-10);
    }

    /** The exact p-value equals the permutation distribution counted over all C(13, 6) = 1716 splits. */
    @ParameterizedTest
    @ValueSource(longs = {3, 4, 5, 6, 7})
    void ksExactPValueEqualsFullEnumeration(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = 6, m = 7;
        double[] x = new double[n], y = new double[m];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextDouble();
        }
        for (int i = 0; i < m; i++) {
            y[i] = random.nextDouble() + 0.3 * seed / 7;
        }
        double[] pooled = new double[n + m];
        System.arraycopy(x, 0, pooled, 0, n);
        System.arraycopy(y, 0, pooled, n, m);
        int observed = scaledStatistic(x, y);
        int atLeast = 0, total = 0;
        for (int mask = 0; mask < 1 << (n + m); mask++) {
            if (Integer.bitCount(mask) != n) {
                continue;
            }
            double[] a = new double[n], b = new double[m];
            int ia = 0, ib = 0;
            for (int k = 0; k < n + m; k++) {
                if ((mask & (1 << k)) != 0) {
                    a[ia++] = pooled[k];
                } else {
                    b[ib++] = pooled[k];
                }
            }
            total++;
            if (scaledStatistic(a, b) >= observed) {
                atLeast++;
            }
        }
        assertEquals(1716, total);
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(x, y, 1);
        assertEquals(observed / (double) (n * m), r.statistic(), 1e-12);
        assertEquals((double) atLeast / total, r.pValue(), 1e-9);
    }

    /** n m D, an integer: the largest gap between the two empirical CDFs counted in steps of 1/(n m). */
    private static int scaledStatistic(double[] a, double[] b) {
        double[] sa = a.clone(), sb = b.clone();
        Arrays.sort(sa);
        Arrays.sort(sb);
        int i = 0, j = 0, best = 0;
        while (i < sa.length || j < sb.length) {
            double v = Math.min(i < sa.length ? sa[i] : Double.MAX_VALUE, j < sb.length ? sb[j] : Double.MAX_VALUE);
            while (i < sa.length && sa[i] == v) {
                i++;
            }
            while (j < sb.length && sb[j] == v) {
                j++;
            }
            best = Math.max(best, Math.abs(i * sb.length - j * sa.length));
        }
        return best;
    }

    /** Large samples use Smirnov's limit Q(t) = 2 sum (-1)^(k-1) exp(-2 k^2 t^2), t = D sqrt(nm/(n+m)). */
    @Test
    void ksLargeSamplesFollowTheAsymptoticDistribution() {
        SplittableRandom random = new SplittableRandom(9);
        double[] x = new double[150], y = new double[120];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble();
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = random.nextDouble() * 1.2;
        }
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(x, y, 1);
        double t = r.statistic() * Math.sqrt(150.0 * 120 / 270);
        double q = 0;
        for (int k = 1; k < 100; k++) {
            q += 2 * Math.pow(-1, k - 1) * Math.exp(-2.0 * k * k * t * t);
        }
        assertEquals(q, r.pValue(), 1e-6);
        assertEquals(scaledStatistic(x, y) / (150.0 * 120), r.statistic(), 1e-12);
    }

    @Test
    void ksIdenticalSamplesAndMissingValues() {
        double[] a = {1, 2, 3, 4, 5, Double.NaN};
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(a, a, 5);
        assertEquals(5, r.n());
        assertEquals(1.0, r.pValue(), 1e-9);
        assertTrue(Double.isNaN(KolmogorovSmirnov.test(new double[0], a, 1).pValue()));
    }

    // ---- Summary ----

    @Test
    void quartilesFollowTheType7Rule() {
        Summary s = Summary.of(new double[] {4, 1, 3, 2, Double.NaN});
        assertEquals(4, s.count());
        assertEquals(2.5, s.mean(), 1e-12);
        assertEquals(1.75, s.q1(), 1e-12);
        assertEquals(2.5, s.median(), 1e-12);
        assertEquals(3.25, s.q3(), 1e-12);
        assertEquals(Math.sqrt(5.0 / 3), s.std(), 1e-12);
        assertEquals(1, s.min());
        assertEquals(4, s.max());
        Summary one = Summary.of(new double[] {7});
        assertEquals(7, one.q1());
        assertEquals(0, one.std());
        assertTrue(Double.isNaN(Summary.of(new double[0]).mean()));
    }

    // ---- Dice ----

    @Test
    void diceCountsOverlap() {
        Dimensions d = new Dimensions(2, 3, 4);
        LabelVolume a = LabelVolume.empty(d, VoxelSize.UNIT), b = LabelVolume.empty(d, VoxelSize.UNIT);
        for (int x = 0; x < 4; x++) {
            a.set(0, 0, x, 3);
        }
        b.set(0, 0, 0, 9);
        b.set(0, 0, 1, 1);
        b.set(1, 2, 3, 1);
        Dice.Overlap o = Dice.overlap(a, b);
        assertEquals(new Dice.Overlap(4, 3, 2), o);
        assertEquals(4.0 / 7, o.dice(), 1e-12);
        assertEquals(1.0, Dice.coefficient(LabelVolume.empty(d, VoxelSize.UNIT), LabelVolume.empty(d, VoxelSize.UNIT)));
    }

    /** A mask and its 2x nearest-neighbour upsampling agree perfectly; any other shift costs. */
    @Test
    void diceUpsamplesTheSmallerGridByNearestNeighbour() {
        SplittableRandom random = new SplittableRandom(2);
        Dimensions small = new Dimensions(5, 6, 7), big = new Dimensions(10, 12, 21);
        LabelVolume a = LabelVolume.empty(small, VoxelSize.isotropic(2));
        for (int i = 0; i < a.labels().length; i++) {
            a.labels()[i] = random.nextDouble() < 0.4 ? 1 : 0;
        }
        LabelVolume up = LabelVolume.empty(big, VoxelSize.isotropic(1));
        for (int z = 0; z < 10; z++) {
            for (int y = 0; y < 12; y++) {
                for (int x = 0; x < 21; x++) {
                    up.set(z, y, x, a.get(z / 2, y / 2, x / 3));
                }
            }
        }
        assertEquals(1.0, Dice.coefficient(a, up), 1e-12);
        assertEquals(1.0, Dice.coefficient(up, a), 1e-12);
        Dice.Overlap o = Dice.overlap(a, up);
        long count = Arrays.stream(a.labels()).filter(l -> l != 0).count();
        assertEquals(count * 2 * 2 * 3, o.a());
        up.set(0, 0, 0, up.get(0, 0, 0) == 0 ? 1 : 0);
        assertTrue(Dice.coefficient(a, up) < 1.0);
    }

    @Test
    void nearestNeighbourMapsCentres() {
        assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2}, Dice.nearest(3, 6));
        assertArrayEquals(new int[] {0, 1, 1, 2}, Dice.nearest(3, 4)); // centres 0.375, 1.125, 1.875, 2.625
        assertArrayEquals(new int[] {0, 1, 2}, Dice.nearest(3, 3));
    }

    // ---- PCA ----

    /** Samples of N(0, R diag(9, 4, 1, 0.25) R^T): the ratios 9, 4, 1, 0.25 over 14.25, along R's columns. */
    @Test
    void pcaRecoversAKnownCovariance() {
        SplittableRandom random = new SplittableRandom(11);
        double[] sd = {3, 2, 1, 0.5};
        double[][] rot = randomRotation(4, random);
        int n = 20000;
        double[][] codes = new double[n][4];
        for (int i = 0; i < n; i++) {
            double[] latent = new double[4];
            for (int k = 0; k < 4; k++) {
                latent[k] = sd[k] * gaussian(random);
            }
            for (int r = 0; r < 4; r++) {
                double s = 5.0 * r; // a mean the PCA must remove
                for (int k = 0; k < 4; k++) {
                    s += rot[r][k] * latent[k];
                }
                codes[i][r] = s;
            }
        }
        Pca pca = Pca.of(codes);
        double total = 9 + 4 + 1 + 0.25;
        double[] expected = {9 / total, 4 / total, 1 / total, 0.25 / total};
        for (int k = 0; k < 4; k++) {
            assertEquals(expected[k], pca.explainedVarianceRatio()[k], 0.01, "component " + k);
            double dot = 0;
            for (int r = 0; r < 4; r++) {
                dot += pca.components()[k][r] * rot[r][k];
            }
            assertEquals(1.0, Math.abs(dot), 0.01, "direction of component " + k);
        }
        assertEquals(9, pca.variances()[0], 0.3);
        assertEquals(1.0, pca.cumulativeRatio()[3], 1e-12);
        assertEquals(2, pca.componentsFor(0.9)); // 13 / 14.25 = 0.912
        assertEquals(10.0, pca.mean()[2], 0.1);
    }

    /** Codes that live in a 3-dimensional subspace of a 16-dimensional space: 3 components carry all. */
    @Test
    void pcaOfLowRankCodes() {
        SplittableRandom random = new SplittableRandom(5);
        double[][] basis = new double[3][16];
        for (double[] b : basis) {
            for (int j = 0; j < 16; j++) {
                b[j] = gaussian(random);
            }
        }
        double[][] codes = new double[40][16];
        for (double[] c : codes) {
            for (double[] b : basis) {
                double w = gaussian(random);
                for (int j = 0; j < 16; j++) {
                    c[j] += w * b[j];
                }
            }
        }
        Pca pca = Pca.of(codes);
        assertEquals(1.0, pca.cumulativeRatio()[2], 1e-9);
        assertEquals(3, pca.componentsFor(0.999));
    }

    // ---- nearest centroid ----

    @Test
    void nearestCentroidAndLeaveOneOut() {
        double[][] p = {{0, 0}, {0, 1}, {1, 0}, {10, 10}, {10, 11}, {0.4, 0.4}};
        List<String> labels = List.of("a", "a", "a", "b", "b", "b");
        NearestCentroid c = NearestCentroid.fit(p, labels);
        assertEquals(List.of("a", "b"), c.classes());
        assertEquals("a", c.predict(new double[] {1, 1}));
        // The centroid of b is (6.8, 7.13): its point (0.4, 0.4) is closer to a's centroid.
        assertEquals(5.0 / 6, c.accuracy(p, labels), 1e-12);
        assertEquals(5.0 / 6, NearestCentroid.leaveOneOutAccuracy(p, labels), 1e-12);
        double[][] q = {{0, 0}, {0.2, 0}, {5, 5}, {5.2, 5}};
        // Leave-one-out on two points per class still classifies each by its remaining twin.
        assertEquals(1.0, NearestCentroid.leaveOneOutAccuracy(q, List.of("x", "x", "y", "y")), 1e-12);
    }

    // ---- t-SNE ----

    static double[][] clusters(int perCluster, int dims, SplittableRandom random, List<String> labels) {
        double[][] centres = new double[3][dims];
        for (int c = 0; c < 3; c++) {
            centres[c][c] = 20; // 20 apart along three axes, unit spread
        }
        double[][] x = new double[3 * perCluster][dims];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < perCluster; i++) {
                for (int j = 0; j < dims; j++) {
                    x[c * perCluster + i][j] = centres[c][j] + gaussian(random);
                }
                labels.add("class" + c);
            }
        }
        return x;
    }

    @Test
    void tsneSeparatesGaussianClustersAndIsDeterministic() {
        List<String> labels = new ArrayList<>();
        double[][] x = clusters(30, 10, new SplittableRandom(4), labels);
        Tsne.Settings settings = Tsne.Settings.defaults(77);
        Tsne.Result r = Tsne.embed(x, settings, ProgressSink.NONE);
        assertEquals(1.0, NearestCentroid.fit(r.embedding(), labels).accuracy(r.embedding(), labels));
        assertEquals(1.0, NearestCentroid.leaveOneOutAccuracy(r.embedding(), labels));
        assertEquals(89.0 / 3, r.perplexity(), 1e-12); // (90 - 1) / 3 caps the default 30
        assertTrue(r.klDivergence() > 0 && r.klDivergence() < 2, "KL " + r.klDivergence());
        Tsne.Result again = Tsne.embed(x, settings, ProgressSink.NONE);
        for (int i = 0; i < x.length; i++) {
            assertArrayEquals(r.embedding()[i], again.embedding()[i], 0.0);
        }
        Tsne.Result other = Tsne.embed(x, Tsne.Settings.defaults(78), ProgressSink.NONE);
        assertFalse(Arrays.equals(r.embedding()[0], other.embedding()[0]));
    }

    @Test
    void tsneConditionalAffinitiesHaveTheTargetPerplexity() {
        List<String> labels = new ArrayList<>();
        double[][] x = clusters(20, 5, new SplittableRandom(8), labels);
        int n = x.length;
        for (double perplexity : new double[] {5, 15}) {
            double[] p = Tsne.conditionalAffinities(x, perplexity);
            for (int i = 0; i < n; i++) {
                double entropy = 0, sum = 0;
                for (int j = 0; j < n; j++) {
                    double v = p[i * n + j];
                    sum += v;
                    if (v > 0) {
                        entropy -= v * Math.log(v);
                    }
                }
                assertEquals(1.0, sum, 1e-9);
                assertEquals(0.0, p[i * n + i]);
                assertEquals(perplexity, Math.exp(entropy), 1e-3 * perplexity, "row " + i);
            }
        }
    }

    // ---- helpers ----

    static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble(), v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** A random orthonormal matrix (Gram-Schmidt of Gaussian columns). */
    static double[][] randomRotation(int d, SplittableRandom random) {
        double[][] q = new double[d][d];
        for (int c = 0; c < d; c++) {
            double[] v = new double[d];
            for (int r = 0; r < d; r++) {
                v[r] = gaussian(random);
            }
            for (int p = 0; p < c; p++) {
                double dot = 0;
                for (int r = 0; r < d; r++) {
                    dot += v[r] * q[r][p];
                }
                for (int r = 0; r < d; r++) {
                    v[r] -= dot * q[r][p];
                }
            }
            double norm = 0;
            for (double e : v) {
                norm += e * e;
            }
            norm = Math.sqrt(norm);
            for (int r = 0; r < d; r++) {
                q[r][c] = v[r] / norm;
            }
        }
        return q;
    }
}
