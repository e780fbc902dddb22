package io.github.cellinr.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The engine's SIMD kernels. Every product is a register-blocked outer product: a tile of 4 x 4 vector
 * accumulators (4 points or 4 weight rows by 4 vectors of columns) is updated with 4 vector loads and 4
 * scalar broadcasts per step, so the loop is bound by fused multiply-adds, not memory. Accumulators are
 * plain locals (not arrays) so the JIT keeps them in registers. Each output is summed in the same order as
 * {@link PlainKernels}.
 */
final class VectorKernels implements Kernels {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();
    private static final int TILE = 4 * LANES;

    @Override
    public void linear(float[] x, int xStride, int nIn, int points, float[] wt, int outPad, float[] bias,
                       float[] y, int yStride) {
        final VectorSpecies<Float> s = SPECIES;
        final int l = LANES;
        int c = 0;
        for (; c + TILE <= outPad; c += TILE) {
            FloatVector b0 = FloatVector.fromArray(s, bias, c);
            FloatVector b1 = FloatVector.fromArray(s, bias, c + l);
            FloatVector b2 = FloatVector.fromArray(s, bias, c + 2 * l);
            FloatVector b3 = FloatVector.fromArray(s, bias, c + 3 * l);
            for (int p = 0; p < points; p += 4) {
                FloatVector a00 = b0, a01 = b1, a02 = b2, a03 = b3;
                FloatVector a10 = b0, a11 = b1, a12 = b2, a13 = b3;
                FloatVector a20 = b0, a21 = b1, a22 = b2, a23 = b3;
                FloatVector a30 = b0, a31 = b1, a32 = b2, a33 = b3;
                int x0 = p * xStride;
                int x1 = x0 + xStride;
                int x2 = x1 + xStride;
                int x3 = x2 + xStride;
                int w = c;
                for (int i = 0; i < nIn; i++, w += outPad) {
                    FloatVector w0 = FloatVector.fromArray(s, wt, w);
                    FloatVector w1 = FloatVector.fromArray(s, wt, w + l);
                    FloatVector w2 = FloatVector.fromArray(s, wt, w + 2 * l);
                    FloatVector w3 = FloatVector.fromArray(s, wt, w + 3 * l);
                    FloatVector v = FloatVector.broadcast(s, x[x0 + i]);
                    a00 = v.fma(w0, a00);
                    a01 = v.fma(w1, a01);
                    a02 = v.fma(w2, a02);
                    a03 = v.fma(w3, a03);
                    v = FloatVector.broadcast(s, x[x1 + i]);
                    a10 = v.fma(w0, a10);
                    a11 = v.fma(w1, a11);
                    a12 = v.fma(w2, a12);
                    a13 = v.fma(w3, a13);
                    v = FloatVector.broadcast(s, x[x2 + i]);
                    a20 = v.fma(w0, a20);
                    a21 = v.fma(w1, a21);
                    a22 = v.fma(w2, a22);
                    a23 = v.fma(w3, a23);
                    v = FloatVector.broadcast(s, x[x3 + i]);
                    a30 = v.fma(w0, a30);
                    a31 = v.fma(w1, a31);
                    a32 = v.fma(w2, a32);
                    a33 = v.fma(w3, a33);
                }
                int y0 = p * yStride + c;
                int y1 = y0 + yStride;
                int y2 = y1 + yStride;
                int y3 = y2 + yStride;
                a00.intoArray(y, y0);
                a01.intoArray(y, y0 + l);
                a02.intoArray(y, y0 + 2 * l);
                a03.intoArray(y, y0 + 3 * l);
                a10.intoArray(y, y1);
                a11.intoArray(y, y1 + l);
                a12.intoArray(y, y1 + 2 * l);
                a13.intoArray(y, y1 + 3 * l);
                a20.intoArray(y, y2);
                a21.intoArray(y, y2 + l);
                a22.intoArray(y, y2 + 2 * l);
                a23.intoArray(y, y2 + 3 * l);
                a30.intoArray(y, y3);
                a31.intoArray(y, y3 + l);
                a32.intoArray(y, y3 + 2 * l);
                a33.intoArray(y, y3 + 3 * l);
            }
        }
        for (; c < outPad; c += l) {
            FloatVector b = FloatVector.fromArray(s, bias, c);
            for (int p = 0; p < points; p += 4) {
                FloatVector a0 = b, a1 = b, a2 = b, a3 = b;
                int x0 = p * xStride;
                int x1 = x0 + xStride;
                int x2 = x1 + xStride;
                int x3 = x2 + xStride;
                int w = c;
                for (int i = 0; i < nIn; i++, w += outPad) {
                    FloatVector w0 = FloatVector.fromArray(s, wt, w);
                    a0 = FloatVector.broadcast(s, x[x0 + i]).fma(w0, a0);
                    a1 = FloatVector.broadcast(s, x[x1 + i]).fma(w0, a1);
                    a2 = FloatVector.broadcast(s, x[x2 + i]).fma(w0, a2);
                    a3 = FloatVector.broadcast(s, x[x3 + i]).fma(w0, a3);
                }
                int y0 = p * yStride + c;
                a0.intoArray(y, y0);
                a1.intoArray(y, y0 + yStride);
                a2.intoArray(y, y0 + 2 * yStride);
                a3.intoArray(y, y0 + 3 * yStride);
            }
        }
    }

    @Override
    public void activate(float[] y, int yStride, int points, int width, Activation activation, float omega,
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
    public void multiply(float[] g, int gStride, float[] der, int derStride, int points, int width, float[] out,
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
    public void inputGradient(float[] delta, int deltaStride, int out, int points, float[] w, int inPad,
                              float[] dx, int dxStride) {
        final VectorSpecies<Float> s = SPECIES;
        final int l = LANES;
        int c = 0;
        for (; c + TILE <= inPad; c += TILE) {
            for (int p = 0; p < points; p += 4) {
                FloatVector a00 = FloatVector.zero(s), a01 = a00, a02 = a00, a03 = a00;
                FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
                FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
                FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
                int d0 = p * deltaStride;
                int d1 = d0 + deltaStride;
                int d2 = d1 + deltaStride;
                int d3 = d2 + deltaStride;
                int wi = c;
                for (int o = 0; o < out; o++, wi += inPad) {
                    FloatVector w0 = FloatVector.fromArray(s, w, wi);
                    FloatVector w1 = FloatVector.fromArray(s, w, wi + l);
                    FloatVector w2 = FloatVector.fromArray(s, w, wi + 2 * l);
                    FloatVector w3 = FloatVector.fromArray(s, w, wi + 3 * l);
                    FloatVector v = FloatVector.broadcast(s, delta[d0 + o]);
                    a00 = v.fma(w0, a00);
                    a01 = v.fma(w1, a01);
                    a02 = v.fma(w2, a02);
                    a03 = v.fma(w3, a03);
                    v = FloatVector.broadcast(s, delta[d1 + o]);
                    a10 = v.fma(w0, a10);
                    a11 = v.fma(w1, a11);
                    a12 = v.fma(w2, a12);
                    a13 = v.fma(w3, a13);
                    v = FloatVector.broadcast(s, delta[d2 + o]);
                    a20 = v.fma(w0, a20);
                    a21 = v.fma(w1, a21);
                    a22 = v.fma(w2, a22);
                    a23 = v.fma(w3, a23);
                    v = FloatVector.broadcast(s, delta[d3 + o]);
                    a30 = v.fma(w0, a30);
                    a31 = v.fma(w1, a31);
                    a32 = v.fma(w2, a32);
                    a33 = v.fma(w3, a33);
                }
                int y0 = p * dxStride + c;
                int y1 = y0 + dxStride;
                int y2 = y1 + dxStride;
                int y3 = y2 + dxStride;
                a00.intoArray(dx, y0);
                a01.intoArray(dx, y0 + l);
                a02.intoArray(dx, y0 + 2 * l);
                a03.intoArray(dx, y0 + 3 * l);
                a10.intoArray(dx, y1);
                a11.intoArray(dx, y1 + l);
                a12.intoArray(dx, y1 + 2 * l);
                a13.intoArray(dx, y1 + 3 * l);
                a20.intoArray(dx, y2);
                a21.intoArray(dx, y2 + l);
                a22.intoArray(dx, y2 + 2 * l);
                a23.intoArray(dx, y2 + 3 * l);
                a30.intoArray(dx, y3);
                a31.intoArray(dx, y3 + l);
                a32.intoArray(dx, y3 + 2 * l);
                a33.intoArray(dx, y3 + 3 * l);
            }
        }
        for (; c < inPad; c += l) {
            for (int p = 0; p < points; p += 4) {
                FloatVector a0 = FloatVector.zero(s), a1 = a0, a2 = a0, a3 = a0;
                int d0 = p * deltaStride;
                int wi = c;
                for (int o = 0; o < out; o++, wi += inPad) {
                    FloatVector w0 = FloatVector.fromArray(s, w, wi);
                    a0 = FloatVector.broadcast(s, delta[d0 + o]).fma(w0, a0);
                    a1 = FloatVector.broadcast(s, delta[d0 + deltaStride + o]).fma(w0, a1);
                    a2 = FloatVector.broadcast(s, delta[d0 + 2 * deltaStride + o]).fma(w0, a2);
                    a3 = FloatVector.broadcast(s, delta[d0 + 3 * deltaStride + o]).fma(w0, a3);
                }
                int y0 = p * dxStride + c;
                a0.intoArray(dx, y0);
                a1.intoArray(dx, y0 + dxStride);
                a2.intoArray(dx, y0 + 2 * dxStride);
                a3.intoArray(dx, y0 + 3 * dxStride);
            }
        }
    }

    @Override
    public void weightGradient(float[] delta, int deltaStride, int out, int points, float[] x, int xStride,
                               int inPad, float[] gw) {
        final VectorSpecies<Float> s = SPECIES;
        final int l = LANES;
        int c = 0;
        for (; c + TILE <= inPad; c += TILE) {
            int o = 0;
            for (; o + 4 <= out; o += 4) {
                FloatVector a00 = FloatVector.zero(s), a01 = a00, a02 = a00, a03 = a00;
                FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
                FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
                FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
                int d = o;
                int xi = c;
                for (int p = 0; p < points; p++, d += deltaStride, xi += xStride) {
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
                int g0 = o * inPad + c;
                int g1 = g0 + inPad;
                int g2 = g1 + inPad;
                int g3 = g2 + inPad;
                FloatVector.fromArray(s, gw, g0).add(a00).intoArray(gw, g0);
                FloatVector.fromArray(s, gw, g0 + l).add(a01).intoArray(gw, g0 + l);
                FloatVector.fromArray(s, gw, g0 + 2 * l).add(a02).intoArray(gw, g0 + 2 * l);
                FloatVector.fromArray(s, gw, g0 + 3 * l).add(a03).intoArray(gw, g0 + 3 * l);
                FloatVector.fromArray(s, gw, g1).add(a10).intoArray(gw, g1);
                FloatVector.fromArray(s, gw, g1 + l).add(a11).intoArray(gw, g1 + l);
                FloatVector.fromArray(s, gw, g1 + 2 * l).add(a12).intoArray(gw, g1 + 2 * l);
                FloatVector.fromArray(s, gw, g1 + 3 * l).add(a13).intoArray(gw, g1 + 3 * l);
                FloatVector.fromArray(s, gw, g2).add(a20).intoArray(gw, g2);
                FloatVector.fromArray(s, gw, g2 + l).add(a21).intoArray(gw, g2 + l);
                FloatVector.fromArray(s, gw, g2 + 2 * l).add(a22).intoArray(gw, g2 + 2 * l);
                FloatVector.fromArray(s, gw, g2 + 3 * l).add(a23).intoArray(gw, g2 + 3 * l);
                FloatVector.fromArray(s, gw, g3).add(a30).intoArray(gw, g3);
                FloatVector.fromArray(s, gw, g3 + l).add(a31).intoArray(gw, g3 + l);
                FloatVector.fromArray(s, gw, g3 + 2 * l).add(a32).intoArray(gw, g3 + 2 * l);
                FloatVector.fromArray(s, gw, g3 + 3 * l).add(a33).intoArray(gw, g3 + 3 * l);
            }
            for (; o < out; o++) {
                FloatVector a0 = FloatVector.zero(s), a1 = a0, a2 = a0, a3 = a0;
                int d = o;
                int xi = c;
                for (int p = 0; p < points; p++, d += deltaStride, xi += xStride) {
                    FloatVector v = FloatVector.broadcast(s, delta[d]);
                    a0 = v.fma(FloatVector.fromArray(s, x, xi), a0);
                    a1 = v.fma(FloatVector.fromArray(s, x, xi + l), a1);
                    a2 = v.fma(FloatVector.fromArray(s, x, xi + 2 * l), a2);
                    a3 = v.fma(FloatVector.fromArray(s, x, xi + 3 * l), a3);
                }
                int g0 = o * inPad + c;
                FloatVector.fromArray(s, gw, g0).add(a0).intoArray(gw, g0);
                FloatVector.fromArray(s, gw, g0 + l).add(a1).intoArray(gw, g0 + l);
                FloatVector.fromArray(s, gw, g0 + 2 * l).add(a2).intoArray(gw, g0 + 2 * l);
                FloatVector.fromArray(s, gw, g0 + 3 * l).add(a3).intoArray(gw, g0 + 3 * l);
            }
        }
        for (; c < inPad; c += l) {
            for (int o = 0; o < out; o++) {
                FloatVector a = FloatVector.zero(s);
                int d = o;
                int xi = c;
                for (int p = 0; p < points; p++, d += deltaStride, xi += xStride) {
                    a = FloatVector.broadcast(s, delta[d]).fma(FloatVector.fromArray(s, x, xi), a);
                }
                int g = o * inPad + c;
                FloatVector.fromArray(s, gw, g).add(a).intoArray(gw, g);
            }
        }
    }

    @Override
    public void columnSums(float[] delta, int deltaStride, int points, int width, float[] sums) {
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
