package io.github.cellinr.model;

import io.github.cellinr.nn.Activation;
import io.github.cellinr.nn.MlpLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A decoder architecture in the terms of the paper's released code ({@code NetworkSpecs} of its
 * {@code specs.json}): the hidden layers' input widths {@code dims}, the layers that take the latent code
 * again ({@code latentIn}), whether every hidden layer takes the coordinates ({@code xyzInAll}), the
 * activation and omega_0. {@link #layout()} turns it into the engine's {@link MlpLayout}.
 *
 * @param latentSize length of the latent code
 * @param dims       input width of each hidden layer after the first, as the released specs list them
 * @param latentIn   0-based layers that take {@code [h, z, x', y', z', t]} (layer 0 always takes {@code [z, x', y', z', t]})
 * @param xyzInAll   whether the other hidden layers take {@code [h, x', y', z', t]}
 * @param activation hidden nonlinearity
 * @param omega0     SIREN frequency (ignored for ReLU)
 */
public record NetworkSpec(int latentSize, int[] dims, int[] latentIn, boolean xyzInAll, Activation activation,
                          double omega0) {

    /** The paper's released layout: 10 sine layers of 124 outputs, latent again before layers 4 and 7. */
    public static final String SIREN_PAPER = "siren-paper";
    /** DeepSDF (Park et al. 2019): 8 ReLU layers of 512, latent 256, latent again before layer 4. */
    public static final String DEEPSDF = "deepsdf";

    public NetworkSpec {
        dims = dims.clone();
        latentIn = latentIn.clone();
    }

    /**
     * A named preset. {@code latentSize} overrides the preset's latent length when positive.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static NetworkSpec preset(String name, int latentSize) {
        return switch (name) {
            case SIREN_PAPER -> new NetworkSpec(latentSize > 0 ? latentSize : 64,
                    new int[] {128, 128, 128, 192, 128, 128, 192, 128, 128, 128}, new int[] {4, 7}, true,
                    Activation.SINE, 30);
            case DEEPSDF -> new NetworkSpec(latentSize > 0 ? latentSize : 256,
                    new int[] {512, 512, 512, 512, 512, 512, 512, 512}, new int[] {4}, false, Activation.RELU, 30);
            default -> throw new IllegalArgumentException("unknown preset '" + name + "' (choose " + SIREN_PAPER
                    + " or " + DEEPSDF + ")");
        };
    }

    /**
     * The largest latent length this layout can take: each layer's output shrinks by what is concatenated after
     * it (the latent code among it), so a long code leaves a layer with no outputs.
     */
    public int maxLatentSize() {
        int lo = 0;
        int hi = 1 << 20;
        while (lo < hi) { // the layout is valid for every length up to the limit: binary search for the limit
            int mid = (lo + hi + 1) >>> 1;
            if (validFor(mid)) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private boolean validFor(int latent) {
        try {
            MlpLayout.deepSdf(latent, dims, latentIn, xyzInAll, activation, omega0);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Names of the presets, for help texts. */
    public static List<String> presets() {
        return List.of(SIREN_PAPER, DEEPSDF);
    }

    /** The engine layout. Note that the layer widths of {@code dims} depend on the latent size. */
    public MlpLayout layout() {
        return MlpLayout.deepSdf(latentSize, dims, latentIn, xyzInAll, activation, omega0);
    }

    /** Tensor names and shapes of the decoder, in file order: {@code decoder.lin<l>.weight} (out x in), {@code .bias}. */
    public List<TensorSpec> decoderTensors() {
        MlpLayout layout = layout();
        List<TensorSpec> list = new ArrayList<>();
        for (int l = 0; l < layout.layerCount(); l++) {
            MlpLayout.Layer layer = layout.layer(l);
            list.add(new TensorSpec(weightName(l), new long[] {layer.out(), layer.inputWidth(latentSize)},
                    layout.weightOffset(l)));
            list.add(new TensorSpec(biasName(l), new long[] {layer.out()}, layout.biasOffset(l)));
        }
        return list;
    }

    public static String weightName(int layer) {
        return "decoder.lin" + layer + ".weight";
    }

    public static String biasName(int layer) {
        return "decoder.lin" + layer + ".bias";
    }

    /**
     * A decoder tensor: its name, shape and where it starts in the flat parameter vector.
     */
    public record TensorSpec(String name, long[] shape, int offset) {
        public TensorSpec {
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        public int size() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return (int) n;
        }
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    @Override
    public int[] latentIn() {
        return latentIn.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkSpec n && latentSize == n.latentSize && Arrays.equals(dims, n.dims)
                && Arrays.equals(latentIn, n.latentIn) && xyzInAll == n.xyzInAll && activation == n.activation
                && Double.compare(omega0, n.omega0) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims) * 31 + latentSize;
    }

    @Override
    public String toString() {
        return "NetworkSpec[latent=" + latentSize + ", dims=" + Arrays.toString(dims) + ", latentIn="
                + Arrays.toString(latentIn) + ", xyzInAll=" + xyzInAll + ", " + activation
                + (activation == Activation.SINE ? " omega0=" + omega0 : "") + "]";
    }
}
