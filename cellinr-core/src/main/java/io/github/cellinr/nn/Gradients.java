package io.github.cellinr.nn;

/**
 * Gradient accumulators of one worker thread, in the packed layout of a {@link PackedMlp}. Workers
 * accumulate into their own instance; the trainer then sums the instances in a fixed order
 * ({@link #addFrom}), so the result does not depend on thread timing.
 */
public final class Gradients {
    private final PackedMlp net;
    final float[][] w;
    final float[][] wz;
    final float[][] b;

    public Gradients(PackedMlp net) {
        this.net = net;
        int n = net.layerCount();
        w = new float[n][];
        wz = new float[n][];
        b = new float[n][];
        for (int l = 0; l < n; l++) {
            PackedMlp.Layer p = net.layer(l);
            w[l] = new float[p.w.length];
            wz[l] = new float[p.wz.length];
            b[l] = new float[p.outPad];
        }
    }

    public void clear() {
        for (int l = 0; l < w.length; l++) {
            java.util.Arrays.fill(w[l], 0f);
            java.util.Arrays.fill(wz[l], 0f);
            java.util.Arrays.fill(b[l], 0f);
        }
    }

    /** {@code this += other}. */
    public void addFrom(Gradients other) {
        for (int l = 0; l < w.length; l++) {
            add(w[l], other.w[l]);
            add(wz[l], other.wz[l]);
            add(b[l], other.b[l]);
        }
    }

    private static void add(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
    }

    /** Adds these gradients to a flat gradient vector in {@link MlpLayout} order. */
    public void addTo(float[] flat) {
        net.unpackAdd(w, wz, b, flat);
    }
}
