package io.github.cellinr.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.io.torch.PaperFixtures;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.model.zoo.ModelRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bundled paper-plat model is what importing the shared checkpoint gives, calibration included. */
class BundledPaperModelIT {

    @Test
    void bundledModelEqualsAFreshImport() {
        CellShapeModel bundled = ModelRegistry.load(ModelRegistry.PAPER_PLAT);
        Map<String, Object> recorded = calibration(bundled);
        long seed = ((Number) recorded.get("seed")).longValue();
        TorchImporter.Options defaults = TorchImporter.Options.paperDefaults(seed, 2);
        assertEquals(defaults.calibrationCodes(), ((Number) recorded.get("codes")).intValue());
        assertEquals(defaults.calibrationPoints(), ((Number) recorded.get("pointsPerFrame")).intValue());
        TorchImporter.Result fresh = TorchImporter.load(PaperFixtures.checkpoint(), PaperFixtures.specs(), defaults,
                List.of("import"), ProgressSink.NONE);
        assertArrayEquals(fresh.model().decoderParameters(), bundled.decoderParameters());
        assertEquals(fresh.model().config().network(), bundled.config().network());
        assertEquals(fresh.model().config().latentSigma(), bundled.config().latentSigma());
        assertEquals(fresh.model().config().sdfScale(), bundled.config().sdfScale());
        // the same seeded estimate; the tolerance allows a CPU whose SIMD width changes the last bits of f near 0
        double se = ((Number) recorded.get("micrometresPerUnitStandardError")).doubleValue();
        assertEquals(bundled.micrometresPerUnit(), fresh.calibration().micrometresPerUnit(), 0.1 * se);
    }

    /** Cells drawn from the recorded sampling distribution grow over time, as the fixture's counts do. */
    @Test
    void sampledCellsGrowOverTime() {
        CellShapeModel m = ModelRegistry.load(ModelRegistry.PAPER_PLAT);
        int n = 32;
        float[] axis = new float[n];
        for (int i = 0; i < n; i++) {
            axis[i] = (float) io.github.cellinr.dataset.GridCoordinates.coordinate(i, n);
        }
        float[] out = new float[n * n * n];
        java.util.SplittableRandom random = io.github.cellinr.core.Seeds.random(5, "test.codes");
        for (int c = 0; c < 3; c++) {
            float[] z = new float[m.latentSize()];
            for (int k = 0; k < z.length; k++) {
                z[k] = (float) (m.config().latentSigma() * VolumeCalibration.gaussian(random));
            }
            long previous = -1;
            for (double t : new double[] {-1, 0, 1}) {
                m.evaluator().evaluateGrid(z, io.github.cellinr.core.Rotation.IDENTITY, t, axis, axis, axis, out, 2);
                long inside = 0;
                for (float v : out) {
                    inside += v <= 0 ? 1 : 0;
                }
                org.junit.jupiter.api.Assertions.assertTrue(inside > previous, "code " + c + ": " + inside
                        + " inside voxels at t=" + t + " after " + previous);
                previous = inside;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> calibration(CellShapeModel m) {
        return (Map<String, Object>) m.provenance().parameters().get("calibration");
    }
}
