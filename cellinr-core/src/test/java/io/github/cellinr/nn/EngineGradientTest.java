package io.github.cellinr.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The float32 engine (both kernel sets, several chunk sizes, partial chunks) against the float64 oracle:
 * outputs, loss, and the gradients of weights, biases, latent code and Euler angles.
 */
class EngineGradientTest {

    /** What the engine computes for one shape's batch. */
    record EngineResult(float[] outputs, double loss, float[] params, double[] latent, double[] euler) {
    }

    static EngineResult run(MlpLayout layout, float[] params, float[] z, double[] euler, ReferenceMlp.Batch batch,
                            Kernels kernels, int chunk) {
        PackedMlp packed = PackedMlp.of(layout, params);
        ChunkEngine engine = new ChunkEngine(packed, kernels, chunk, true);
        engine.setShape(z, 0, EulerAngles.matrix(euler[0], euler[1], euler[2]));
        Gradients g = new Gradients(packed);
        int m = batch.size();
        float[] xyz = TestNetworks.toFloat(batch.xyz());
        float[] t = TestNetworks.toFloat(batch.t());
        float[] out = new float[m];
        float[] dLdy = new float[m];
        double loss = 0;
        for (int start = 0; start < m; start += chunk) {
            int count = Math.min(chunk, m - start);
            engine.forward(xyz, 3 * start, t, start, 0f, count, out, start);
            for (int p = start; p < start + count; p++) {
                double err = out[p] - batch.target()[p];
                loss += Math.abs(err) / m;
                dLdy[p] = (float) (Math.signum(err) / m);
            }
            engine.backward(dLdy, start, count, g, true);
        }
        double[] gz = new double[z.length];
        double[] gr = new double[9];
        engine.flushShape(g, gz, 0, gr);
        float[] flat = new float[params.length];
        g.addTo(flat);
        double[] ge = new double[3];
        EulerAngles.chain(euler[0], euler[1], euler[2], gr, ge, 0);
        return new EngineResult(out, loss, flat, gz, ge);
    }

    @ParameterizedTest
    @CsvSource({"SINE, true, 6x4, 8", "SINE, false, 6x2, 4", "RELU, true, 6x2, 8", "RELU, false, PLAIN, 12",
        "SINE, true, PLAIN, 64", "SINE, true, 6x2, 64", "RELU, true, 6x4, 24"})
    void smallNetworkMatchesTheOracle(Activation activation, boolean xyzInAll, String kernels, int chunk) {
        MlpLayout layout = TestNetworks.small(activation, xyzInAll);
        check(layout, kernels(kernels), chunk, 37, 1e-4);
    }

    @ParameterizedTest
    @CsvSource({"6x4, 64", "PLAIN, 32", "6x4, 16", "6x2, 64", "6x2, 20"})
    void paperNetworkMatchesTheOracle(String kernels, int chunk) {
        check(TestNetworks.paper(64), kernels(kernels), chunk, 70, 1e-3);
    }

    /** PLAIN, or the vector kernels with a tile shape label. */
    static Kernels kernels(String name) {
        return name.equals("PLAIN") ? Kernels.PLAIN : KernelSelection.vector(TileShape.parse(name));
    }

    private static void check(MlpLayout layout, Kernels kernels, int chunk, int points, double tolerance) {
        float[] params = TestNetworks.randomParameters(layout, 3);
        double[] zd = TestNetworks.randomVector(layout.latentSize(), 0.1, 4);
        double[] euler = {0.7, 0.3, -1.2};
        ReferenceMlp.Batch batch = TestNetworks.batch(points, 5);
        ReferenceMlp.Result ref = new ReferenceMlp(layout).lossAndGradient(TestNetworks.toDouble(params), zd, euler,
                batch);
        EngineResult got = run(layout, params, TestNetworks.toFloat(zd), euler, batch, kernels, chunk);
        for (int p = 0; p < points; p++) {
            assertEquals(ref.outputs[p], got.outputs()[p], 1e-5, "output " + p);
        }
        assertEquals(ref.loss, got.loss(), 1e-5);
        assertRelativeError(ref.params, TestNetworks.toDouble(got.params()), tolerance, "weights and biases");
        assertRelativeError(ref.latent, got.latent(), tolerance, "latent code");
        assertRelativeError(ref.euler, got.euler(), tolerance, "Euler angles");
    }

    @ParameterizedTest
    @EnumSource(TileShape.class)
    void vectorAndPlainEnginesAgreeOnThePaperNetwork(TileShape tile) {
        MlpLayout layout = TestNetworks.paper(64);
        float[] params = TestNetworks.randomParameters(layout, 8);
        float[] z = TestNetworks.toFloat(TestNetworks.randomVector(64, 0.1, 9));
        double[] euler = {-0.2, 1.1, 0.4};
        ReferenceMlp.Batch batch = TestNetworks.batch(200, 10);
        EngineResult plain = run(layout, params, z, euler, batch, Kernels.PLAIN, 64);
        EngineResult vector = run(layout, params, z, euler, batch, KernelSelection.vector(tile), 64);
        KernelAgreementTest.assertAgree(plain.outputs(), vector.outputs(), "outputs");
        KernelAgreementTest.assertAgree(plain.params(), vector.params(), "parameter gradients");
        KernelAgreementTest.assertAgree(TestNetworks.toFloat(plain.latent()), TestNetworks.toFloat(vector.latent()),
                "latent gradient");
        KernelAgreementTest.assertAgree(TestNetworks.toFloat(plain.euler()), TestNetworks.toFloat(vector.euler()),
                "angle gradient");
    }

    @Test
    void inferenceEngineGivesTheTrainingEnginesOutputs() {
        MlpLayout layout = TestNetworks.paper(64);
        float[] params = TestNetworks.randomParameters(layout, 8);
        PackedMlp packed = PackedMlp.of(layout, params);
        float[] z = TestNetworks.toFloat(TestNetworks.randomVector(64, 0.1, 9));
        double[] r = EulerAngles.matrix(0.1, 0.2, 0.3);
        ChunkEngine train = new ChunkEngine(packed, Kernels.VECTOR, 64, true);
        ChunkEngine infer = new ChunkEngine(packed, Kernels.VECTOR, 64, false);
        train.setShape(z, 0, r);
        infer.setShape(z, 0, r);
        ReferenceMlp.Batch batch = TestNetworks.batch(50, 3);
        float[] xyz = TestNetworks.toFloat(batch.xyz());
        float[] a = new float[50];
        float[] b = new float[50];
        train.forward(xyz, 0, null, 0, 0.25f, 50, a, 0);
        infer.forward(xyz, 0, null, 0, 0.25f, 50, b, 0);
        for (int i = 0; i < 50; i++) {
            assertEquals(a[i], b[i], 0f);
        }
    }

    /** ||actual - expected|| / ||expected|| below the tolerance (a scale-free check for float32 vs float64). */
    static void assertRelativeError(double[] expected, double[] actual, double tolerance, String what) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            diff += (expected[i] - actual[i]) * (expected[i] - actual[i]);
            norm += expected[i] * expected[i];
        }
        assertTrue(norm > 0, what + ": gradient is zero");
        double rel = Math.sqrt(diff / norm);
        assertTrue(rel < tolerance, what + ": relative error " + rel);
    }
}
