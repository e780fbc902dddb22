package io.github.cellinr.io.torch;

import io.github.cellinr.core.Rotation;

/**
 * Test oracle: the released decoder's forward pass in float64, written straight from the README's formula
 * (input = [z, x, y, z, t]; before layer l, concatenate the input if l is in latent_in, else x, y, z, t if
 * l > 0; h = W h + b; sin(30 h) after every layer but the last). Slow and obvious on purpose.
 */
public final class ReferenceDecoder {
    private final ReleasedDecoder decoder;

    ReferenceDecoder(ReleasedDecoder decoder) {
        this.decoder = decoder;
    }

    /** The network output for code z at the model-frame point (x, y, z) and time t. */
    double evaluate(double[] code, double x, double y, double z, double t) {
        double[] coords = {x, y, z, t};
        double[] input = concat(code, coords);
        double[] h = input;
        var layers = decoder.specs().layers();
        for (int l = 0; l < layers.size(); l++) {
            switch (layers.get(l).concat()) {
                case INPUT -> h = input;
                case LATENT_AND_COORDINATES -> h = concat(h, input);
                case COORDINATES -> h = concat(h, coords);
            }
            FloatTensor w = decoder.weight(l);
            FloatTensor b = decoder.bias(l);
            int outputs = w.shape()[0];
            double[] next = new double[outputs];
            for (int o = 0; o < outputs; o++) {
                double s = b.get(o);
                for (int i = 0; i < h.length; i++) {
                    s += (double) w.get(o, i) * h[i];
                }
                next[o] = l < layers.size() - 1 ? Math.sin(NetworkSpecs.OMEGA_0 * s) : s;
            }
            h = next;
        }
        return h[0];
    }

    /** The output for a point of the rotated shape: the network sees R^T p. */
    double evaluateRotated(double[] code, Rotation rotation, double x, double y, double z, double t) {
        double[] p = {x, y, z};
        rotation.applyInverse(p, p);
        return evaluate(code, p[0], p[1], p[2], t);
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = new double[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
