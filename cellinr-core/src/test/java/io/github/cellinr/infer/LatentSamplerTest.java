package io.github.cellinr.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
