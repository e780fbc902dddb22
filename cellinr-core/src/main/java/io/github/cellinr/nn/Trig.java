package io.github.cellinr.nn;

/**
 * The sine and cosine the engine uses, in one place so that the scalar (oracle) and vector kernels compute
 * the same function. Range reduction: {@code k = rint(x / pi)}, {@code r = x - k pi} with pi split in three
 * floats (Cody-Waite, each step one fused multiply-add), then odd/even polynomials on {@code [-pi/2, pi/2]}
 * and the sign {@code (-1)^k}. The polynomial coefficients were fitted here (iteratively reweighted least
 * squares on 20,001 points of [0, pi/2]): relative error 6e-9 for sine, absolute error 5e-8 for cosine
 * before float rounding. Valid for |x| below 2^22 pi (about 1.3e7); the trainer stops long before
 * arguments reach that size (a network that far out has diverged).
 */
final class Trig {
    static final float INV_PI = (float) (1.0 / Math.PI);
    static final float PI_A = (float) Math.PI;
    static final float PI_B = (float) (Math.PI - PI_A);
    static final float PI_C = (float) (Math.PI - PI_A - (double) PI_B);
    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer, kept in the low mantissa bits. */
    static final float ROUND_MAGIC = 12582912f;

    static final float S1 = -0.16666659712791443f;
    static final float S2 = 0.00833306647837162f;
    static final float S3 = -0.00019809610967058688f;
    static final float S4 = 2.605798499644152e-06f;

    static final float C1 = -0.4999993145465851f;
    static final float C2 = 0.041663989424705505f;
    static final float C3 = -0.0013855937868356705f;
    static final float C4 = 2.3194639652501792e-05f;

    /** Largest |argument| for which {@link #sin} and {@link #cos} are accurate. */
    static final float MAX_ARGUMENT = 4_000_000f * PI_A;

    private Trig() {
    }

    static float sin(float x) {
        float shifted = Math.fma(x, INV_PI, ROUND_MAGIC);
        int parity = Float.floatToRawIntBits(shifted) << 31;
        float k = shifted - ROUND_MAGIC;
        float r = Math.fma(-k, PI_A, x);
        r = Math.fma(-k, PI_B, r);
        r = Math.fma(-k, PI_C, r);
        float s = r * r;
        float p = Math.fma(Math.fma(Math.fma(S4, s, S3), s, S2), s, S1);
        float sin = Math.fma(r * s, p, r);
        return Float.intBitsToFloat(Float.floatToRawIntBits(sin) ^ parity);
    }

    static float cos(float x) {
        float shifted = Math.fma(x, INV_PI, ROUND_MAGIC);
        int parity = Float.floatToRawIntBits(shifted) << 31;
        float k = shifted - ROUND_MAGIC;
        float r = Math.fma(-k, PI_A, x);
        r = Math.fma(-k, PI_B, r);
        r = Math.fma(-k, PI_C, r);
        float s = r * r;
        float q = Math.fma(Math.fma(Math.fma(C4, s, C3), s, C2), s, C1);
        float cos = Math.fma(s, q, 1f);
        return Float.intBitsToFloat(Float.floatToRawIntBits(cos) ^ parity);
    }
}
