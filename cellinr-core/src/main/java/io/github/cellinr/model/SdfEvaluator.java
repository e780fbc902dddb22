package io.github.cellinr.model;

import io.github.cellinr.core.Parallel;
import io.github.cellinr.core.Rotation;
import io.github.cellinr.nn.ChunkEngine;
import io.github.cellinr.nn.EulerAngles;
import io.github.cellinr.nn.Kernels;
import io.github.cellinr.nn.MlpLayout;
import io.github.cellinr.nn.PackedMlp;

/**
 * Evaluates a trained decoder: {@code f(R^T x, t, z)}, the SDF in normalised units (times the model's
 * micrometres per unit for micrometres) of the shape with latent code z and rotation R at time t, at points x
 * in normalised coordinates of the rotated (observed) shape.
 *
 * <p>Thread-safe: every thread gets its own buffers, so callers parallelise by calling from several threads
 * (or use {@link #evaluateGrid(float[], Rotation, double, float[], float[], float[], float[], int)}). The
 * weights are a private copy: later changes to the model's arrays do not affect an evaluator.
 */
public final class SdfEvaluator {
    private final PackedMlp net;
    private final int latentSize;
    private final Kernels kernels;
    private final int chunk;
    private final ThreadLocal<Buffers> buffers;

    private final class Buffers {
        final ChunkEngine inference = new ChunkEngine(net, kernels, chunk, false);
        ChunkEngine training;
        final float[] xyz = new float[3 * chunk];
        final float[] out = new float[chunk];
        final float[] dLdy = new float[chunk];

        ChunkEngine training() {
            if (training == null) {
                training = new ChunkEngine(net, kernels, chunk, true);
            }
            return training;
        }
    }

    /** An evaluator over a copy of {@code parameters} (flat, {@link MlpLayout} order). */
    public SdfEvaluator(MlpLayout layout, float[] parameters) {
        this(layout, parameters, Kernels.VECTOR, ChunkEngine.DEFAULT_CHUNK);
    }

    /** With an explicit kernel set and chunk size (tests and benchmarks). */
    public SdfEvaluator(MlpLayout layout, float[] parameters, Kernels kernels, int chunkSize) {
        this.net = PackedMlp.of(layout, parameters.clone());
        this.latentSize = layout.latentSize();
        this.kernels = kernels;
        this.chunk = chunkSize;
        this.buffers = ThreadLocal.withInitial(Buffers::new);
    }

    public int latentSize() {
        return latentSize;
    }

    /**
     * SDF at {@code count} points {@code xyz[3i .. 3i+3)}, all at time {@code t}, into {@code out[0 .. count)}.
     */
    public void evaluate(float[] latent, Rotation rotation, double t, float[] xyz, int count, float[] out) {
        evaluate(latent, rotation, null, (float) t, xyz, count, out);
    }

    /** As {@link #evaluate(float[], Rotation, double, float[], int, float[])} with a time per point. */
    public void evaluate(float[] latent, Rotation rotation, float[] times, float[] xyz, int count, float[] out) {
        if (times.length < count) {
            throw new IllegalArgumentException("need " + count + " times, got " + times.length);
        }
        evaluate(latent, rotation, times, 0f, xyz, count, out);
    }

    private void evaluate(float[] latent, Rotation rotation, float[] times, float t, float[] xyz, int count,
                          float[] out) {
        checkLatent(latent);
        if (xyz.length < 3 * count || out.length < count) {
            throw new IllegalArgumentException("arrays too short for " + count + " points");
        }
        ChunkEngine engine = buffers.get().inference;
        engine.setShape(latent, 0, rotation.matrix());
        for (int start = 0; start < count; start += chunk) {
            int n = Math.min(chunk, count - start);
            engine.forward(xyz, 3 * start, times, start, t, n, out, start);
        }
    }

    /** SDF at one point (convenient, not fast). */
    public float evaluate(float[] latent, Rotation rotation, double t, double x, double y, double z) {
        float[] out = new float[1];
        evaluate(latent, rotation, t, new float[] {(float) x, (float) y, (float) z}, 1, out);
        return out[0];
    }

    /**
     * SDF on the grid {@code xs x ys x zs} (normalised coordinates of each axis), x fastest:
     * {@code out[(k * ys.length + j) * xs.length + i]} is the value at {@code (xs[i], ys[j], zs[k])}.
     */
    public void evaluateGrid(float[] latent, Rotation rotation, double t, float[] xs, float[] ys, float[] zs,
                             float[] out) {
        evaluateSlices(latent, rotation, (float) t, xs, ys, zs, out, 0, zs.length);
    }

    /** As {@link #evaluateGrid(float[], Rotation, double, float[], float[], float[], float[])} on {@code threads} threads. */
    public void evaluateGrid(float[] latent, Rotation rotation, double t, float[] xs, float[] ys, float[] zs,
                             float[] out, int threads) {
        checkLatent(latent);
        if (out.length < (long) xs.length * ys.length * zs.length) {
            throw new IllegalArgumentException("output too short for the grid");
        }
        // a point's value does not depend on the slices it is batched with, so any split gives the same grid
        Parallel.forRange(threads, zs.length,
                (from, to) -> evaluateSlices(latent, rotation, (float) t, xs, ys, zs, out, from, to));
    }

    private void evaluateSlices(float[] latent, Rotation rotation, float t, float[] xs, float[] ys, float[] zs,
                                float[] out, int fromSlice, int toSlice) {
        checkLatent(latent);
        Buffers b = buffers.get();
        ChunkEngine engine = b.inference;
        engine.setShape(latent, 0, rotation.matrix());
        int nx = xs.length;
        long plane = (long) nx * ys.length;
        long begin = fromSlice * plane;
        long end = toSlice * plane;
        for (long start = begin; start < end; start += chunk) {
            int n = (int) Math.min(chunk, end - start);
            for (int p = 0; p < n; p++) {
                long v = start + p;
                int i = (int) (v % nx);
                long rest = v / nx;
                int j = (int) (rest % ys.length);
                int k = (int) (rest / ys.length);
                b.xyz[3 * p] = xs[i];
                b.xyz[3 * p + 1] = ys[j];
                b.xyz[3 * p + 2] = zs[k];
            }
            engine.forward(b.xyz, 0, null, 0, t, n, b.out, 0);
            System.arraycopy(b.out, 0, out, (int) start, n);
        }
    }

    /**
     * Fitting with the network frozen (paper eq. 9-10): the mean L1 loss of the shape {@code (latent, euler)}
     * on {@code points}, and its gradient with respect to the code (added to {@code latentGradient}) and to the
     * Euler angles (added to {@code eulerGradient}; pass null to skip the rotation). The latent regulariser is
     * the caller's. Thread-safe.
     *
     * @return the mean L1 loss in normalised units
     */
    public double lossAndGradient(float[] latent, double[] euler, FitPoints points, double[] latentGradient,
                                  double[] eulerGradient) {
        checkLatent(latent);
        if (latentGradient.length != latentSize || (eulerGradient != null && eulerGradient.length != 3)) {
            throw new IllegalArgumentException("gradient arrays must have " + latentSize + " and 3 entries");
        }
        Buffers b = buffers.get();
        ChunkEngine engine = b.training();
        engine.setShape(latent, 0, EulerAngles.matrix(euler[0], euler[1], euler[2]));
        int m = points.size();
        double loss = 0;
        double inv = 1.0 / m;
        float[] targets = points.targets();
        for (int start = 0; start < m; start += chunk) {
            int n = Math.min(chunk, m - start);
            engine.forward(points.xyz(), 3 * start, points.times(), start, 0f, n, b.out, 0);
            for (int p = 0; p < n; p++) {
                double err = (double) b.out[p] - targets[start + p];
                loss += Math.abs(err);
                b.dLdy[p] = (float) (Math.signum(err) * inv);
            }
            engine.backward(b.dLdy, 0, n, null, eulerGradient != null);
        }
        double[] dR = eulerGradient != null ? new double[9] : null;
        engine.flushShape(null, latentGradient, 0, dR);
        if (eulerGradient != null) {
            EulerAngles.chain(euler[0], euler[1], euler[2], dR, eulerGradient, 0);
        }
        return loss * inv;
    }

    private void checkLatent(float[] latent) {
        if (latent.length != latentSize) {
            throw new IllegalArgumentException("latent code must have " + latentSize + " entries, got "
                    + latent.length);
        }
    }
}
