package io.github.cellinr.nn;

/**
 * Scalar kernels: the definition of what the vector kernels must compute, operation for operation (fused
 * multiply-adds in the same order), so the two agree to rounding and tests can compare them.
 */
final class PlainKernels implements Kernels {
    /** The one instance ({@link Kernels#PLAIN}); {@link KernelSelection} takes it from here, not from
     * {@code Kernels}, whose initialisation asks the selection in turn. */
    static final PlainKernels INSTANCE = new PlainKernels();

    private PlainKernels() {
    }

    @Override
    public void linear(float[] x, int xStride, int nIn, int points, float[] wt, int outPad, float[] bias,
                       float[] y, int yStride) {
        for (int p = 0; p < points; p++) {
            int xRow = p * xStride;
            int yRow = p * yStride;
            for (int o = 0; o < outPad; o++) {
                float acc = bias[o];
                for (int i = 0; i < nIn; i++) {
                    acc = Math.fma(x[xRow + i], wt[i * outPad + o], acc);
                }
                y[yRow + o] = acc;
            }
        }
    }

    @Override
    public void activate(float[] y, int yStride, int points, int width, Activation activation, float omega,
                         float[] der, int derStride) {
        for (int p = 0; p < points; p++) {
            int yRow = p * yStride;
            int dRow = p * derStride;
            for (int o = 0; o < width; o++) {
                float a = y[yRow + o];
                if (activation == Activation.SINE) {
                    float arg = a * omega;
                    y[yRow + o] = Trig.sin(arg);
                    if (der != null) {
                        der[dRow + o] = Trig.cos(arg) * omega;
                    }
                } else {
                    y[yRow + o] = Math.max(a, 0f);
                    if (der != null) {
                        der[dRow + o] = a > 0f ? 1f : 0f;
                    }
                }
            }
        }
    }

    @Override
    public void multiply(float[] g, int gStride, float[] der, int derStride, int points, int width, float[] out,
                         int outStride) {
        for (int p = 0; p < points; p++) {
            for (int o = 0; o < width; o++) {
                out[p * outStride + o] = g[p * gStride + o] * der[p * derStride + o];
            }
        }
    }

    @Override
    public void inputGradient(float[] delta, int deltaStride, int out, int points, float[] w, int inPad,
                              float[] dx, int dxStride) {
        for (int p = 0; p < points; p++) {
            for (int i = 0; i < inPad; i++) {
                float acc = 0f;
                for (int o = 0; o < out; o++) {
                    acc = Math.fma(delta[p * deltaStride + o], w[o * inPad + i], acc);
                }
                dx[p * dxStride + i] = acc;
            }
        }
    }

    @Override
    public void weightGradient(float[] delta, int deltaStride, int out, int points, float[] x, int xStride,
                               int inPad, float[] gw) {
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < inPad; i++) {
                float acc = 0f;
                for (int p = 0; p < points; p++) {
                    acc = Math.fma(delta[p * deltaStride + o], x[p * xStride + i], acc);
                }
                gw[o * inPad + i] += acc;
            }
        }
    }

    @Override
    public void columnSums(float[] delta, int deltaStride, int points, int width, float[] sums) {
        for (int o = 0; o < width; o++) {
            float acc = 0f;
            for (int p = 0; p < points; p++) {
                acc += delta[p * deltaStride + o];
            }
            sums[o] += acc;
        }
    }
}
