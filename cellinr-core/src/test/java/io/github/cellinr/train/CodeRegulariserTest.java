package io.github.cellinr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CodeRegulariserTest {

    @ParameterizedTest
    @EnumSource(CodeRegulariser.class)
    void gradientMatchesCentralDifferences(CodeRegulariser r) {
        float[] z = {0.3f, -0.2f, 0.05f, 0.7f};
        for (int epoch : new int[] {0, 49, 500}) {
            double[] grad = new double[6];
            r.lossAndGradient(z, 0, 4, 1e-3, epoch, 1.0, grad);
            for (int k = 0; k < 4; k++) {
                float saved = z[k];
                double h = 1e-3;
                z[k] = (float) (saved + h);
                double plus = r.lossAndGradient(z, 0, 4, 1e-3, epoch, 1.0, new double[6]);
                z[k] = (float) (saved - h);
                double minus = r.lossAndGradient(z, 0, 4, 1e-3, epoch, 1.0, new double[6]);
                z[k] = saved;
                double dz = (double) (float) (saved + h) - (double) (float) (saved - h);
                assertEquals((plus - minus) / dz, grad[k], 1e-4 * Math.max(1, Math.abs(grad[k])), r + " " + k);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CodeRegulariser.class)
    void releasedWeightFallsToItsFinalValueByEpochHundred(CodeRegulariser r) {
        float[] z = {3f, 4f};
        double loss1 = r.lossAndGradient(z, 0, 2, 1e-4, 0, 1, new double[2]);
        double loss100 = r.lossAndGradient(z, 0, 2, 1e-4, 99, 1, new double[2]);
        switch (r) {
            case RELEASED -> {
                assertEquals(1e-4 * 1000 * 100 * 5, loss1, 1e-9);
                assertEquals(1e-4 * 1000 * 5, loss100, 1e-9);
            }
            case SQUARED -> assertEquals(1e-4 * 25, loss100, 1e-12);
            case NONE -> assertEquals(0, loss1);
        }
    }
}
