package io.github.cellinr.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.io.torch.NetworkSpecs;
import io.github.cellinr.io.torch.PaperFixtures;
import io.github.cellinr.io.torch.ReleasedDecoder;
import io.github.cellinr.io.torch.TorchCheckpoint;
import io.github.cellinr.model.NetworkSpec;
import io.github.cellinr.model.SdfEvaluator;
import io.github.cellinr.nn.Kernels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine's forward pass on the paper's released weights reproduces the authors' own outputs
 * (points.csv, computed in float64 with their code): every row within 1e-5, for both kernel sets.
 */
class PaperModelConformanceTest {
    static final double TOLERANCE = 1e-5;

    static SdfEvaluator evaluator(String kernels) {
        NetworkSpecs specs = NetworkSpecs.read(PaperFixtures.specs());
        ReleasedDecoder decoder = ReleasedDecoder.of(TorchCheckpoint.read(PaperFixtures.checkpoint()), specs);
        NetworkSpec network = TorchImporter.networkSpec(specs);
        assertEquals(NetworkSpec.preset(NetworkSpec.SIREN_PAPER, 64), network, "the released layout is siren-paper");
        return new SdfEvaluator(network.layout(), TorchImporter.decoderParameters(decoder, network),
                kernels.equals("plain") ? Kernels.PLAIN : Kernels.VECTOR, 64);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "vector"})
    void everyFixturePointWithinTolerance(String kernels) {
        SdfEvaluator evaluator = evaluator(kernels);
        Map<Integer, PaperFixtures.Code> codes = new HashMap<>();
        PaperFixtures.codes().forEach(c -> codes.put(c.id(), c));
        List<PaperFixtures.Point> points = PaperFixtures.points();
        assertEquals(2000, points.size());
        double worst = 0;
        PaperFixtures.Point worstPoint = null;
        for (PaperFixtures.Point p : points) {
            PaperFixtures.Code c = codes.get(p.code());
            float[] z = new float[c.z().length];
            for (int k = 0; k < z.length; k++) {
                z[k] = (float) c.z()[k];
            }
            double got = evaluator.evaluate(z, c.rotation(), p.t(), p.x(), p.y(), p.z());
            double err = Math.abs(got - p.sdf());
            if (err > worst) {
                worst = err;
                worstPoint = p;
            }
        }
        System.out.printf("points.csv, %s kernels: max |error| = %.3e at %s%n", kernels, worst, worstPoint);
        assertTrue(worst <= TOLERANCE, kernels + ": max abs error " + worst + " at " + worstPoint);
    }
}
