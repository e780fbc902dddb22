package io.github.cellinr.io.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cellinr.core.ProgressSink;
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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> calibration(CellShapeModel m) {
        return (Map<String, Object>) m.provenance().parameters().get("calibration");
    }
}
