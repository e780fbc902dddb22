package io.github.cellinr.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.Rotation;
import io.github.cellinr.nn.Kernels;
import io.github.cellinr.nn.ReferenceMlp;
import io.github.cellinr.nn.TestNetworks;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SdfEvaluatorTest {
    private final CellShapeModel model = CellShapeModelTest.randomModel(2, true, 21);
    private final ReferenceMlp reference = new ReferenceMlp(model.layout());

    private double referenceValue(int s, double x, double y, double z, double t) {
        double[] zd = TestNetworks.toDouble(model.latent(s));
        return reference.output(TestNetworks.toDouble(model.decoderParameters()), zd, model.eulerAngles(s), x, y, z, t);
    }

    @Test
    void pointsMatchTheFloat64ReferenceIncludingTheRotation() {
        SplittableRandom r = new SplittableRandom(1);
        int n = 300;
        float[] xyz = new float[3 * n];
        for (int i = 0; i < xyz.length; i++) {
            xyz[i] = (float) (2 * r.nextDouble() - 1);
        }
        float[] out = new float[n];
        model.evaluator().evaluate(model.latent(1), model.rotation(1), 0.25, xyz, n, out);
        for (int i = 0; i < n; i++) {
            assertEquals(referenceValue(1, xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2], 0.25), out[i], 2e-5);
        }
    }

    @Test
    void theNetworkSeesTheTransposedRotation() {
        Rotation rot = Rotation.fromEuler(0.3, -0.8, 1.9);
        float[] z = model.latent(0);
        double[] p = {0.2, -0.4, 0.6};
        double[] q = new double[3];
        rot.applyInverse(p, q);
        float rotated = model.evaluator().evaluate(z, rot, -0.5, p[0], p[1], p[2]);
        float direct = model.evaluator().evaluate(z, Rotation.IDENTITY, -0.5, q[0], q[1], q[2]);
        assertEquals(direct, rotated, 1e-5);
    }

    @Test
    void gridAndPerPointTimesAgreeWithPlainPoints() {
        float[] xs = {-1f, -0.3f, 0.4f, 1f, 0.9f};
        float[] ys = {-0.5f, 0.5f, 0.2f};
        float[] zs = {-1f, 0f, 0.7f, 0.1f};
        float[] latent = model.latent(0);
        Rotation rot = model.rotation(0);
        int n = xs.length * ys.length * zs.length;
        float[] grid = new float[n];
        float[] gridParallel = new float[n];
        model.evaluator().evaluateGrid(latent, rot, 0.5, xs, ys, zs, grid);
        model.evaluator().evaluateGrid(latent, rot, 0.5, xs, ys, zs, gridParallel, 3);
        assertArrayEquals(grid, gridParallel);
        float[] xyz = new float[3 * n];
        float[] times = new float[n];
        for (int k = 0, v = 0; k < zs.length; k++) {
            for (int j = 0; j < ys.length; j++) {
                for (int i = 0; i < xs.length; i++, v++) {
                    xyz[3 * v] = xs[i];
                    xyz[3 * v + 1] = ys[j];
                    xyz[3 * v + 2] = zs[k];
                    times[v] = 0.5f;
                }
            }
        }
        float[] points = new float[n];
        model.evaluator().evaluate(latent, rot, times, xyz, n, points);
        assertArrayEquals(grid, points);
    }

    @Test
    void concurrentCallersGetTheSameResults() throws Exception {
        float[] xyz = new float[3 * 1000];
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < xyz.length; i++) {
            xyz[i] = (float) (2 * r.nextDouble() - 1);
        }
        float[] expected = new float[1000];
        model.evaluator().evaluate(model.latent(0), model.rotation(0), 0, xyz, 1000, expected);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            java.util.List<Future<float[]>> futures = new java.util.ArrayList<>();
            for (int k = 0; k < 8; k++) {
                final int s = k % 2;
                futures.add(pool.submit(() -> {
                    float[] out = new float[1000];
                    for (int rep = 0; rep < 5; rep++) {
                        model.evaluator().evaluate(model.latent(s), model.rotation(s), 0, xyz, 1000, out);
                    }
                    return out;
                }));
            }
            for (int k = 0; k < 8; k += 2) {
                assertArrayEquals(expected, futures.get(k).get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void fittingGradientsMatchTheReference() {
        ReferenceMlp.Batch batch = TestNetworks.batch(130, 9);
        FitPoints points = new FitPoints(TestNetworks.toFloat(batch.xyz()), TestNetworks.toFloat(batch.t()),
                TestNetworks.toFloat(batch.target()));
        float[] z = model.latent(1);
        double[] euler = model.eulerAngles(1);
        double[] gz = new double[64];
        double[] ge = new double[3];
        SdfEvaluator plain = new SdfEvaluator(model.layout(), model.decoderParameters(), Kernels.PLAIN, 16);
        double loss = model.evaluator().lossAndGradient(z, euler, points, gz, ge);
        ReferenceMlp.Result ref = reference.lossAndGradient(TestNetworks.toDouble(model.decoderParameters()),
                TestNetworks.toDouble(z), euler, batch);
        assertEquals(ref.loss, loss, 1e-5);
        assertRelative(ref.latent, gz, 1e-3);
        assertRelative(ref.euler, ge, 1e-3);
        double[] gzPlain = new double[64];
        double[] noRotation = null;
        plain.lossAndGradient(z, euler, points, gzPlain, noRotation);
        assertRelative(gz, gzPlain, 1e-5);
    }

    private static void assertRelative(double[] expected, double[] actual, double tolerance) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            diff += (expected[i] - actual[i]) * (expected[i] - actual[i]);
            norm += expected[i] * expected[i];
        }
        assertTrue(norm > 0 && Math.sqrt(diff / norm) < tolerance, "relative error " + Math.sqrt(diff / norm));
    }
}
