package io.github.cellinr.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.dataset.SequenceInfo;
import io.github.cellinr.io.torch.LatentSdf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VolumeCalibrationTest {

    /** A sphere growing with time, its radius shifted by the code's first entry: the mean volume is known. */
    private static final LatentSdf GROWING_SPHERE = (code, t, xyz, n, out) -> {
        for (int i = 0; i < n; i++) {
            double x = xyz[3 * i], y = xyz[3 * i + 1], z = xyz[3 * i + 2];
            out[i] = (float) (Math.sqrt(x * x + y * y + z * z) - radius(t, code[0]));
        }
    };

    private static double radius(double t, double code0) {
        return 0.3 + 0.1 * t + code0;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void recoversTheScaleOfAnAnalyticShape(long seed) {
        int frames = 30;
        VolumeCalibration c = VolumeCalibration.estimate(GROWING_SPHERE, 4, 0.0, 1000.0, 2, frames, 20_000, seed, 1,
                ProgressSink.NONE);
        double exact = 0;
        for (double t : SequenceInfo.evenTimes(frames)) {
            exact += 4.0 / 3.0 * Math.PI * Math.pow(radius(t, 0), 3) / frames;
        }
        assertEquals(exact, c.meanVolumeUnits3(), 4 * c.standardErrorUnits3());
        assertTrue(c.standardErrorUnits3() < 0.01 * exact, "standard error " + c.standardErrorUnits3());
        assertEquals(Math.cbrt(1000.0 / exact), c.micrometresPerUnit(), 4 * c.standardErrorUm());
        assertEquals(1000.0, Math.pow(c.micrometresPerUnit(), 3) * c.meanVolumeUnits3(), 1e-9);
    }

    @ParameterizedTest
    @ValueSource(longs = {7})
    void isReproducibleFromItsSeedAndUsesTheCodeSpread(long seed) {
        VolumeCalibration a = VolumeCalibration.estimate(GROWING_SPHERE, 4, 0.05, 1000.0, 8, 5, 2000, seed, 1,
                ProgressSink.NONE);
        VolumeCalibration b = VolumeCalibration.estimate(GROWING_SPHERE, 4, 0.05, 1000.0, 8, 5, 2000, seed, 1,
                ProgressSink.NONE);
        assertEquals(a, b);
        assertEquals(a, VolumeCalibration.estimate(GROWING_SPHERE, 4, 0.05, 1000.0, 8, 5, 2000, seed, 3,
                ProgressSink.NONE), "the thread count must not change the result");
        VolumeCalibration fixedCode = VolumeCalibration.estimate(GROWING_SPHERE, 4, 0.0, 1000.0, 8, 5, 2000, seed, 1,
                ProgressSink.NONE);
        assertTrue(a.meanVolumeUnits3() != fixedCode.meanVolumeUnits3(), "codes must be drawn with the given sigma");
    }
}
