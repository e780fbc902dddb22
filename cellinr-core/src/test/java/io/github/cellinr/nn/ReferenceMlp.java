package io.github.cellinr.nn;

/**
 * Float64 oracle: the released code's forward pass written out literally (explicit concatenation of
 * {@code [h, z, x', y', z', t]}, no packing, no folding) and its backward pass by the chain rule. Used to
 * check the engine and, by central finite differences, itself.
 */
public final class ReferenceMlp {
    private final MlpLayout layout;

    public ReferenceMlp(MlpLayout layout) {
        this.layout = layout;
    }

    /** One shape's batch: points (unrotated, interleaved), time per point, target per point. */
    public record Batch(double[] xyz, double[] t, double[] target) {
        public int size() {
            return t.length;
        }
    }

    /** Loss and gradients of the mean L1 loss of one shape. */
    public static final class Result {
        public double loss;
        public double[] params;
        public double[] latent;
        public double[] euler;
        public double[] outputs;
    }

    public double output(double[] params, double[] z, double[] euler, double x, double y, double zc, double t) {
        double[] r = EulerAngles.matrix(euler[0], euler[1], euler[2]);
        double[] coords = rotated(r, x, y, zc, t);
        double[][] h = forward(params, z, coords, null);
        return h[layout.layerCount() - 1][0];
    }

    private static double[] rotated(double[] r, double x, double y, double z, double t) {
        return new double[] {r[0] * x + r[3] * y + r[6] * z, r[1] * x + r[4] * y + r[7] * z,
            r[2] * x + r[5] * y + r[8] * z, t};
    }

    private double[] inputOf(int l, double[] previous, double[] z, double[] coords) {
        MlpLayout.Layer layer = layout.layer(l);
        double[] u = new double[layer.inputWidth(layout.latentSize())];
        int k = 0;
        for (int j = 0; j < layer.hiddenIn(); j++) {
            u[k++] = previous[j];
        }
        if (layer.latentIn()) {
            for (double v : z) {
                u[k++] = v;
            }
        }
        if (layer.coordinatesIn()) {
            for (double v : coords) {
                u[k++] = v;
            }
        }
        return u;
    }

    /** Returns post-activation outputs per layer; fills pre-activations and inputs when asked. */
    private double[][] forward(double[] params, double[] z, double[] coords, double[][][] saved) {
        int n = layout.layerCount();
        double[][] h = new double[n][];
        double[] previous = new double[0];
        for (int l = 0; l < n; l++) {
            MlpLayout.Layer layer = layout.layer(l);
            double[] u = inputOf(l, previous, z, coords);
            int width = u.length;
            double[] a = new double[layer.out()];
            int w = layout.weightOffset(l);
            int b = layout.biasOffset(l);
            for (int o = 0; o < layer.out(); o++) {
                double s = params[b + o];
                for (int i = 0; i < width; i++) {
                    s += params[w + o * width + i] * u[i];
                }
                a[o] = s;
            }
            double[] out = new double[layer.out()];
            for (int o = 0; o < out.length; o++) {
                out[o] = l == n - 1 ? a[o] : activation(a[o]);
            }
            if (saved != null) {
                saved[0][l] = u;
                saved[1][l] = a;
            }
            h[l] = out;
            previous = out;
        }
        return h;
    }

    private double activation(double a) {
        return layout.activation() == Activation.SINE ? Math.sin(layout.omega0() * a) : Math.max(a, 0);
    }

    private double derivative(double a) {
        return layout.activation() == Activation.SINE ? layout.omega0() * Math.cos(layout.omega0() * a)
                : (a > 0 ? 1 : 0);
    }

    public Result lossAndGradient(double[] params, double[] z, double[] euler, Batch batch) {
        int n = layout.layerCount();
        Result res = new Result();
        res.params = new double[params.length];
        res.latent = new double[z.length];
        res.euler = new double[3];
        res.outputs = new double[batch.size()];
        double[] r = EulerAngles.matrix(euler[0], euler[1], euler[2]);
        double[] dLdR = new double[9];
        int m = batch.size();
        for (int p = 0; p < m; p++) {
            double x = batch.xyz()[3 * p];
            double y = batch.xyz()[3 * p + 1];
            double zc = batch.xyz()[3 * p + 2];
            double[] coords = rotated(r, x, y, zc, batch.t()[p]);
            double[][][] saved = new double[2][n][];
            double[][] h = forward(params, z, coords, saved);
            double f = h[n - 1][0];
            res.outputs[p] = f;
            double err = f - batch.target()[p];
            res.loss += Math.abs(err) / m;
            double[] dh = {Math.signum(err) / m};
            double[] dCoords = new double[4];
            for (int l = n - 1; l >= 0; l--) {
                MlpLayout.Layer layer = layout.layer(l);
                double[] u = saved[0][l];
                double[] a = saved[1][l];
                double[] da = new double[layer.out()];
                for (int o = 0; o < da.length; o++) {
                    da[o] = l == n - 1 ? dh[o] : dh[o] * derivative(a[o]);
                }
                int width = u.length;
                int w = layout.weightOffset(l);
                int b = layout.biasOffset(l);
                double[] du = new double[width];
                for (int o = 0; o < da.length; o++) {
                    res.params[b + o] += da[o];
                    for (int i = 0; i < width; i++) {
                        res.params[w + o * width + i] += da[o] * u[i];
                        du[i] += params[w + o * width + i] * da[o];
                    }
                }
                int k = 0;
                double[] dPrev = new double[layer.hiddenIn()];
                for (int j = 0; j < layer.hiddenIn(); j++) {
                    dPrev[j] = du[k++];
                }
                if (layer.latentIn()) {
                    for (int j = 0; j < z.length; j++) {
                        res.latent[j] += du[k++];
                    }
                }
                if (layer.coordinatesIn()) {
                    for (int j = 0; j < 4; j++) {
                        dCoords[j] += du[k++];
                    }
                }
                dh = dPrev;
            }
            double[] xw = {x, y, zc};
            for (int kk = 0; kk < 3; kk++) {
                for (int j = 0; j < 3; j++) {
                    dLdR[3 * kk + j] += dCoords[j] * xw[kk];
                }
            }
        }
        EulerAngles.chain(euler[0], euler[1], euler[2], dLdR, res.euler, 0);
        return res;
    }

    public double loss(double[] params, double[] z, double[] euler, Batch batch) {
        double loss = 0;
        for (int p = 0; p < batch.size(); p++) {
            double f = output(params, z, euler, batch.xyz()[3 * p], batch.xyz()[3 * p + 1], batch.xyz()[3 * p + 2],
                    batch.t()[p]);
            loss += Math.abs(f - batch.target()[p]) / batch.size();
        }
        return loss;
    }
}
