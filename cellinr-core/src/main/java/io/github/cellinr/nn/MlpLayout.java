package io.github.cellinr.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The shape of a DeepSDF-style decoder: a stack of fully connected layers whose input is the previous
 * layer's output, optionally concatenated with the latent code and with the four coordinates
 * {@code (x', y', z', t)}.
 *
 * <p>The order of a layer's input columns is the one of the paper's released code (and of PyTorch
 * checkpoints made with it): {@code [h, z, x', y', z', t]}, where {@code h} is the previous layer's output
 * (absent for layer 0), {@code z} the latent code (present where {@link Layer#latentIn()}) and the coordinates
 * last (present where {@link Layer#coordinatesIn()}). Layer weights are {@code out x in} row-major, as
 * PyTorch's {@code nn.Linear}.
 *
 * @param latentSize  length of the latent code (0 for a single-shape model)
 * @param layers      the layers, first to last; the last has one output and no activation
 * @param activation  hidden-layer nonlinearity
 * @param omega0      SIREN frequency factor (used by {@link Activation#SINE} only)
 */
public record MlpLayout(int latentSize, List<Layer> layers, Activation activation, double omega0) {

    /** Number of coordinate inputs: x', y', z' (the rotated point) and t. */
    public static final int COORDINATES = 4;

    /**
     * One fully connected layer.
     *
     * @param hiddenIn      width of the previous layer's output in this layer's input (0 for layer 0)
     * @param latentIn      whether the latent code is concatenated after it
     * @param coordinatesIn whether (x', y', z', t) are concatenated last
     * @param out           number of outputs
     */
    public record Layer(int hiddenIn, boolean latentIn, boolean coordinatesIn, int out) {

        /** Width of this layer's input as the released code concatenates it. */
        public int inputWidth(int latentSize) {
            return hiddenIn + (latentIn ? latentSize : 0) + (coordinatesIn ? COORDINATES : 0);
        }
    }

    public MlpLayout {
        layers = List.copyOf(layers);
        if (latentSize < 0) {
            throw new IllegalArgumentException("latent size must be >= 0, got " + latentSize);
        }
        if (layers.size() < 2) {
            throw new IllegalArgumentException("an MLP needs at least two layers, got " + layers.size());
        }
        if (activation == Activation.SINE && !(omega0 > 0)) {
            throw new IllegalArgumentException("a sine network needs omega_0 > 0, got " + omega0);
        }
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            int expectedHidden = l == 0 ? 0 : layers.get(l - 1).out();
            if (layer.hiddenIn() != expectedHidden) {
                throw new IllegalArgumentException("layer " + l + " takes " + layer.hiddenIn()
                        + " hidden inputs but the layer before it has " + expectedHidden + " outputs");
            }
            if (layer.out() < 1) {
                throw new IllegalArgumentException("layer " + l + " has no outputs");
            }
            if (layer.inputWidth(latentSize) == 0) {
                throw new IllegalArgumentException("layer " + l + " has no inputs");
            }
        }
        if (!layers.get(0).coordinatesIn()) {
            throw new IllegalArgumentException("layer 0 must take the coordinates");
        }
        if (layers.get(layers.size() - 1).out() != 1) {
            throw new IllegalArgumentException("the last layer must have one output (the SDF)");
        }
    }

    /**
     * The layout the released code's {@code DeepSDF} class builds from its {@code NetworkSpecs}: {@code dims}
     * are the input widths of the hidden layers as the specs list them; a layer followed by a latent
     * injection gives up {@code latentSize + 4} outputs to the concatenation, every other hidden layer gives
     * up 4 when {@code xyzInAll} (so each listed width is the real input width of the next layer).
     *
     * @param latentIn indices of the layers (0-based, layer 0 always gets the latent) that also take the latent
     */
    public static MlpLayout deepSdf(int latentSize, int[] dims, int[] latentIn, boolean xyzInAll,
                                    Activation activation, double omega0) {
        int[] all = new int[dims.length + 2];
        all[0] = latentSize + COORDINATES;
        System.arraycopy(dims, 0, all, 1, dims.length);
        all[all.length - 1] = 1;
        int layerCount = all.length - 1;
        List<Layer> layers = new ArrayList<>();
        int previousOut = 0;
        for (int l = 0; l < layerCount; l++) {
            final int next = l + 1;
            boolean nextTakesLatent = Arrays.stream(latentIn).anyMatch(k -> k == next);
            int out;
            if (nextTakesLatent) {
                out = all[l + 1] - all[0];
            } else {
                out = all[l + 1];
                if (xyzInAll && l != layerCount - 1) {
                    out -= COORDINATES;
                }
            }
            final int layer = l;
            boolean takesLatent = l == 0 || Arrays.stream(latentIn).anyMatch(k -> k == layer);
            boolean takesCoordinates = l == 0 || takesLatent || xyzInAll;
            layers.add(new Layer(previousOut, takesLatent, takesCoordinates, out));
            previousOut = out;
        }
        return new MlpLayout(latentSize, layers, activation, omega0);
    }

    public int layerCount() {
        return layers.size();
    }

    public Layer layer(int l) {
        return layers.get(l);
    }

    /** Number of weights and biases (latent codes and angles not included). */
    public int parameterCount() {
        int n = 0;
        for (Layer layer : layers) {
            n += layer.out() * (layer.inputWidth(latentSize) + 1);
        }
        return n;
    }

    /** Offset of layer {@code l}'s weight matrix in the flat parameter vector (weights, then bias, per layer). */
    public int weightOffset(int l) {
        int n = 0;
        for (int k = 0; k < l; k++) {
            Layer layer = layers.get(k);
            n += layer.out() * (layer.inputWidth(latentSize) + 1);
        }
        return n;
    }

    /** Offset of layer {@code l}'s bias in the flat parameter vector. */
    public int biasOffset(int l) {
        Layer layer = layers.get(l);
        return weightOffset(l) + layer.out() * layer.inputWidth(latentSize);
    }

    /** Multiply-adds per point of a forward pass, with the latent part counted once per chunk (not per point). */
    public long multiplyAddsPerPoint() {
        long n = 0;
        for (Layer layer : layers) {
            n += (long) layer.out() * (layer.hiddenIn() + (layer.coordinatesIn() ? COORDINATES : 0));
        }
        return n;
    }
}
