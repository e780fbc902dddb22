package io.github.cellinr.nn;

/**
 * The network's weights rearranged for the kernels. The canonical parameters are one flat vector in the
 * released code's (PyTorch) layout, {@link MlpLayout}; this class derives, per layer:
 * <ul>
 *   <li>{@code w}: {@code out x inPad}, the columns for the previous layer's output and then the 4
 *       coordinates (the latent columns removed), zero-padded to whole vectors (input gradients);</li>
 *   <li>{@code wt}: its transpose, {@code nIn x outPad} (forward pass, one row per input);</li>
 *   <li>{@code wz}: {@code out x latentSize}, the latent columns: {@code W_z z} is the same for every point of
 *       a shape, so it is folded into a per-shape bias instead of being multiplied per point;</li>
 *   <li>{@code b}: the bias, zero-padded.</li>
 * </ul>
 * With this packing every layer's effective input is {@code [h, x', y', z', t]}, which is exactly the
 * previous layer's activation row (the coordinates are written after its outputs). Call {@link #pack}
 * after every change of the flat parameters.
 */
public final class PackedMlp {
    /** Padding unit of every row: a whole number of SIMD vectors on any current CPU. */
    public static final int PAD = 16;

    private final MlpLayout layout;
    private final Layer[] layers;

    /** One packed layer. Fields are shared with the engine; only {@link PackedMlp#pack} writes them. */
    static final class Layer {
        final int hiddenIn;
        final int latent;
        final boolean coordinates;
        final int nIn;
        final int inPad;
        final int out;
        final int outPad;
        /** Stride of this layer's activation rows: the next layer's padded input, or outPad for the last. */
        int actStride;
        final float[] w;
        final float[] wt;
        final float[] wz;
        final float[] b;

        Layer(MlpLayout.Layer spec, int latentSize) {
            hiddenIn = spec.hiddenIn();
            latent = spec.latentIn() ? latentSize : 0;
            coordinates = spec.coordinatesIn();
            nIn = hiddenIn + (coordinates ? MlpLayout.COORDINATES : 0);
            inPad = roundUp(Math.max(nIn, 1));
            out = spec.out();
            outPad = roundUp(out);
            w = new float[out * inPad];
            wt = new float[nIn * outPad];
            wz = new float[out * latent];
            b = new float[outPad];
        }
    }

    private PackedMlp(MlpLayout layout) {
        this.layout = layout;
        int n = layout.layerCount();
        layers = new Layer[n];
        for (int l = 0; l < n; l++) {
            layers[l] = new Layer(layout.layer(l), layout.latentSize());
        }
        for (int l = 0; l < n; l++) {
            layers[l].actStride = l + 1 < n ? layers[l + 1].inPad : layers[l].outPad;
        }
    }

    /** A packed copy of {@code parameters} (flat, {@link MlpLayout} order). */
    public static PackedMlp of(MlpLayout layout, float[] parameters) {
        PackedMlp p = new PackedMlp(layout);
        p.pack(parameters);
        return p;
    }

    static int roundUp(int n) {
        return (n + PAD - 1) / PAD * PAD;
    }

    public MlpLayout layout() {
        return layout;
    }

    int layerCount() {
        return layers.length;
    }

    Layer layer(int l) {
        return layers[l];
    }

    /** Re-derives every packed array from the flat parameters. */
    public void pack(float[] parameters) {
        if (parameters.length != layout.parameterCount()) {
            throw new IllegalArgumentException("expected " + layout.parameterCount() + " parameters, got "
                    + parameters.length);
        }
        int latentSize = layout.latentSize();
        for (int l = 0; l < layers.length; l++) {
            Layer p = layers[l];
            int width = layout.layer(l).inputWidth(latentSize);
            int wOff = layout.weightOffset(l);
            int bOff = layout.biasOffset(l);
            for (int o = 0; o < p.out; o++) {
                int row = wOff + o * width;
                for (int j = 0; j < p.hiddenIn; j++) {
                    p.w[o * p.inPad + j] = parameters[row + j];
                }
                for (int k = 0; k < p.latent; k++) {
                    p.wz[o * p.latent + k] = parameters[row + p.hiddenIn + k];
                }
                if (p.coordinates) {
                    for (int c = 0; c < MlpLayout.COORDINATES; c++) {
                        p.w[o * p.inPad + p.hiddenIn + c] = parameters[row + p.hiddenIn + p.latent + c];
                    }
                }
                p.b[o] = parameters[bOff + o];
            }
            for (int i = 0; i < p.nIn; i++) {
                for (int o = 0; o < p.out; o++) {
                    p.wt[i * p.outPad + o] = p.w[o * p.inPad + i];
                }
            }
        }
    }

    /**
     * Adds packed gradients to a flat gradient vector ({@link MlpLayout} order): weights from {@code gw}, latent
     * columns from {@code gwz}, biases from {@code gb}.
     */
    void unpackAdd(float[][] gw, float[][] gwz, float[][] gb, float[] flat) {
        int latentSize = layout.latentSize();
        for (int l = 0; l < layers.length; l++) {
            Layer p = layers[l];
            int width = layout.layer(l).inputWidth(latentSize);
            int wOff = layout.weightOffset(l);
            int bOff = layout.biasOffset(l);
            for (int o = 0; o < p.out; o++) {
                int row = wOff + o * width;
                for (int j = 0; j < p.hiddenIn; j++) {
                    flat[row + j] += gw[l][o * p.inPad + j];
                }
                for (int k = 0; k < p.latent; k++) {
                    flat[row + p.hiddenIn + k] += gwz[l][o * p.latent + k];
                }
                if (p.coordinates) {
                    for (int c = 0; c < MlpLayout.COORDINATES; c++) {
                        flat[row + p.hiddenIn + p.latent + c] += gw[l][o * p.inPad + p.hiddenIn + c];
                    }
                }
                flat[bOff + o] += gb[l][o];
            }
        }
    }
}
