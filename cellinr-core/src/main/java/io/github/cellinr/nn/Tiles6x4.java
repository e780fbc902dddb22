package io.github.cellinr.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Products in tiles of 6 rows x 4 vectors: 24 accumulators, 4 loads and one broadcast per step, 29 registers.
 * For CPUs with 32 vector registers (AVX-512, Arm NEON/SVE): there it ran about 12 % faster than 4 x 4
 * tiles (Zen 5, AVX-512). With 16 registers (AVX2) it spills on every step: use {@link Tiles6x2}.
 */
final class Tiles6x4 extends VectorKernels {

    private static final int TILE = 4 * LANES;

    @Override
    TileShape shape() {
        return TileShape.ROWS6_VECTORS4;
    }

    @Override
    void product(float[] a, int aStride, int depth, int points, float[] b, int width, float[] init, float[] out,
                 int cStride) {
        int c = 0;
        for (; c + TILE <= width; c += TILE) {
            int p = 0;
            for (; p + 6 <= points; p += 6) {
                tile6x4(a, aStride, depth, p, b, width, c, init, out, cStride);
            }
            for (; p + 4 <= points; p += 4) {
                tile4x4(a, aStride, depth, p, b, width, c, init, out, cStride);
            }
            for (; p < points; p++) {
                tile1x4(a, aStride, depth, p, b, width, c, init, out, cStride);
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
                gradient6x4(delta, deltaStride, o, points, x, xStride, c, gw, inPad);
            }
            for (; o + 4 <= out; o += 4) {
                gradient4x4(delta, deltaStride, o, points, x, xStride, c, gw, inPad);
            }
            for (; o < out; o++) {
                gradient1x4(delta, deltaStride, o, points, x, xStride, c, gw, inPad);
            }
        }
        gradientRemainder(delta, deltaStride, out, points, x, xStride, c, inPad, gw);
    }

    /** Rows [p, p + 6) by 4 vectors of columns from c. */
    static void tile6x4(float[] a, int aStride, int depth, int p, float[] b, int bStride, int c, float[] init,
                          float[] out, int cStride) {
        final VectorSpecies<Float> s = SPECIES;
        final int l = LANES;
        FloatVector q0 = init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, c);
        FloatVector q1 = init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, c + l);
        FloatVector q2 = init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, c + 2 * l);
        FloatVector q3 = init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, c + 3 * l);
        FloatVector a00 = q0, a01 = q1, a02 = q2, a03 = q3;
        FloatVector a10 = q0, a11 = q1, a12 = q2, a13 = q3;
        FloatVector a20 = q0, a21 = q1, a22 = q2, a23 = q3;
        FloatVector a30 = q0, a31 = q1, a32 = q2, a33 = q3;
        FloatVector a40 = q0, a41 = q1, a42 = q2, a43 = q3;
        FloatVector a50 = q0, a51 = q1, a52 = q2, a53 = q3;
        int row = p * aStride;
        int bi = c;
        for (int k = 0; k < depth; k++, bi += bStride) {
            FloatVector b0 = FloatVector.fromArray(s, b, bi);
            FloatVector b1 = FloatVector.fromArray(s, b, bi + l);
            FloatVector b2 = FloatVector.fromArray(s, b, bi + 2 * l);
            FloatVector b3 = FloatVector.fromArray(s, b, bi + 3 * l);
            FloatVector v = FloatVector.broadcast(s, a[row + k]);
            a00 = v.fma(b0, a00);
            a01 = v.fma(b1, a01);
            a02 = v.fma(b2, a02);
            a03 = v.fma(b3, a03);
            v = FloatVector.broadcast(s, a[row + aStride + k]);
            a10 = v.fma(b0, a10);
            a11 = v.fma(b1, a11);
            a12 = v.fma(b2, a12);
            a13 = v.fma(b3, a13);
            v = FloatVector.broadcast(s, a[row + 2 * aStride + k]);
            a20 = v.fma(b0, a20);
            a21 = v.fma(b1, a21);
            a22 = v.fma(b2, a22);
            a23 = v.fma(b3, a23);
            v = FloatVector.broadcast(s, a[row + 3 * aStride + k]);
            a30 = v.fma(b0, a30);
            a31 = v.fma(b1, a31);
            a32 = v.fma(b2, a32);
            a33 = v.fma(b3, a33);
            v = FloatVector.broadcast(s, a[row + 4 * aStride + k]);
            a40 = v.fma(b0, a40);
            a41 = v.fma(b1, a41);
            a42 = v.fma(b2, a42);
            a43 = v.fma(b3, a43);
            v = FloatVector.broadcast(s, a[row + 5 * aStride + k]);
            a50 = v.fma(b0, a50);
            a51 = v.fma(b1, a51);
            a52 = v.fma(b2, a52);
            a53 = v.fma(b3, a53);
        }
        int ci = p * cStride + c;
        a00.intoArray(out, ci);
        a01.intoArray(out, ci + l);
        a02.intoArray(out, ci + 2 * l);
        a03.intoArray(out, ci + 3 * l);
        ci += cStride;
        a10.intoArray(out, ci);
        a11.intoArray(out, ci + l);
        a12.intoArray(out, ci + 2 * l);
        a13.intoArray(out, ci + 3 * l);
        ci += cStride;
        a20.intoArray(out, ci);
        a21.intoArray(out, ci + l);
        a22.intoArray(out, ci + 2 * l);
        a23.intoArray(out, ci + 3 * l);
        ci += cStride;
        a30.intoArray(out, ci);
        a31.intoArray(out, ci + l);
        a32.intoArray(out, ci + 2 * l);
        a33.intoArray(out, ci + 3 * l);
        ci += cStride;
        a40.intoArray(out, ci);
        a41.intoArray(out, ci + l);
        a42.intoArray(out, ci + 2 * l);
        a43.intoArray(out, ci + 3 * l);
        ci += cStride;
        a50.intoArray(out, ci);
        a51.intoArray(out, ci + l);
        a52.intoArray(out, ci + 2 * l);
        a53.intoArray(out, ci + 3 * l);
    }

    /** Rows [p, p + 4) by 4 vectors of columns from c. */
    static void tile4x4(float[] a, int aStride, int depth, int p, float[] b, int bStride, int c, float[] init,
                          float[] out, int cStride) {
        final VectorSpecies<Float> s = SPECIES;
        final int l = LANES;
        FloatVector q0 = init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, c);
        FloatVector q1 = init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, c + l);
        FloatVector q2 = init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, c + 2 * l);
        FloatVector q3 = init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, c + 3 * l);
        FloatVector a00 = q0, a01 = q1, a02 = q2, a03 = q3;
        FloatVector a10 = q0, a11 = q1, a12 = q2, a13 = q3;
        FloatVector a20 = q0, a21 = q1, a22 = q2, a23 = q3;
        FloatVector a30 = q0, a31 = q1, a32 = q2, a33 = q3;
        int row = p * aStride;
        int bi = c;
        for (int k = 0; k < depth; k++, bi += bStride) {
            FloatVector b0 = FloatVector.fromArray(s, b, bi);
            FloatVector b1 = FloatVector.fromArray(s, b, bi + l);
            FloatVector b2 = FloatVector.fromArray(s, b, bi + 2 * l);
            FloatVector b3 = FloatVector.fromArray(s, b, bi + 3 * l);
            FloatVector v = FloatVector.broadcast(s, a[row + k]);
            a00 = v.fma(b0, a00);
            a01 = v.fma(b1, a01);
            a02 = v.fma(b2, a02);
            a03 = v.fma(b3, a03);
            v = FloatVector.broadcast(s, a[row + aStride + k]);
            a10 = v.fma(b0, a10);
            a11 = v.fma(b1, a11);
            a12 = v.fma(b2, a12);
            a13 = v.fma(b3, a13);
            v = FloatVector.broadcast(s, a[row + 2 * aStride + k]);
            a20 = v.fma(b0, a20);
            a21 = v.fma(b1, a21);
            a22 = v.fma(b2, a22);
            a23 = v.fma(b3, a23);
            v = FloatVector.broadcast(s, a[row + 3 * aStride + k]);
            a30 = v.fma(b0, a30);
            a31 = v.fma(b1, a31);
            a32 = v.fma(b2, a32);
            a33 = v.fma(b3, a33);
        }
        int ci = p * cStride + c;
        a00.intoArray(out, ci);
        a01.intoArray(out, ci + l);
        a02.intoArray(out, ci + 2 * l);
        a03.intoArray(out, ci + 3 * l);
        ci += cStride;
        a10.intoArray(out, ci);
        a11.intoArray(out, ci + l);
        a12.intoArray(out, ci + 2 * l);
        a13.intoArray(out, ci + 3 * l);
        ci += cStride;
        a20.intoArray(out, ci);
        a21.intoArray(out, ci + l);
        a22.intoArray(out, ci + 2 * l);
        a23.intoArray(out, ci + 3 * l);
        ci += cStride;
        a30.intoArray(out, ci);
        a31.intoArray(out, ci + l);
        a32.intoArray(out, ci + 2 * l);
        a33.intoArray(out, ci + 3 * l);
    }

    /** Rows [p, p + 1) by 4 vectors of columns from c. */
    static void tile1x4(float[] a, int aStride, int depth, int p, float[] b, int bStride, int c, float[] init,
                          float[] out, int cStride) {
        final VectorSpecies<Float> s = SPECIES;
        final int l = LANES;
        FloatVector q0 = init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, c);
        FloatVector q1 = init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, c + l);
        FloatVector q2 = init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, c + 2 * l);
        FloatVector q3 = init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, c + 3 * l);
        FloatVector a00 = q0, a01 = q1, a02 = q2, a03 = q3;
        int row = p * aStride;
        int bi = c;
        for (int k = 0; k < depth; k++, bi += bStride) {
            FloatVector b0 = FloatVector.fromArray(s, b, bi);
            FloatVector b1 = FloatVector.fromArray(s, b, bi + l);
            FloatVector b2 = FloatVector.fromArray(s, b, bi + 2 * l);
            FloatVector b3 = FloatVector.fromArray(s, b, bi + 3 * l);
            FloatVector v = FloatVector.broadcast(s, a[row + k]);
            a00 = v.fma(b0, a00);
            a01 = v.fma(b1, a01);
            a02 = v.fma(b2, a02);
            a03 = v.fma(b3, a03);
        }
        int ci = p * cStride + c;
        a00.intoArray(out, ci);
        a01.intoArray(out, ci + l);
        a02.intoArray(out, ci + 2 * l);
        a03.intoArray(out, ci + 3 * l);
    }

    /** Weight rows [o, o + 6) by 4 vectors of inputs from c, summed over all points. */
    static void gradient6x4(float[] delta, int dStride, int o, int points, float[] x, int xStride, int c,
                              float[] gw, int inPad) {
        final VectorSpecies<Float> s = SPECIES;
        final int l = LANES;
        FloatVector z = FloatVector.zero(s);
        FloatVector a00 = z, a01 = z, a02 = z, a03 = z;
        FloatVector a10 = z, a11 = z, a12 = z, a13 = z;
        FloatVector a20 = z, a21 = z, a22 = z, a23 = z;
        FloatVector a30 = z, a31 = z, a32 = z, a33 = z;
        FloatVector a40 = z, a41 = z, a42 = z, a43 = z;
        FloatVector a50 = z, a51 = z, a52 = z, a53 = z;
        int d = o;
        int xi = c;
        for (int p = 0; p < points; p++, d += dStride, xi += xStride) {
            FloatVector x0 = FloatVector.fromArray(s, x, xi);
            FloatVector x1 = FloatVector.fromArray(s, x, xi + l);
            FloatVector x2 = FloatVector.fromArray(s, x, xi + 2 * l);
            FloatVector x3 = FloatVector.fromArray(s, x, xi + 3 * l);
            FloatVector v = FloatVector.broadcast(s, delta[d]);
            a00 = v.fma(x0, a00);
            a01 = v.fma(x1, a01);
            a02 = v.fma(x2, a02);
            a03 = v.fma(x3, a03);
            v = FloatVector.broadcast(s, delta[d + 1]);
            a10 = v.fma(x0, a10);
            a11 = v.fma(x1, a11);
            a12 = v.fma(x2, a12);
            a13 = v.fma(x3, a13);
            v = FloatVector.broadcast(s, delta[d + 2]);
            a20 = v.fma(x0, a20);
            a21 = v.fma(x1, a21);
            a22 = v.fma(x2, a22);
            a23 = v.fma(x3, a23);
            v = FloatVector.broadcast(s, delta[d + 3]);
            a30 = v.fma(x0, a30);
            a31 = v.fma(x1, a31);
            a32 = v.fma(x2, a32);
            a33 = v.fma(x3, a33);
            v = FloatVector.broadcast(s, delta[d + 4]);
            a40 = v.fma(x0, a40);
            a41 = v.fma(x1, a41);
            a42 = v.fma(x2, a42);
            a43 = v.fma(x3, a43);
            v = FloatVector.broadcast(s, delta[d + 5]);
            a50 = v.fma(x0, a50);
            a51 = v.fma(x1, a51);
            a52 = v.fma(x2, a52);
            a53 = v.fma(x3, a53);
        }
        int g = o * inPad + c;
        FloatVector.fromArray(s, gw, g).add(a00).intoArray(gw, g);
        FloatVector.fromArray(s, gw, g + l).add(a01).intoArray(gw, g + l);
        FloatVector.fromArray(s, gw, g + 2 * l).add(a02).intoArray(gw, g + 2 * l);
        FloatVector.fromArray(s, gw, g + 3 * l).add(a03).intoArray(gw, g + 3 * l);
        g += inPad;
        FloatVector.fromArray(s, gw, g).add(a10).intoArray(gw, g);
        FloatVector.fromArray(s, gw, g + l).add(a11).intoArray(gw, g + l);
        FloatVector.fromArray(s, gw, g + 2 * l).add(a12).intoArray(gw, g + 2 * l);
        FloatVector.fromArray(s, gw, g + 3 * l).add(a13).intoArray(gw, g + 3 * l);
        g += inPad;
        FloatVector.fromArray(s, gw, g).add(a20).intoArray(gw, g);
        FloatVector.fromArray(s, gw, g + l).add(a21).intoArray(gw, g + l);
        FloatVector.fromArray(s, gw, g + 2 * l).add(a22).intoArray(gw, g + 2 * l);
        FloatVector.fromArray(s, gw, g + 3 * l).add(a23).intoArray(gw, g + 3 * l);
        g += inPad;
        FloatVector.fromArray(s, gw, g).add(a30).intoArray(gw, g);
        FloatVector.fromArray(s, gw, g + l).add(a31).intoArray(gw, g + l);
        FloatVector.fromArray(s, gw, g + 2 * l).add(a32).intoArray(gw, g + 2 * l);
        FloatVector.fromArray(s, gw, g + 3 * l).add(a33).intoArray(gw, g + 3 * l);
        g += inPad;
        FloatVector.fromArray(s, gw, g).add(a40).intoArray(gw, g);
        FloatVector.fromArray(s, gw, g + l).add(a41).intoArray(gw, g + l);
        FloatVector.fromArray(s, gw, g + 2 * l).add(a42).intoArray(gw, g + 2 * l);
        FloatVector.fromArray(s, gw, g + 3 * l).add(a43).intoArray(gw, g + 3 * l);
        g += inPad;
        FloatVector.fromArray(s, gw, g).add(a50).intoArray(gw, g);
        FloatVector.fromArray(s, gw, g + l).add(a51).intoArray(gw, g + l);
        FloatVector.fromArray(s, gw, g + 2 * l).add(a52).intoArray(gw, g + 2 * l);
        FloatVector.fromArray(s, gw, g + 3 * l).add(a53).intoArray(gw, g + 3 * l);
    }

    /** Weight rows [o, o + 4) by 4 vectors of inputs from c, summed over all points. */
    static void gradient4x4(float[] delta, int dStride, int o, int points, float[] x, int xStride, int c,
                              float[] gw, int inPad) {
        final VectorSpecies<Float> s = SPECIES;
        final int l = LANES;
        FloatVector z = FloatVector.zero(s);
        FloatVector a00 = z, a01 = z, a02 = z, a03 = z;
        FloatVector a10 = z, a11 = z, a12 = z, a13 = z;
        FloatVector a20 = z, a21 = z, a22 = z, a23 = z;
        FloatVector a30 = z, a31 = z, a32 = z, a33 = z;
        int d = o;
        int xi = c;
        for (int p = 0; p < points; p++, d += dStride, xi += xStride) {
            FloatVector x0 = FloatVector.fromArray(s, x, xi);
            FloatVector x1 = FloatVector.fromArray(s, x, xi + l);
            FloatVector x2 = FloatVector.fromArray(s, x, xi + 2 * l);
            FloatVector x3 = FloatVector.fromArray(s, x, xi + 3 * l);
            FloatVector v = FloatVector.broadcast(s, delta[d]);
            a00 = v.fma(x0, a00);
            a01 = v.fma(x1, a01);
            a02 = v.fma(x2, a02);
            a03 = v.fma(x3, a03);
            v = FloatVector.broadcast(s, delta[d + 1]);
            a10 = v.fma(x0, a10);
            a11 = v.fma(x1, a11);
            a12 = v.fma(x2, a12);
            a13 = v.fma(x3, a13);
            v = FloatVector.broadcast(s, delta[d + 2]);
            a20 = v.fma(x0, a20);
            a21 = v.fma(x1, a21);
            a22 = v.fma(x2, a22);
            a23 = v.fma(x3, a23);
            v = FloatVector.broadcast(s, delta[d + 3]);
            a30 = v.fma(x0, a30);
            a31 = v.fma(x1, a31);
            a32 = v.fma(x2, a32);
            a33 = v.fma(x3, a33);
        }
        int g = o * inPad + c;
        FloatVector.fromArray(s, gw, g).add(a00).intoArray(gw, g);
        FloatVector.fromArray(s, gw, g + l).add(a01).intoArray(gw, g + l);
        FloatVector.fromArray(s, gw, g + 2 * l).add(a02).intoArray(gw, g + 2 * l);
        FloatVector.fromArray(s, gw, g + 3 * l).add(a03).intoArray(gw, g + 3 * l);
        g += inPad;
        FloatVector.fromArray(s, gw, g).add(a10).intoArray(gw, g);
        FloatVector.fromArray(s, gw, g + l).add(a11).intoArray(gw, g + l);
        FloatVector.fromArray(s, gw, g + 2 * l).add(a12).intoArray(gw, g + 2 * l);
        FloatVector.fromArray(s, gw, g + 3 * l).add(a13).intoArray(gw, g + 3 * l);
        g += inPad;
        FloatVector.fromArray(s, gw, g).add(a20).intoArray(gw, g);
        FloatVector.fromArray(s, gw, g + l).add(a21).intoArray(gw, g + l);
        FloatVector.fromArray(s, gw, g + 2 * l).add(a22).intoArray(gw, g + 2 * l);
        FloatVector.fromArray(s, gw, g + 3 * l).add(a23).intoArray(gw, g + 3 * l);
        g += inPad;
        FloatVector.fromArray(s, gw, g).add(a30).intoArray(gw, g);
        FloatVector.fromArray(s, gw, g + l).add(a31).intoArray(gw, g + l);
        FloatVector.fromArray(s, gw, g + 2 * l).add(a32).intoArray(gw, g + 2 * l);
        FloatVector.fromArray(s, gw, g + 3 * l).add(a33).intoArray(gw, g + 3 * l);
    }

    /** Weight rows [o, o + 1) by 4 vectors of inputs from c, summed over all points. */
    static void gradient1x4(float[] delta, int dStride, int o, int points, float[] x, int xStride, int c,
                              float[] gw, int inPad) {
        final VectorSpecies<Float> s = SPECIES;
        final int l = LANES;
        FloatVector z = FloatVector.zero(s);
        FloatVector a00 = z, a01 = z, a02 = z, a03 = z;
        int d = o;
        int xi = c;
        for (int p = 0; p < points; p++, d += dStride, xi += xStride) {
            FloatVector x0 = FloatVector.fromArray(s, x, xi);
            FloatVector x1 = FloatVector.fromArray(s, x, xi + l);
            FloatVector x2 = FloatVector.fromArray(s, x, xi + 2 * l);
            FloatVector x3 = FloatVector.fromArray(s, x, xi + 3 * l);
            FloatVector v = FloatVector.broadcast(s, delta[d]);
            a00 = v.fma(x0, a00);
            a01 = v.fma(x1, a01);
            a02 = v.fma(x2, a02);
            a03 = v.fma(x3, a03);
        }
        int g = o * inPad + c;
        FloatVector.fromArray(s, gw, g).add(a00).intoArray(gw, g);
        FloatVector.fromArray(s, gw, g + l).add(a01).intoArray(gw, g + l);
        FloatVector.fromArray(s, gw, g + 2 * l).add(a02).intoArray(gw, g + 2 * l);
        FloatVector.fromArray(s, gw, g + 3 * l).add(a03).intoArray(gw, g + 3 * l);
    }
}
