package io.github.cellinr.nn;

import java.util.SplittableRandom;

/** Layouts and data for the engine tests. */
public final class TestNetworks {
    private TestNetworks() {
    }

    /** The paper's released layout (168,521 parameters at latent 64). */
    public static MlpLayout paper(int latent) {
        return MlpLayout.deepSdf(latent, new int[] {128, 128, 128, 192, 128, 128, 192, 128, 128, 128},
                new int[] {4, 7}, true, Activation.SINE, 30);
    }

    /** A small layout with every feature: latent at the input and once more, coordinates everywhere or not. */
    public static MlpLayout small(Activation activation, boolean xyzInAll) {
        return MlpLayout.deepSdf(3, new int[] {10, 10, 14, 10}, new int[] {3}, xyzInAll, activation, 30);
    }

    public static float[] randomParameters(MlpLayout layout, long seed) {
        return MlpInit.initialise(layout, new SplittableRandom(seed));
    }

    public static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    public static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    /** Random points in [-1,1]^3, times in [-1,1], targets in [-0.5, 0.5]. Values are float-representable. */
    public static ReferenceMlp.Batch batch(int points, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] xyz = new double[3 * points];
        double[] t = new double[points];
        double[] target = new double[points];
        for (int i = 0; i < 3 * points; i++) {
            xyz[i] = (float) (2 * r.nextDouble() - 1);
        }
        for (int i = 0; i < points; i++) {
            t[i] = (float) (2 * r.nextDouble() - 1);
            target[i] = (float) (r.nextDouble() - 0.5);
        }
        return new ReferenceMlp.Batch(xyz, t, target);
    }

    public static double[] randomVector(int n, double scale, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (scale * r.nextGaussian());
        }
        return v;
    }
}
