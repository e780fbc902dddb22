package io.github.cellinr.nn;

/**
 * The few dense primitives the engine is made of, on point-major blocks: a block of {@code points} rows
 * (a multiple of 4), each row a point's features, rows {@code stride} floats apart. Weight matrices are
 * row-major and zero-padded to whole vectors ({@link PackedMlp}). Two implementations compute the same
 * maths in the same order: {@link #PLAIN} (scalar Java, the test oracle) and the vector kernels
 * ({@code jdk.incubator.vector}, register-blocked in a tile shape chosen for the CPU: {@link #VECTOR}). Sums run in a fixed order, so results are
 * reproducible bit for bit.
 */
public interface Kernels {

    /** Scalar reference implementation. */
    Kernels PLAIN = PlainKernels.INSTANCE;

    /**
     * The kernels selected for this CPU ({@link KernelSelection#current()}): the vector kernels in the tile
     * shape that fits its register file, or the plain ones where the Vector API module is absent.
     */
    Kernels VECTOR = KernelSelection.current().kernels();

    /**
     * Pre-activations: {@code y[p][o] = bias[o] + sum_{i < nIn} x[p][i] wt[i][o]} for every {@code o < outPad}
     * ({@code wt} is the transposed weight matrix, {@code nIn x outPad}).
     */
    void linear(float[] x, int xStride, int nIn, int points, float[] wt, int outPad, float[] bias,
                float[] y, int yStride);

    /**
     * Applies the activation in place to columns {@code [0, width)} of {@code y}; when {@code der} is not
     * null also stores the activation's derivative there. {@code omega} scales the sine's argument.
     */
    void activate(float[] y, int yStride, int points, int width, Activation activation, float omega,
                  float[] der, int derStride);

    /** {@code out[p][o] = g[p][o] * der[p][o]} for {@code o < width}. */
    void multiply(float[] g, int gStride, float[] der, int derStride, int points, int width, float[] out,
                  int outStride);

    /**
     * Input gradient: {@code dx[p][i] = sum_{o < out} delta[p][o] w[o][i]} for every {@code i < inPad}
     * ({@code w} is {@code out x inPad}).
     */
    void inputGradient(float[] delta, int deltaStride, int out, int points, float[] w, int inPad, float[] dx,
                       int dxStride);

    /**
     * Weight gradient, accumulated: {@code gw[o][i] += sum_p delta[p][o] x[p][i]} for {@code o < out},
     * {@code i < inPad}.
     */
    void weightGradient(float[] delta, int deltaStride, int out, int points, float[] x, int xStride, int inPad,
                        float[] gw);

    /** Column sums, accumulated: {@code sums[o] += sum_p delta[p][o]} for {@code o < width}. */
    void columnSums(float[] delta, int deltaStride, int points, int width, float[] sums);
}
