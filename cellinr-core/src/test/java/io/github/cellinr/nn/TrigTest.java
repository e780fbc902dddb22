package io.github.cellinr.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Accuracy of the engine's sine and cosine against {@link Math} over argument ranges. Measured arguments
 * (omega_0 times the pre-activations, over every training frame's grid): at most 9 in a siren-paper model
 * trained 40 epochs on growing phantoms, at most 62 in the paper's released model after 2000 epochs; 1e3 and
 * 1e5 cover weights grown far beyond that.
 */
class TrigTest {

    @ParameterizedTest
    @ValueSource(doubles = {1, 10, 100, 1e3, 1e5})
    void sineAndCosineAreAccurate(double range) {
        SplittableRandom r = new SplittableRandom(42);
        double maxSin = 0;
        double maxCos = 0;
        double maxRelativeSmall = 0;
        for (int i = 0; i < 200_000; i++) {
            float x = (float) ((2 * r.nextDouble() - 1) * range);
            maxSin = Math.max(maxSin, Math.abs(Trig.sin(x) - Math.sin(x)));
            maxCos = Math.max(maxCos, Math.abs(Trig.cos(x) - Math.cos(x)));
            if (Math.abs(x) < 0.5 && x != 0) {
                maxRelativeSmall = Math.max(maxRelativeSmall, Math.abs(Trig.sin(x) / Math.sin(x) - 1));
            }
        }
        // a float's own rounding is 6e-8 relative; allow a few ulps plus the reduction's error for large k
        double tolerance = 2.5e-7 + 2e-12 * range;
        assertTrue(maxSin < tolerance, "sin error " + maxSin + " over [-" + range + ", " + range + "]");
        assertTrue(maxCos < tolerance, "cos error " + maxCos + " over [-" + range + ", " + range + "]");
        assertTrue(maxRelativeSmall < 3e-7, "sin relative error near zero " + maxRelativeSmall);
    }
}
