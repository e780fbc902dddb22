package io.github.cellinr.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The half-precision conversion against two references: an independent exact one written here from the
 * IEEE 754 definition (value = (-1)^s 2^(e-15) (1 + m/1024), nearest value with ties to even), and, when
 * the tests run on Java 20 or newer, the JDK's own {@code Float.floatToFloat16}/{@code float16ToFloat}.
 */
class Float16Test {

    /** Exact value of every half bit pattern, from the definition (doubles hold them exactly). */
    private static double referenceValue(int h) {
        int sign = (h >>> 15) & 1;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        double magnitude;
        if (exponent == 0) {
            magnitude = Math.scalb((double) mantissa, -24);
        } else if (exponent == 31) {
            magnitude = mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            magnitude = Math.scalb(1.0 + mantissa / 1024.0, exponent - 15);
        }
        return sign == 1 ? -magnitude : magnitude;
    }

    /** Nearest half (ties to even) by searching the 31,745 non-negative finite halves: no bit tricks. */
    private static int referenceEncode(float f) {
        if (Float.isNaN(f)) {
            return -1; // any NaN is fine; checked separately
        }
        int sign = (Float.floatToRawIntBits(f) >>> 31) << 15;
        double a = Math.abs((double) f);
        int lo = 0;
        int hi = 0x7BFF; // 65504
        if (a >= 65520.0) { // the midpoint between 65504 and the next "virtual" value 65536 ties to even: inf
            return sign | 0x7C00;
        }
        while (lo < hi) { // largest half code with value <= a
            int mid = (lo + hi + 1) >>> 1;
            if (referenceValue(mid) <= a) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        int below = lo;
        if (referenceValue(below) == a || below == 0x7BFF) {
            return sign | below;
        }
        int above = below + 1;
        double dBelow = a - referenceValue(below);
        double dAbove = referenceValue(above) - a;
        if (dBelow < dAbove) {
            return sign | below;
        }
        if (dAbove < dBelow) {
            return sign | above;
        }
        return sign | ((below & 1) == 0 ? below : above);
    }

    @Test
    void decodesEveryHalfExactly() {
        for (int h = 0; h < 1 << 16; h++) {
            double expected = referenceValue(h);
            float actual = Float16.toFloat((short) h);
            if (Double.isNaN(expected)) {
                assertTrue(Float.isNaN(actual), "NaN pattern " + Integer.toHexString(h));
            } else {
                assertEquals(expected, actual, 0.0, "pattern " + Integer.toHexString(h));
                assertEquals(h >>> 15, Float.floatToRawIntBits(actual) >>> 31, "sign of " + Integer.toHexString(h));
            }
        }
    }

    @Test
    void everyHalfRoundTrips() {
        for (int h = 0; h < 1 << 16; h++) {
            float f = Float16.toFloat((short) h);
            short back = Float16.fromFloat(f);
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(Float16.toFloat(back)), "NaN stays NaN: " + Integer.toHexString(h));
            } else {
                assertEquals(h, back & 0xFFFF, "round trip of " + Integer.toHexString(h));
            }
        }
    }

    /**
     * Every rounding decision: for each pair of adjacent halves (both signs, subnormals, the overflow edge),
     * the exact midpoint (tie to even), the floats on either side of it, the quarter points, and values
     * just below and above each half.
     */
    @Test
    void encodesEveryRoundingBoundaryLikeTheReference() {
        int checked = 0;
        for (int h = 0; h <= 0x7BFF; h++) {
            double v = referenceValue(h);
            double next = h == 0x7BFF ? 65536.0 : referenceValue(h + 1);
            double mid = 0.5 * (v + next);
            float[] probes = {
                (float) v, Math.nextUp((float) v), Math.nextDown((float) v),
                (float) mid, Math.nextUp((float) mid), Math.nextDown((float) mid),
                (float) (v + 0.25 * (next - v)), (float) (v + 0.75 * (next - v))};
            for (float p : probes) {
                for (float s : new float[] {p, -p}) {
                    assertEquals(referenceEncode(s), Float16.fromFloat(s) & 0xFFFF,
                            () -> "encode " + s + " (" + Integer.toHexString(Float.floatToRawIntBits(s)) + ")");
                    checked++;
                }
            }
        }
        assertTrue(checked > 400_000);
    }

    @Test
    void encodesRandomFloatsOfEveryMagnitudeLikeTheReference() {
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 300_000; i++) {
            float f = Float.intBitsToFloat(random.nextInt());
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(Float16.toFloat(Float16.fromFloat(f))));
                continue;
            }
            assertEquals(referenceEncode(f), Float16.fromFloat(f) & 0xFFFF, "encode " + f);
        }
    }

    @Test
    void specialValues() {
        assertEquals(0x7C00, Float16.fromFloat(Float.POSITIVE_INFINITY) & 0xFFFF);
        assertEquals(0xFC00, Float16.fromFloat(Float.NEGATIVE_INFINITY) & 0xFFFF);
        assertTrue(Float.isNaN(Float16.toFloat(Float16.fromFloat(Float.NaN))));
        assertTrue(Float.isNaN(Float16.toFloat(Float16.fromFloat(Float.intBitsToFloat(0x7F80_0001)))),
                "a NaN whose payload sits only in the dropped bits stays NaN");
        assertEquals(0x8000, Float16.fromFloat(-0.0f) & 0xFFFF);
        assertEquals(0x7BFF, Float16.fromFloat(65519.99f) & 0xFFFF);
        assertEquals(0x7C00, Float16.fromFloat(65520f) & 0xFFFF);
        assertEquals(0x0001, Float16.fromFloat(Math.nextUp(0x1p-25f)) & 0xFFFF);
        assertEquals(0x0000, Float16.fromFloat(0x1p-25f) & 0xFFFF);
        assertEquals(0x0400, Float16.fromFloat(0x1p-14f) & 0xFFFF);
        assertEquals(Float16.MAX_VALUE, Float16.toFloat((short) 0x7BFF));
    }

    /** On Java 20+, the JDK's conversion is a third, independent reference: compare every half and many floats. */
    @Test
    void agreesWithTheJdkWhereItHasFloat16() throws Throwable {
        MethodHandle toHalf;
        MethodHandle fromHalf;
        try {
            toHalf = MethodHandles.publicLookup().findStatic(Float.class, "floatToFloat16",
                    MethodType.methodType(short.class, float.class));
            fromHalf = MethodHandles.publicLookup().findStatic(Float.class, "float16ToFloat",
                    MethodType.methodType(float.class, short.class));
        } catch (NoSuchMethodException e) {
            Assumptions.assumeTrue(false, "this JDK (" + Runtime.version() + ") has no Float.floatToFloat16");
            return;
        }
        for (int h = 0; h < 1 << 16; h++) {
            float jdk = (float) fromHalf.invokeExact((short) h);
            float ours = Float16.toFloat((short) h);
            if (!Float.isNaN(jdk)) {
                assertEquals(Float.floatToRawIntBits(jdk), Float.floatToRawIntBits(ours), "decode " + h);
            }
        }
        SplittableRandom random = new SplittableRandom(20);
        for (int i = 0; i < 2_000_000; i++) {
            float f = Float.intBitsToFloat(random.nextInt());
            if (!Float.isNaN(f)) {
                assertEquals((short) toHalf.invokeExact(f), Float16.fromFloat(f), "encode " + f);
            }
        }
    }
}
