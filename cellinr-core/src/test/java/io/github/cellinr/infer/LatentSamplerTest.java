package io.github.cellinr.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.dataset.SequenceInfo;
import io.github.cellinr.model.CellShapeModel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatentSamplerTest {

    /** The paper's network with {@code codes} as learned codes of as many sequences. */
    static CellShapeModel withCodes(float[][] codes) {
        CellShapeModel p = TestModels.paperPlat();
        List<SequenceInfo> seqs = new ArrayList<>();
        float[] flat = new float[codes.length * p.latentSize()];
        for (int s = 0; s < codes.length; s++) {
            seqs.add(new SequenceInfo(String.format("s%02d", s), "test", SequenceInfo.evenTimes(4), -1));
            System.arraycopy(codes[s], 0, flat, s * p.latentSize(), p.latentSize());
        }
        return CellShapeModel.of(p.config(), seqs, p.decoderParameters(), flat, new float[3 * codes.length], null,
                null);
    }

    private static float[][] codes(int n, double mean, double sd, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] c = new float[n][64];
        for (float[] z : c) {
            for (int i = 0; i < 64; i++) {
                z[i] = (float) (mean + sd * GaussianMixture.gaussian(r));
            }
        }
        return c;
    }

    @Test
    void gaussianSigmaIsFittedToTheCodesOrTakenFromTheModel() {
        CellShapeModel model = withCodes(codes(33, 0.002, 0.0004, 1));
        LatentSampler s = LatentSampler.gaussian(model, null);
        assertEquals(0.0004, (double) s.describe().get("sigma"), 0.00002);
        double[] stats = moments(s, 4000);
        assertEquals(0.002, stats[0], 0.00005);
        assertEquals(0.0004, stats[1], 0.00002);
        assertEquals(0.001, (double) LatentSampler.gaussian(model, 0.001).describe().get("sigma"));
        // the bundled paper model has no codes: its recorded N(0, 0.001^2)
        double[] paper = moments(LatentSampler.gaussian(TestModels.paperPlat(), null), 4000);
        assertEquals(0, paper[0], 0.00005);
        assertEquals(0.001, paper[1], 0.00003);
    }

    /** Mean and standard deviation over all entries of {@code n} samples. */
    private static double[] moments(LatentSampler s, int n) {
        SplittableRandom r = new SplittableRandom(3);
        double sum = 0;
        double sq = 0;
        long count = 0;
        for (int k = 0; k < n; k++) {
            for (float v : s.sample(r)) {
                sum += v;
                sq += (double) v * v;
                count++;
            }
        }
        double mean = sum / count;
        return new double[] {mean, Math.sqrt(sq / count - mean * mean)};
    }

    @Test
    void nearSamplesStayNearALearnedCode() {
        float[][] c = codes(5, 0, 0.01, 2);
        CellShapeModel model = withCodes(c);
        LatentSampler s = LatentSampler.near(model, null);
        double noise = (double) s.describe().get("noiseSigma");
        double sq = 0;
        for (int i = 0; i < 64; i++) {
            double mean = 0;
            for (float[] code : c) {
                mean += code[i] / c.length;
            }
            for (float[] code : c) {
                sq += (code[i] - mean) * (code[i] - mean);
            }
        }
        assertEquals(LatentSampler.PAPER_NOISE_RATIO * Math.sqrt(sq / (c.length * 64)), noise, 1e-9);
        SplittableRandom r = new SplittableRandom(4);
        for (int k = 0; k < 200; k++) {
            float[] z = s.sample(r);
            double best = Double.POSITIVE_INFINITY;
            for (float[] code : c) {
                double d = 0;
                for (int i = 0; i < 64; i++) {
                    d += (z[i] - code[i]) * (z[i] - code[i]);
                }
                best = Math.min(best, Math.sqrt(d / 64));
            }
            assertTrue(best < 2 * noise, "a sample within the noise of a learned code: " + best);
        }
        assertThrows(CellInrException.class, () -> LatentSampler.near(TestModels.paperPlat(), null));
        assertThrows(CellInrException.class, () -> LatentSampler.gmm(TestModels.paperPlat(), 4,
                GaussianMixture.Covariance.DIAGONAL, new SplittableRandom(1)));
    }

    @Test
    void gmmFindsTwoGroupsOfCodes() {
        float[][] a = codes(16, -0.01, 0.001, 5);
        float[][] b = codes(17, 0.01, 0.001, 6);
        float[][] all = new float[33][];
        System.arraycopy(a, 0, all, 0, 16);
        System.arraycopy(b, 0, all, 16, 17);
        LatentSampler s = LatentSampler.gmm(withCodes(all), 6, GaussianMixture.Covariance.DIAGONAL,
                new SplittableRandom(7));
        assertEquals(2, s.describe().get("components"));
        int positive = 0;
        SplittableRandom r = new SplittableRandom(8);
        for (int k = 0; k < 400; k++) {
            float[] z = s.sample(r);
            double mean = 0;
            for (float v : z) {
                mean += v / 64;
            }
            assertTrue(Math.abs(Math.abs(mean) - 0.01) < 0.002, "in a group: " + mean);
            positive += mean > 0 ? 1 : 0;
        }
        assertEquals(400 * 17 / 33.0, positive, 40);
    }

    /** Two groups of codes, around -0.01 and +0.01 in every entry, {@code a} and {@code b} codes. */
    private static double[][] twoGroups(int a, int b) {
        float[][] x = codes(a, -0.01, 0.001, 5);
        float[][] y = codes(b, 0.01, 0.001, 6);
        double[][] all = new double[a + b][64];
        for (int i = 0; i < a + b; i++) {
            float[] z = i < a ? x[i] : y[i - a];
            for (int j = 0; j < 64; j++) {
                all[i][j] = z[j];
            }
        }
        return all;
    }

    private static double entryMean(float[] z) {
        double m = 0;
        for (float v : z) {
            m += v / (double) z.length;
        }
        return m;
    }

    @Test
    void mixDrawsOnSegmentsBetweenNeighbouringCodesNeverBetweenTheGroups() {
        double[][] c = twoGroups(6, 7);
        LatentSampler s = LatentSampler.mix(c, 3);
        CodeSpan span = CodeSpan.of(c);
        SplittableRandom r = new SplittableRandom(9);
        int positive = 0;
        for (int k = 0; k < 500; k++) {
            float[] z = s.sample(r);
            double m = entryMean(z);
            assertTrue(Math.abs(Math.abs(m) - 0.01) < 0.002, "in a group, not between them: " + m);
            positive += m > 0 ? 1 : 0;
            double[] x = CodeSpan.toDouble(z);
            assertTrue(onASegment(x, c), "on a segment between two learned codes");
            assertTrue(span.offSpan(x) < 1e-4, "in the codes' span: " + span.offSpan(x));
        }
        assertEquals(500 * 7 / 13.0, positive, 50, "each code is the start equally often");
        // the Gaussian fitted to the same codes draws between the groups, far off the codes' span
        LatentSampler g = LatentSampler.gaussian(withCodes(toFloat(c)), null);
        SplittableRandom r2 = new SplittableRandom(9);
        int outside = 0;
        for (int k = 0; k < 200; k++) {
            outside += span.contains(g.sample(r2)) ? 0 : 1;
        }
        assertEquals(200, outside, "an isotropic Gaussian lies off the span of 13 codes in 64 dimensions");
    }

    /** Whether x = a + u (b - a) for two codes a, b and u in [0, 1] (to float rounding). */
    private static boolean onASegment(double[] x, double[][] codes) {
        for (double[] a : codes) {
            for (double[] b : codes) {
                double num = 0;
                double den = 0;
                for (int j = 0; j < x.length; j++) {
                    num += (x[j] - a[j]) * (b[j] - a[j]);
                    den += (b[j] - a[j]) * (b[j] - a[j]);
                }
                double u = den == 0 ? 0 : Math.max(0, Math.min(1, num / den));
                double err = 0;
                for (int j = 0; j < x.length; j++) {
                    double e = x[j] - (a[j] + u * (b[j] - a[j]));
                    err += e * e;
                }
                if (Math.sqrt(err) < 1e-6) {
                    return true;
                }
            }
        }
        return false;
    }

    private static float[][] toFloat(double[][] c) {
        float[][] f = new float[c.length][c[0].length];
        for (int i = 0; i < c.length; i++) {
            for (int j = 0; j < c[i].length; j++) {
                f[i][j] = (float) c[i][j];
            }
        }
        return f;
    }

    @Test
    void ppcaHasTheCodesVarianceAlongTheirAxesAndTheFloorEverywhereElse() {
        // 5 codes in 64 dimensions: the sample covariance is singular (rank 4); the floor makes the Gaussian proper
        double[][] c = CodeSpanTest.planar(5, 0.2, 3);
        CodeSpan span = CodeSpan.of(c);
        assertEquals(2, span.rank());
        LatentSampler s = LatentSampler.ppca(c);
        double floor = (double) s.describe().get("floorSigma");
        assertEquals(Math.sqrt(LatentSampler.PPCA_FLOOR * span.pooledVariance()), floor, 1e-15);
        assertTrue(floor > 0);
        int n = 20000;
        double[] along = new double[2];
        double[] offAxis = new double[2];
        SplittableRandom r = new SplittableRandom(4);
        double[] mean = span.mean();
        for (int k = 0; k < n; k++) {
            double[] x = CodeSpan.toDouble(s.sample(r));
            for (int a = 0; a < 2; a++) {
                double p = 0;
                double[] u = span.axis(a);
                for (int j = 0; j < 64; j++) {
                    p += (x[j] - mean[j]) * u[j];
                }
                along[a] += p * p / n;
            }
            offAxis[0] += (x[30] - mean[30]) * (x[30] - mean[30]) / n;
            offAxis[1] += (x[63] - mean[63]) * (x[63] - mean[63]) / n;
        }
        for (int a = 0; a < 2; a++) {
            double expected = span.variance(a) + floor * floor;
            assertEquals(expected, along[a], 0.05 * expected, "variance along axis " + a);
        }
        for (double v : offAxis) {
            assertEquals(floor * floor, v, 0.05 * floor * floor, "the floor off the codes' span");
        }
    }

    @Test
    void ppcaIsOneGaussianSoItDrawsBetweenSeparateGroups() {
        // what mix avoids: one Gaussian over two groups puts draws between them (documented, not a defect)
        LatentSampler s = LatentSampler.ppca(twoGroups(6, 7));
        SplittableRandom r = new SplittableRandom(5);
        int between = 0;
        for (int k = 0; k < 400; k++) {
            between += Math.abs(entryMean(s.sample(r))) < 0.005 ? 1 : 0;
        }
        assertTrue(between > 40, "draws between the groups: " + between);
    }

    @Test
    void everySamplerIsDeterministicFromItsStream() {
        CellShapeModel model = withCodes(codes(8, 0, 0.01, 11));
        for (LatentSampler.Kind kind : LatentSampler.Kind.values()) {
            LatentSampler a = LatentSampler.of(kind, model, 3);
            LatentSampler b = LatentSampler.of(kind, model, 3);
            for (int k = 0; k < 5; k++) {
                assertArrayEquals(a.sample(new SplittableRandom(k)), b.sample(new SplittableRandom(k)), kind.name());
            }
            assertFalse(java.util.Arrays.equals(a.sample(new SplittableRandom(1)), a.sample(new SplittableRandom(2))),
                    kind + ": another stream, another code");
            assertEquals(kind, LatentSampler.Kind.parse(kind.cliName().toUpperCase(java.util.Locale.ROOT)));
        }
        CellInrException e = assertThrows(CellInrException.class, () -> LatentSampler.Kind.parse("normal"));
        assertTrue(e.getMessage().contains("auto, gaussian, near, gmm, ppca, mix"), e.getMessage());
    }

    @Test
    void autoChoosesByTheCodesTheModelHas() {
        // no learned codes (an imported model): the paper's Gaussian with its recorded sigma
        LatentSampler none = LatentSampler.auto(TestModels.paperPlat());
        assertEquals("gaussian", none.describe().get(LatentSampler.SAMPLER_KEY));
        assertEquals("auto", none.describe().get("selectedBy"));
        assertTrue(((String) none.describe().get(LatentSampler.REASON_KEY)).contains("no learned codes"));
        assertEquals(0.001, (double) none.describe().get("sigma"), 1e-12);

        // one code: that code
        float[][] one = codes(1, 0.003, 0.01, 12);
        LatentSampler single = LatentSampler.auto(withCodes(one));
        assertEquals("mix", single.describe().get(LatentSampler.SAMPLER_KEY));
        assertTrue(((String) single.describe().get(LatentSampler.REASON_KEY)).contains("one learned code"));
        assertArrayEquals(one[0], single.sample(new SplittableRandom(1)));

        // learned codes: mix, with the same draws as mix itself
        CellShapeModel model = withCodes(codes(8, 0, 0.01, 13));
        LatentSampler auto = LatentSampler.auto(model);
        assertEquals("mix", auto.describe().get(LatentSampler.SAMPLER_KEY));
        assertTrue(((String) auto.describe().get(LatentSampler.REASON_KEY)).contains("support"));
        assertArrayEquals(LatentSampler.mix(model).sample(new SplittableRandom(6)),
                auto.sample(new SplittableRandom(6)));
        assertEquals(auto.describe(), LatentSampler.of(LatentSampler.Kind.AUTO, model, 1).describe());
    }
}
