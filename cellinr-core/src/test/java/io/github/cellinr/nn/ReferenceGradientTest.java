package io.github.cellinr.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The float64 oracle's analytic gradients against central finite differences of its own forward pass. */
class ReferenceGradientTest {
    private static final double H = 1e-6;

    @ParameterizedTest
    @EnumSource(Activation.class)
    void everyGradientMatchesCentralDifferences(Activation activation) {
        for (boolean xyzInAll : new boolean[] {true, false}) {
            MlpLayout layout = TestNetworks.small(activation, xyzInAll);
            ReferenceMlp ref = new ReferenceMlp(layout);
            double[] params = TestNetworks.toDouble(TestNetworks.randomParameters(layout, 11));
            double[] z = TestNetworks.randomVector(layout.latentSize(), 0.3, 12);
            double[] euler = {0.4, -0.9, 2.1};
            ReferenceMlp.Batch batch = TestNetworks.batch(7, 13);
            ReferenceMlp.Result g = ref.lossAndGradient(params, z, euler, batch);
            assertEquals(ref.loss(params, z, euler, batch), g.loss, 1e-12);

            double maxParamGradient = 0;
            for (int i = 0; i < params.length; i++) {
                double fd = centralDifference(params, i, () -> ref.loss(params, z, euler, batch));
                assertClose(fd, g.params[i], "parameter " + i + " (" + activation + ")");
                maxParamGradient = Math.max(maxParamGradient, Math.abs(g.params[i]));
            }
            assertTrue(maxParamGradient > 1e-3, "the check must exercise non-zero gradients");
            for (int k = 0; k < z.length; k++) {
                double fd = centralDifference(z, k, () -> ref.loss(params, z, euler, batch));
                assertClose(fd, g.latent[k], "latent " + k);
                assertTrue(Math.abs(g.latent[k]) > 1e-6, "latent gradient must not vanish");
            }
            for (int k = 0; k < 3; k++) {
                double fd = centralDifference(euler, k, () -> ref.loss(params, z, euler, batch));
                assertClose(fd, g.euler[k], "angle " + k);
                assertTrue(Math.abs(g.euler[k]) > 1e-6, "angle gradient must not vanish");
            }
        }
    }

    private static double centralDifference(double[] v, int i, java.util.function.DoubleSupplier f) {
        double saved = v[i];
        v[i] = saved + H;
        double plus = f.getAsDouble();
        v[i] = saved - H;
        double minus = f.getAsDouble();
        v[i] = saved;
        return (plus - minus) / (2 * H);
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-6 + 1e-5 * Math.abs(expected), what);
    }
}
