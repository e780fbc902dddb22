package io.github.cellinr.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The engine's SIMD kernels, in one of a few register-tile shapes ({@link TileShape}) chosen for the CPU
 * ({@link KernelSelection}). Every product is a register-blocked outer product: a tile of rows x vectors
 * accumulators (points or weight rows by vectors of columns) is updated with one vector load per column
 * vector and one scalar broadcast per row per step, so the loop is bound by fused multiply-adds, not memory,
 * as long as accumulators, loads and the broadcast fit the register file. The shapes differ only in how the
 * outputs are blocked; each output is the same chain of fused multiply-adds, in the same order as
 * {@link PlainKernels}, so every shape gives bit-identical results. Accumulators are plain locals (not
 * arrays) and no helper takes a vector argument, so the JIT keeps them in registers (a call it declines to
 * inline boxes every vector).
 *
 * <p>This class holds what does not depend on the tile: the element-wise kernels and the one-vector
 * remainder tiles. The vector species is {@link Simd#SPECIES}, fixed once per JVM.
 */
abstract sealed class VectorKernels implements Kernels permits Tiles6x4, Tiles6x2 {
    static final VectorSpecies<Float> SPECIES = Simd.SPECIES;
    static final int LANES = SPECIES.length();

    /** The tile shape this implementation uses for its products. */
    abstract TileShape shape();

    /**
     * {@code out[p][j] = init[j] + sum_{k < depth} a[p][k] b[k][j]} for {@code j < width} (init null: 0). The
     * forward pass ({@code a} = inputs, {@code b} = transposed weights) and the input gradient ({@code a} =
     * deltas, {@code b} = weights) are both this product.
     */
    abstract void product(float[] a, int aStride, int depth, int points, float[] b, int width, float[] init,
                          float[] out, int cStride);

    @Override
    public final void linear(float[] x, int xStride, int nIn, int points, float[] wt, int outPad, float[] bias,
                             float[] y, int yStride) {
        product(x, xStride, nIn, points, wt, outPad, bias, y, yStride);
    }

    @Override
    public final void inputGradient(float[] delta, int deltaStride, int out, int points, float[] w, int inPad,
                                    float[] dx, int dxStride) {
        product(delta, deltaStride, out, points, w, inPad, null, dx, dxStride);
    }

    /** The last columns, one vector at a time: 4 points, then single points. */
    static void productRemainder(float[] a, int aStride, int depth, int points, float[] b, int width, int c,
                                 float[] init, float[] out, int cStride) {
        for (; c < width; c += LANES) {
            int p = 0;
            for (; p + 4 <= points; p += 4) {
                tile4x1(a, aStride, depth, p, b, width, c, init, out, cStride);
            }
            for (; p < points; p++) {
                tile1x1(a, aStride, depth, p, b, width, c, init, out, cStride);
            }
        }
    }

    /** The last input columns of the weight gradient, one vector at a time. */
    static void gradientRemainder(float[] delta, int deltaStride, int out, int points, float[] x, int xStride, int c,
                                  int inPad, float[] gw) {
        for (; c < inPad; c += LANES) {
            for (int o = 0; o < out; o++) {
                gradient1x1(delta, deltaStride, o, points, x, xStride, c, gw, inPad);
            }
        }
    }

    /** Rows [p, p + 4) by 1 vector of columns from c. */
    static void tile4x1(float[] a, int aStride, int depth, int p, float[] b, int bStride, int c, float[] init,
                          float[] out, int cStride) {
        final VectorSpecies<Float> s = SPECIES;
        final int l = LANES;
        FloatVector q0 = init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, c);
        FloatVector a00 = q0;
        FloatVector a10 = q0;
        FloatVector a20 = q0;
        FloatVector a30 = q0;
        int row = p * aStride;
        int bi = c;
        for (int k = 0; k < depth; k++, bi += bStride) {
            FloatVector b0 = FloatVector.fromArray(s, b, bi);
            FloatVector v = FloatVector.broadcast(s, a[row + k]);
            a00 = v.fma(b0, a00);
            v = FloatVector.broadcast(s, a[row + aStride + k]);
            a10 = v.fma(b0, a10);
            v = FloatVector.broadcast(s, a[row + 2 * aStride + k]);
            a20 = v.fma(b0, a20);
            v = FloatVector.broadcast(s, a[row + 3 * aStride + k]);
            a30 = v.fma(b0, a30);
        }
        int ci = p * cStride + c;
        a00.intoArray(out, ci);
        ci += cStride;
        a10.intoArray(out, ci);
        ci += cStride;
        a20.intoArray(out, ci);
        ci += cStride;
        a30.intoArray(out, ci);
    }

    /** Rows [p, p + 1) by 1 vector of columns from c. */
    static void tile1x1(float[] a, int aStride, int depth, int p, float[] b, int bStride, int c, float[] init,
                          float[] out, int cStride) {
        final VectorSpecies<Float> s = SPECIES;
        final int l = LANES;
        FloatVector q0 = init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, c);
        FloatVector a00 = q0;
        int row = p * aStride;
        int bi = c;
        for (int k = 0; k < depth; k++, bi += bStride) {
            FloatVector b0 = FloatVector.fromArray(s, b, bi);
            FloatVector v = FloatVector.broadcast(s, a[row + k]);
            a00 = v.fma(b0, a00);
        }
        int ci = p * cStride + c;
        a00.intoArray(out, ci);
    }

    /** Weight rows [o, o + 1) by 1 vector of inputs from c, summed over all points. */
    static void gradient1x1(float[] delta, int dStride, int o, int points, float[] x, int xStride, int c,
                              float[] gw, int inPad) {
        final VectorSpecies<Float> s = SPECIES;
        final int l = LANES;
        FloatVector z = FloatVector.zero(s);
        FloatVector a00 = z;
        int d = o;
        int xi = c;
        for (int p = 0; p < points; p++, d += dStride, xi += xStride) {
            FloatVector x0 = FloatVector.fromArray(s, x, xi);
            FloatVector v = FloatVector.broadcast(s, delta[d]);
            a00 = v.fma(x0, a00);
        }
        int g = o * inPad + c;
        FloatVector.fromArray(s, gw, g).add(a00).intoArray(gw, g);
    }

    @Override
    public final void activate(float[] y, int yStride, int points, int width, Activation activation, float omega,
                         float[] der, int derStride) {
        final VectorSpecies<Float> s = SPECIES;
        if (activation == Activation.RELU) {
            FloatVector zero = FloatVector.zero(s);
            FloatVector one = FloatVector.broadcast(s, 1f);
            for (int p = 0; p < points; p++) {
                for (int o = 0; o < width; o += LANES) {
                    int yi = p * yStride + o;
                    FloatVector a = FloatVector.fromArray(s, y, yi);
                    a.max(zero).intoArray(y, yi);
                    if (der != null) {
                        VectorMask<Float> positive = a.compare(VectorOperators.GT, zero);
                        zero.blend(one, positive).intoArray(der, p * derStride + o);
                    }
                }
            }
            return;
        }
        FloatVector vOmega = FloatVector.broadcast(s, omega);
        FloatVector invPi = FloatVector.broadcast(s, Trig.INV_PI);
        FloatVector magic = FloatVector.broadcast(s, Trig.ROUND_MAGIC);
        FloatVector piA = FloatVector.broadcast(s, Trig.PI_A);
        FloatVector piB = FloatVector.broadcast(s, Trig.PI_B);
        FloatVector piC = FloatVector.broadcast(s, Trig.PI_C);
        FloatVector s1 = FloatVector.broadcast(s, Trig.S1);
        FloatVector s2 = FloatVector.broadcast(s, Trig.S2);
        FloatVector s3 = FloatVector.broadcast(s, Trig.S3);
        FloatVector s4 = FloatVector.broadcast(s, Trig.S4);
        FloatVector c1 = FloatVector.broadcast(s, Trig.C1);
        FloatVector c2 = FloatVector.broadcast(s, Trig.C2);
        FloatVector c3 = FloatVector.broadcast(s, Trig.C3);
        FloatVector c4 = FloatVector.broadcast(s, Trig.C4);
        FloatVector one = FloatVector.broadcast(s, 1f);
        for (int p = 0; p < points; p++) {
            for (int o = 0; o < width; o += LANES) {
                int yi = p * yStride + o;
                FloatVector arg = FloatVector.fromArray(s, y, yi).mul(vOmega);
                FloatVector shifted = arg.fma(invPi, magic);
                IntVector parity = shifted.reinterpretAsInts().lanewise(VectorOperators.LSHL, 31);
                FloatVector k = shifted.sub(magic).neg();
                FloatVector r = k.fma(piA, arg);
                r = k.fma(piB, r);
                r = k.fma(piC, r);
                FloatVector r2 = r.mul(r);
                FloatVector ps = s4.fma(r2, s3).fma(r2, s2).fma(r2, s1);
                FloatVector sin = r.mul(r2).fma(ps, r);
                sin.reinterpretAsInts().lanewise(VectorOperators.XOR, parity).reinterpretAsFloats().intoArray(y, yi);
                if (der != null) {
                    FloatVector pc = c4.fma(r2, c3).fma(r2, c2).fma(r2, c1);
                    FloatVector cos = r2.fma(pc, one);
                    cos.reinterpretAsInts().lanewise(VectorOperators.XOR, parity).reinterpretAsFloats().mul(vOmega)
                            .intoArray(der, p * derStride + o);
                }
            }
        }
    }

    @Override
    public final void multiply(float[] g, int gStride, float[] der, int derStride, int points, int width, float[] out,
                         int outStride) {
        final VectorSpecies<Float> s = SPECIES;
        for (int p = 0; p < points; p++) {
            for (int o = 0; o < width; o += LANES) {
                FloatVector.fromArray(s, g, p * gStride + o).mul(FloatVector.fromArray(s, der, p * derStride + o))
                        .intoArray(out, p * outStride + o);
            }
        }
    }

    @Override
    public final void columnSums(float[] delta, int deltaStride, int points, int width, float[] sums) {
        final VectorSpecies<Float> s = SPECIES;
        for (int o = 0; o < width; o += LANES) {
            FloatVector acc = FloatVector.zero(s);
            for (int p = 0; p < points; p++) {
                acc = acc.add(FloatVector.fromArray(s, delta, p * deltaStride + o));
            }
            FloatVector.fromArray(s, sums, o).add(acc).intoArray(sums, o);
        }
    }
}
