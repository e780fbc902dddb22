package io.github.cellinr.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Products in tiles of 6 rows x 2 vectors: 12 accumulators, 2 loads and one broadcast per step, 15 registers.
 * For CPUs with 16 vector registers (x86 with AVX2 or AVX, or 128-bit SSE): the classic shape of AVX2
 * single-precision GEMM micro-kernels (6 x 16 floats), which keeps every accumulator in a register.
 */
final class Tiles6x2 extends VectorKernels {

    private static final int TILE = 2 * LANES;

    @Override
    TileShape shape() {
        return TileShape.ROWS6_VECTORS2;
    }

    @Override
    void product(float[] a, int aStride, int depth, int points, float[] b, int width, float[] init, float[] out,
                 int cStride) {
        int c = 0;
        for (; c + TILE <= width; c += TILE) {
            int p = 0;
            for (; p + 6 <= points; p += 6) {
                tile6x2(a, aStride, depth, p, b, width, c, init, out, cStride);
            }
            for (; p + 4 <= points; p += 4) {
                tile4x2(a, aStride, depth, p, b, width, c, init, out, cStride);
            }
            for (; p < points; p++) {
                tile1x2(a, aStride, depth, p, b, width, c, init, out, cStride);
            }
        }
        productRemainder(a, aStride, depth, points, b, width, c, init, out, cStride);
    }

    @Override
    public void weightGradient(float[] delta, int deltaStride, int out, int points, float[] x, int xStride,
                               int inPad, float[] gw) {
        int c = 0;
        for (; c + TILE <= inPad; c += TILE) {
            int o = 0;
            for (; o + 6 <= out; o += 6) {
                gradient6x2(delta, deltaStride, o, points, x, xStride, c, gw, inPad);
            }
            for (; o + 4 <= out; o += 4) {
                gradient4x2(delta, deltaStride, o, points, x, xStride, c, gw, inPad);
            }
            for (; o < out; o++) {
                gradient1x2(delta, deltaStride, o, points, x, xStride, c, gw, inPad);
            }
        }
        gradientRemainder(delta, deltaStride, out, points, x, xStride, c, inPad, gw);
    }

    /** Rows [p, p + 6) by 2 vectors of columns from c. */
    static void tile6x2(float[] a, int aStride, int depth, int p, float[] b, int bStride, int c, float[] init,
                          float[] out, int cStride) {
        final VectorSpecies<Float> s = SPECIES;
        final int l = LANES;
        FloatVector q0 = init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, c);
        FloatVector q1 = init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, c + l);
        FloatVector a00 = q0, a01 = q1;
        FloatVector a10 = q0, a11 = q1;
        FloatVector a20 = q0, a21 = q1;
        FloatVector a30 = q0, a31 = q1;
        FloatVector a40 = q0, a41 = q1;
        FloatVector a50 = q0, a51 = q1;
        int row = p * aStride;
        int bi = c;
        for (int k = 0; k < depth; k++, bi += bStride) {
            FloatVector b0 = FloatVector.fromArray(s, b, bi);
            FloatVector b1 = FloatVector.fromArray(s, b, bi + l);
            FloatVector v = FloatVector.broadcast(s, a[row + k]);
            a00 = v.fma(b0, a00);
            a01 = v.fma(b1, a01);
            v = FloatVector.broadcast(s, a[row + aStride + k]);
            a10 = v.fma(b0, a10);
            a11 = v.fma(b1, a11);
            v = FloatVector.broadcast(s, a[row + 2 * aStride + k]);
            a20 = v.fma(b0, a20);
            a21 = v.fma(b1, a21);
            v = FloatVector.broadcast(s, a[row + 3 * aStride + k]);
            a30 = v.fma(b0, a30);
            a31 = v.fma(b1, a31);
            v = FloatVector.broadcast(s, a[row + 4 * aStride + k]);
            a40 = v.fma(b0, a40);
            a41 = v.fma(b1, a41);
            v = FloatVector.broadcast(s, a[row + 5 * aStride + k]);
            a50 = v.fma(b0, a50);
            a51 = v.fma(b1, a51);
        }
        int ci = p * cStride + c;
        a00.intoArray(out, ci);
        a01.intoArray(out, ci + l);
        ci += cStride;
        a10.intoArray(out, ci);
        a11.intoArray(out, ci + l);
        ci += cStride;
        a20.intoArray(out, ci);
        a21.intoArray(out, ci + l);
        ci += cStride;
        a30.intoArray(out, ci);
        a31.intoArray(out, ci + l);
        ci += cStride;
        a40.intoArray(out, ci);
        a41.intoArray(out, ci + l);
        ci += cStride;
        a50.intoArray(out, ci);
        a51.intoArray(out, ci + l);
    }

    /** Rows [p, p + 4) by 2 vectors of columns from c. */
    static void tile4x2(float[] a, int aStride, int depth, int p, float[] b, int bStride, int c, float[] init,
                          float[] out, int cStride) {
        final VectorSpecies<Float> s = SPECIES;
        final int l = LANES;
        FloatVector q0 = init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, c);
        FloatVector q1 = init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, c + l);
        FloatVector a00 = q0, a01 = q1;
        FloatVector a10 = q0, a11 = q1;
        FloatVector a20 = q0, a21 = q1;
        FloatVector a30 = q0, a31 = q1;
        int row = p * aStride;
        int bi = c;
        for (int k = 0; k < depth; k++, bi += bStride) {
            FloatVector b0 = FloatVector.fromArray(s, b, bi);
            FloatVector b1 = FloatVector.fromArray(s, b, bi + l);
            FloatVector v = FloatVector.broadcast(s, a[row + k]);
            a00 = v.fma(b0, a00);
            a01 = v.fma(b1, a01);
            v = FloatVector.broadcast(s, a[row + aStride + k]);
            a10 = v.fma(b0, a10);
            a11 = v.fma(b1, a11);
            v = FloatVector.broadcast(s, a[row + 2 * aStride + k]);
            a20 = v.fma(b0, a20);
            a21 = v.fma(b1, a21);
            v = FloatVector.broadcast(s, a[row + 3 * aStride + k]);
            a30 = v.fma(b0, a30);
            a31 = v.fma(b1, a31);
        }
        int ci = p * cStride + c;
        a00.intoArray(out, ci);
        a01.intoArray(out, ci + l);
        ci += cStride;
        a10.intoArray(out, ci);
        a11.intoArray(out, ci + l);
        ci += cStride;
        a20.intoArray(out, ci);
        a21.intoArray(out, ci + l);
        ci += cStride;
        a30.intoArray(out, ci);
        a31.intoArray(out, ci + l);
    }

    /** Rows [p, p + 1) by 2 vectors of columns from c. */
    static void tile1x2(float[] a, int aStride, int depth, int p, float[] b, int bStride, int c, float[] init,
                          float[] out, int cStride) {
        final VectorSpecies<Float> s = SPECIES;
        final int l = LANES;
        FloatVector q0 = init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, c);
        FloatVector q1 = init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, c + l);
        FloatVector a00 = q0, a01 = q1;
        int row = p * aStride;
        int bi = c;
        for (int k = 0; k < depth; k++, bi += bStride) {
            FloatVector b0 = FloatVector.fromArray(s, b, bi);
            FloatVector b1 = FloatVector.fromArray(s, b, bi + l);
            FloatVector v = FloatVector.broadcast(s, a[row + k]);
            a00 = v.fma(b0, a00);
            a01 = v.fma(b1, a01);
        }
        int ci = p * cStride + c;
        a00.intoArray(out, ci);
        a01.intoArray(out, ci + l);
    }

    /** Weight rows [o, o + 6) by 2 vectors of inputs from c, summed over all points. */
    static void gradient6x2(float[] delta, int dStride, int o, int points, float[] x, int xStride, int c,
                              float[] gw, int inPad) {
        final VectorSpecies<Float> s = SPECIES;
        final int l = LANES;
        FloatVector z = FloatVector.zero(s);
        FloatVector a00 = z, a01 = z;
        FloatVector a10 = z, a11 = z;
        FloatVector a20 = z, a21 = z;
        FloatVector a30 = z, a31 = z;
        FloatVector a40 = z, a41 = z;
        FloatVector a50 = z, a51 = z;
        int d = o;
        int xi = c;
        for (int p = 0; p < points; p++, d += dStride, xi += xStride) {
            FloatVector x0 = FloatVector.fromArray(s, x, xi);
            FloatVector x1 = FloatVector.fromArray(s, x, xi + l);
            FloatVector v = FloatVector.broadcast(s, delta[d]);
            a00 = v.fma(x0, a00);
            a01 = v.fma(x1, a01);
            v = FloatVector.broadcast(s, delta[d + 1]);
            a10 = v.fma(x0, a10);
            a11 = v.fma(x1, a11);
            v = FloatVector.broadcast(s, delta[d + 2]);
            a20 = v.fma(x0, a20);
            a21 = v.fma(x1, a21);
            v = FloatVector.broadcast(s, delta[d + 3]);
            a30 = v.fma(x0, a30);
            a31 = v.fma(x1, a31);
            v = FloatVector.broadcast(s, delta[d + 4]);
            a40 = v.fma(x0, a40);
            a41 = v.fma(x1, a41);
            v = FloatVector.broadcast(s, delta[d + 5]);
            a50 = v.fma(x0, a50);
            a51 = v.fma(x1, a51);
        }
        int g = o * inPad + c;
        FloatVector.fromArray(s, gw, g).add(a00).intoArray(gw, g);
        FloatVector.fromArray(s, gw, g + l).add(a01).intoArray(gw, g + l);
        g += inPad;
        FloatVector.fromArray(s, gw, g).add(a10).intoArray(gw, g);
        FloatVector.fromArray(s, gw, g + l).add(a11).intoArray(gw, g + l);
        g += inPad;
        FloatVector.fromArray(s, gw, g).add(a20).intoArray(gw, g);
        FloatVector.fromArray(s, gw, g + l).add(a21).intoArray(gw, g + l);
        g += inPad;
        FloatVector.fromArray(s, gw, g).add(a30).intoArray(gw, g);
        FloatVector.fromArray(s, gw, g + l).add(a31).intoArray(gw, g + l);
        g += inPad;
        FloatVector.fromArray(s, gw, g).add(a40).intoArray(gw, g);
        FloatVector.fromArray(s, gw, g + l).add(a41).intoArray(gw, g + l);
        g += inPad;
        FloatVector.fromArray(s, gw, g).add(a50).intoArray(gw, g);
        FloatVector.fromArray(s, gw, g + l).add(a51).intoArray(gw, g + l);
    }

    /** Weight rows [o, o + 4) by 2 vectors of inputs from c, summed over all points. */
    static void gradient4x2(float[] delta, int dStride, int o, int points, float[] x, int xStride, int c,
                              float[] gw, int inPad) {
        final VectorSpecies<Float> s = SPECIES;
        final int l = LANES;
        FloatVector z = FloatVector.zero(s);
        FloatVector a00 = z, a01 = z;
        FloatVector a10 = z, a11 = z;
        FloatVector a20 = z, a21 = z;
        FloatVector a30 = z, a31 = z;
        int d = o;
        int xi = c;
        for (int p = 0; p < points; p++, d += dStride, xi += xStride) {
            FloatVector x0 = FloatVector.fromArray(s, x, xi);
            FloatVector x1 = FloatVector.fromArray(s, x, xi + l);
            FloatVector v = FloatVector.broadcast(s, delta[d]);
            a00 = v.fma(x0, a00);
            a01 = v.fma(x1, a01);
            v = FloatVector.broadcast(s, delta[d + 1]);
            a10 = v.fma(x0, a10);
            a11 = v.fma(x1, a11);
            v = FloatVector.broadcast(s, delta[d + 2]);
            a20 = v.fma(x0, a20);
            a21 = v.fma(x1, a21);
            v = FloatVector.broadcast(s, delta[d + 3]);
            a30 = v.fma(x0, a30);
            a31 = v.fma(x1, a31);
        }
        int g = o * inPad + c;
        FloatVector.fromArray(s, gw, g).add(a00).intoArray(gw, g);
        FloatVector.fromArray(s, gw, g + l).add(a01).intoArray(gw, g + l);
        g += inPad;
        FloatVector.fromArray(s, gw, g).add(a10).intoArray(gw, g);
        FloatVector.fromArray(s, gw, g + l).add(a11).intoArray(gw, g + l);
        g += inPad;
        FloatVector.fromArray(s, gw, g).add(a20).intoArray(gw, g);
        FloatVector.fromArray(s, gw, g + l).add(a21).intoArray(gw, g + l);
        g += inPad;
        FloatVector.fromArray(s, gw, g).add(a30).intoArray(gw, g);
        FloatVector.fromArray(s, gw, g + l).add(a31).intoArray(gw, g + l);
    }

    /** Weight rows [o, o + 1) by 2 vectors of inputs from c, summed over all points. */
    static void gradient1x2(float[] delta, int dStride, int o, int points, float[] x, int xStride, int c,
                              float[] gw, int inPad) {
        final VectorSpecies<Float> s = SPECIES;
        final int l = LANES;
        FloatVector z = FloatVector.zero(s);
        FloatVector a00 = z, a01 = z;
        int d = o;
        int xi = c;
        for (int p = 0; p < points; p++, d += dStride, xi += xStride) {
            FloatVector x0 = FloatVector.fromArray(s, x, xi);
            FloatVector x1 = FloatVector.fromArray(s, x, xi + l);
            FloatVector v = FloatVector.broadcast(s, delta[d]);
            a00 = v.fma(x0, a00);
            a01 = v.fma(x1, a01);
        }
        int g = o * inPad + c;
        FloatVector.fromArray(s, gw, g).add(a00).intoArray(gw, g);
        FloatVector.fromArray(s, gw, g + l).add(a01).intoArray(gw, g + l);
    }
}
