package io.github.cellinr.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vector kernels, in every tile shape, compute what the plain kernels define, on shapes with and without
 * remainders.
 */
class KernelAgreementTest {

    /** Every tile shape on shapes with and without remainders (rows not a multiple of 6, columns of a tile). */
    static Stream<Arguments> shapesAndTiles() {
        int[][] shapes = {{4, 16, 16}, {8, 128, 128}, {64, 128, 128}, {12, 144, 48}, {64, 32, 528}, {16, 528, 16},
            {22, 80, 112}, {5, 48, 16}};
        return Arrays.stream(TileShape.values()).flatMap(t -> Arrays.stream(shapes)
                .map(s -> Arguments.of(t, s[0], s[1], s[2])));
    }

    @ParameterizedTest
    @MethodSource("shapesAndTiles")
    void everyKernelAgreesWithThePlainOne(TileShape tile, int points, int inPad, int outPad) {
        Kernels vector = KernelSelection.vector(tile);
        SplittableRandom r = new SplittableRandom(points * 1000L + inPad + outPad);
        int nIn = inPad - 3;
        int out = outPad - 5 > 0 ? outPad - 5 : outPad;
        float[] x = random(r, points * inPad, 1);
        float[] wt = random(r, nIn * outPad, 0.2);
        float[] w = random(r, out * inPad, 0.2);
        float[] bias = random(r, outPad, 1);

        float[] yPlain = new float[points * outPad];
        float[] yVector = new float[points * outPad];
        Kernels.PLAIN.linear(x, inPad, nIn, points, wt, outPad, bias, yPlain, outPad);
        vector.linear(x, inPad, nIn, points, wt, outPad, bias, yVector, outPad);
        // each output is the same chain of fused multiply-adds in every implementation: equal, not just close
        assertArrayEquals(yPlain, yVector, "linear, tile " + tile.label());

        for (Activation a : Activation.values()) {
            float[] yp = yPlain.clone();
            float[] yv = yPlain.clone();
            float[] dp = new float[yp.length];
            float[] dv = new float[yv.length];
            Kernels.PLAIN.activate(yp, outPad, points, outPad, a, 30f, dp, outPad);
            vector.activate(yv, outPad, points, outPad, a, 30f, dv, outPad);
            assertAgree(yp, yv, "activate " + a);
            assertAgree(dp, dv, "derivative " + a);
        }

        float[] delta = random(r, points * outPad, 1);
        float[] dxPlain = new float[points * inPad];
        float[] dxVector = new float[points * inPad];
        Kernels.PLAIN.inputGradient(delta, outPad, out, points, w, inPad, dxPlain, inPad);
        vector.inputGradient(delta, outPad, out, points, w, inPad, dxVector, inPad);
        assertArrayEquals(dxPlain, dxVector, "inputGradient, tile " + tile.label());

        float[] gwPlain = random(r, out * inPad, 1);
        float[] gwVector = gwPlain.clone();
        Kernels.PLAIN.weightGradient(delta, outPad, out, points, x, inPad, inPad, gwPlain);
        vector.weightGradient(delta, outPad, out, points, x, inPad, inPad, gwVector);
        assertArrayEquals(gwPlain, gwVector, "weightGradient, tile " + tile.label());

        float[] sPlain = random(r, outPad, 1);
        float[] sVector = sPlain.clone();
        Kernels.PLAIN.columnSums(delta, outPad, points, outPad, sPlain);
        vector.columnSums(delta, outPad, points, outPad, sVector);
        assertAgree(sPlain, sVector, "columnSums");

        float[] mPlain = new float[points * outPad];
        float[] mVector = new float[points * outPad];
        Kernels.PLAIN.multiply(delta, outPad, yPlain, outPad, points, outPad, mPlain, outPad);
        vector.multiply(delta, outPad, yPlain, outPad, points, outPad, mVector, outPad);
        assertAgree(mPlain, mVector, "multiply");
    }

    @Test
    void linearMatchesADirectSum() {
        // the plain kernel itself against a double-precision sum
        SplittableRandom r = new SplittableRandom(5);
        int points = 8, nIn = 30, inPad = 32, outPad = 32;
        float[] x = random(r, points * inPad, 1);
        float[] wt = random(r, nIn * outPad, 1);
        float[] bias = random(r, outPad, 1);
        float[] y = new float[points * outPad];
        Kernels.PLAIN.linear(x, inPad, nIn, points, wt, outPad, bias, y, outPad);
        for (int p = 0; p < points; p++) {
            for (int o = 0; o < outPad; o++) {
                double s = bias[o];
                for (int i = 0; i < nIn; i++) {
                    s += (double) x[p * inPad + i] * wt[i * outPad + o];
                }
                assertEquals(s, y[p * outPad + o], 1e-5);
            }
        }
    }

    static float[] random(SplittableRandom r, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (scale * (2 * r.nextDouble() - 1));
        }
        return a;
    }

    static void assertAgree(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length);
        double scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            double tolerance = 1e-5 * Math.max(Math.abs(expected[i]), 1e-3 * scale) + 1e-30;
            if (Math.abs(expected[i] - actual[i]) > tolerance) {
                throw new AssertionError(what + ": element " + i + " plain " + expected[i] + " vector " + actual[i]);
            }
        }
        assertTrue(scale > 0, what + ": the test data must not be all zero");
    }
}
