package io.github.cellinr.nn;

import java.util.Arrays;

/**
 * The fused forward and backward pass of a {@link PackedMlp} on one chunk of points that share a latent
 * code and a rotation (one shape, e.g. one training frame). One instance per thread: it owns every buffer
 * it needs, so a pass allocates nothing.
 *
 * <p>Activations are point-major: one row per point, the layer's outputs followed by the coordinates the
 * next layer takes, so every layer is one small matrix product ({@link Kernels}). A chunk of 64 points keeps
 * a layer's activations (64 x 128 floats) in the L1 cache and all layers of a training pass in L2.
 *
 * <p>Use: {@link #setShape} once per shape, then per chunk {@link #forward} and (training mode) {@link #backward};
 * at the end of the shape {@link #flushShape} moves the latent and rotation gradients out.
 */
public final class ChunkEngine {
    /** Points per chunk unless told otherwise. */
    public static final int DEFAULT_CHUNK = 64;

    private final PackedMlp net;
    private final Kernels kernels;
    private final int chunk;
    private final boolean training;
    private final int layerCount;
    private final int latentSize;
    private final Activation activation;
    private final float omega;

    private final float[] input;
    private final float[][] act;
    private final float[][] der;
    private final float[][] bias;
    private final float[] dx;
    private final float[] delta;
    private final float[] deltaLast;
    private final float[] world;
    private final float[] coordinateGradient;
    private final float[][] shapeSums;
    private final float[] latent;
    private final float[] rotation = new float[9];
    private final double[] rotationGradient = new double[9];
    private int points;

    /**
     * @param chunkSize points per chunk, a multiple of 4
     * @param training  keep what the backward pass needs (activations and derivatives of every layer)
     */
    public ChunkEngine(PackedMlp net, Kernels kernels, int chunkSize, boolean training) {
        if (chunkSize < 4 || chunkSize % 4 != 0) {
            throw new IllegalArgumentException("chunk size must be a positive multiple of 4, got " + chunkSize);
        }
        this.net = net;
        this.kernels = kernels;
        this.chunk = chunkSize;
        this.training = training;
        this.layerCount = net.layerCount();
        MlpLayout layout = net.layout();
        this.latentSize = layout.latentSize();
        this.activation = layout.activation();
        this.omega = (float) layout.omega0();
        int maxIn = 0;
        int maxOut = 0;
        int maxAct = 0;
        for (int l = 0; l < layerCount; l++) {
            PackedMlp.Layer p = net.layer(l);
            maxIn = Math.max(maxIn, p.inPad);
            maxOut = Math.max(maxOut, p.outPad);
            maxAct = Math.max(maxAct, p.actStride);
        }
        input = new float[chunk * net.layer(0).inPad];
        act = new float[layerCount][];
        der = new float[layerCount][];
        bias = new float[layerCount][];
        shapeSums = new float[layerCount][];
        float[][] pingPong = training ? null : new float[][] {new float[chunk * maxAct], new float[chunk * maxAct]};
        for (int l = 0; l < layerCount; l++) {
            PackedMlp.Layer p = net.layer(l);
            act[l] = training ? new float[chunk * p.actStride] : pingPong[l % 2];
            der[l] = training && l < layerCount - 1 ? new float[chunk * p.outPad] : null;
            bias[l] = new float[p.outPad];
            shapeSums[l] = p.latent > 0 ? new float[p.outPad] : null;
        }
        dx = training ? new float[chunk * maxIn] : null;
        delta = training ? new float[chunk * maxOut] : null;
        deltaLast = training ? new float[chunk * net.layer(layerCount - 1).outPad] : null;
        world = new float[chunk * 3];
        coordinateGradient = training ? new float[chunk * 3] : null;
        latent = new float[latentSize];
        setShape(new float[latentSize], 0, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
    }

    public int chunkSize() {
        return chunk;
    }

    /**
     * Sets the shape the next chunks belong to: the latent code {@code codes[offset .. offset + latentSize)}
     * and the rotation R (row-major; the network sees {@code R^T x}). Folds {@code W_z z} into the biases.
     * Clears the shape's gradient accumulators.
     */
    public void setShape(float[] codes, int offset, double[] rotationRowMajor) {
        System.arraycopy(codes, offset, latent, 0, latentSize);
        for (int i = 0; i < 9; i++) {
            rotation[i] = (float) rotationRowMajor[i];
        }
        for (int l = 0; l < layerCount; l++) {
            PackedMlp.Layer p = net.layer(l);
            System.arraycopy(p.b, 0, bias[l], 0, p.outPad);
            if (p.latent > 0) {
                for (int o = 0; o < p.out; o++) {
                    float acc = bias[l][o];
                    int row = o * p.latent;
                    for (int k = 0; k < p.latent; k++) {
                        acc = Math.fma(p.wz[row + k], latent[k], acc);
                    }
                    bias[l][o] = acc;
                }
                Arrays.fill(shapeSums[l], 0f);
            }
        }
        Arrays.fill(rotationGradient, 0);
    }

    /**
     * Forward pass of {@code count <= chunkSize} points. Coordinates are normalised and unrotated
     * ({@code xyz} interleaved, from {@code xyzOffset}); the time is {@code times[timeOffset + p]} or, when
     * {@code times} is null, {@code time} for all. Writes the network outputs to {@code out[outOffset ..)}.
     */
    public void forward(float[] xyz, int xyzOffset, float[] times, int timeOffset, float time, int count,
                        float[] out, int outOffset) {
        if (count < 1 || count > chunk) {
            throw new IllegalArgumentException("count must be in [1, " + chunk + "], got " + count);
        }
        points = (count + 3) & ~3;
        PackedMlp.Layer first = net.layer(0);
        int inStride = first.inPad;
        float[] r = rotation;
        for (int p = 0; p < points; p++) {
            int row = p * inStride;
            if (p < count) {
                int q = xyzOffset + 3 * p;
                float x = xyz[q];
                float y = xyz[q + 1];
                float z = xyz[q + 2];
                world[3 * p] = x;
                world[3 * p + 1] = y;
                world[3 * p + 2] = z;
                // x' = R^T x: column j of R dotted with x
                input[row] = Math.fma(r[6], z, Math.fma(r[3], y, r[0] * x));
                input[row + 1] = Math.fma(r[7], z, Math.fma(r[4], y, r[1] * x));
                input[row + 2] = Math.fma(r[8], z, Math.fma(r[5], y, r[2] * x));
                input[row + 3] = times == null ? time : times[timeOffset + p];
            } else {
                world[3 * p] = 0f;
                world[3 * p + 1] = 0f;
                world[3 * p + 2] = 0f;
                input[row] = 0f;
                input[row + 1] = 0f;
                input[row + 2] = 0f;
                input[row + 3] = 0f;
            }
        }
        float[] x = input;
        for (int l = 0; l < layerCount; l++) {
            PackedMlp.Layer p = net.layer(l);
            float[] y = act[l];
            kernels.linear(x, p.inPad, p.nIn, points, p.wt, p.outPad, bias[l], y, p.actStride);
            if (l < layerCount - 1) {
                kernels.activate(y, p.actStride, points, p.outPad, activation, omega, der[l], p.outPad);
                if (net.layer(l + 1).coordinates) {
                    for (int q = 0; q < points; q++) {
                        int dst = q * p.actStride + p.out;
                        int src = q * inStride;
                        y[dst] = input[src];
                        y[dst + 1] = input[src + 1];
                        y[dst + 2] = input[src + 2];
                        y[dst + 3] = input[src + 3];
                    }
                }
            }
            x = y;
        }
        PackedMlp.Layer last = net.layer(layerCount - 1);
        float[] y = act[layerCount - 1];
        for (int p = 0; p < count; p++) {
            out[outOffset + p] = y[p * last.actStride];
        }
    }

    /**
     * Backward pass of the last {@link #forward}: {@code dLdy[offset + p]} is the loss gradient of point p's
     * output. Adds weight and bias gradients to {@code g} (skipped when null: fitting a code with the network
     * frozen); the latent code's and the rotation's gradients stay in this engine until {@link #flushShape}.
     *
     * @param withRotation whether to accumulate the gradient with respect to R (costs one more small product)
     */
    public void backward(float[] dLdy, int offset, int count, Gradients g, boolean withRotation) {
        if (!training) {
            throw new IllegalStateException("this engine was made for inference only");
        }
        int last = layerCount - 1;
        PackedMlp.Layer lastLayer = net.layer(last);
        int lastStride = lastLayer.outPad;
        Arrays.fill(deltaLast, 0, points * lastStride, 0f);
        for (int p = 0; p < count; p++) {
            deltaLast[p * lastStride] = dLdy[offset + p];
        }
        if (withRotation) {
            Arrays.fill(coordinateGradient, 0, points * 3, 0f);
        }
        float[] d = deltaLast;
        int dStride = lastStride;
        for (int l = last; l >= 0; l--) {
            PackedMlp.Layer p = net.layer(l);
            float[] x = l == 0 ? input : act[l - 1];
            if (g != null) {
                kernels.weightGradient(d, dStride, p.out, points, x, p.inPad, p.inPad, g.w[l]);
            }
            if (p.latent > 0) {
                kernels.columnSums(d, dStride, points, p.outPad, shapeSums[l]);
            } else if (g != null) {
                kernels.columnSums(d, dStride, points, p.outPad, g.b[l]);
            }
            boolean needCoordinates = withRotation && p.coordinates;
            if (l == 0 && !needCoordinates) {
                break;
            }
            kernels.inputGradient(d, dStride, p.out, points, p.w, p.inPad, dx, p.inPad);
            if (needCoordinates) {
                for (int q = 0; q < points; q++) {
                    int src = q * p.inPad + p.hiddenIn;
                    coordinateGradient[3 * q] += dx[src];
                    coordinateGradient[3 * q + 1] += dx[src + 1];
                    coordinateGradient[3 * q + 2] += dx[src + 2];
                }
            }
            if (l > 0) {
                PackedMlp.Layer below = net.layer(l - 1);
                kernels.multiply(dx, p.inPad, der[l - 1], below.outPad, points, below.outPad, delta, below.outPad);
                d = delta;
                dStride = below.outPad;
            }
        }
        if (withRotation) {
            // x'_j = sum_k R[k][j] x_k, so dL/dR[k][j] = sum_p dL/dx'_j x_k; stored row-major as [k][j]
            double[] gr = rotationGradient;
            for (int q = 0; q < points; q++) {
                double gx = coordinateGradient[3 * q];
                double gy = coordinateGradient[3 * q + 1];
                double gz = coordinateGradient[3 * q + 2];
                for (int k = 0; k < 3; k++) {
                    double xk = world[3 * q + k];
                    gr[3 * k] += gx * xk;
                    gr[3 * k + 1] += gy * xk;
                    gr[3 * k + 2] += gz * xk;
                }
            }
        }
    }

    /**
     * Ends a shape: adds the latent layers' bias and weight gradients to {@code g} (when not null), adds
     * dL/dz to {@code latentGradient[offset .. offset + latentSize)} and dL/dR (row-major) to
     * {@code rotationGradientOut} (when not null), and clears the shape's accumulators.
     */
    public void flushShape(Gradients g, double[] latentGradient, int offset, double[] rotationGradientOut) {
        for (int l = 0; l < layerCount; l++) {
            PackedMlp.Layer p = net.layer(l);
            if (p.latent == 0) {
                continue;
            }
            float[] s = shapeSums[l];
            for (int o = 0; o < p.out; o++) {
                float so = s[o];
                if (g != null) {
                    g.b[l][o] += so;
                    int row = o * p.latent;
                    for (int k = 0; k < p.latent; k++) {
                        g.wz[l][row + k] += so * latent[k];
                    }
                }
                if (latentGradient != null) {
                    int row = o * p.latent;
                    for (int k = 0; k < p.latent; k++) {
                        latentGradient[offset + k] += (double) so * p.wz[row + k];
                    }
                }
            }
            Arrays.fill(s, 0f);
        }
        if (rotationGradientOut != null) {
            for (int i = 0; i < 9; i++) {
                rotationGradientOut[i] += rotationGradient[i];
            }
        }
        Arrays.fill(rotationGradient, 0);
    }
}
