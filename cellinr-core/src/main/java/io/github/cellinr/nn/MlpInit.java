package io.github.cellinr.nn;

import java.util.SplittableRandom;

/**
 * Initial weights. Sine networks: the SIREN scheme as the paper's code applies it (every weight matrix
 * {@code U(-sqrt(6/n)/omega_0, +)}, then the first layer's {@code U(-1/n, 1/n)}, paper eq. 6-7); ReLU networks:
 * PyTorch's {@code nn.Linear} default ({@code U(-1/sqrt(n), 1/sqrt(n))}). Biases are PyTorch's default
 * {@code U(-1/sqrt(n), 1/sqrt(n))} in both (the paper's code does not re-initialise them). n is the layer's
 * full input width, latent code included.
 */
public final class MlpInit {
    private MlpInit() {
    }

    public static float[] initialise(MlpLayout layout, SplittableRandom random) {
        float[] params = new float[layout.parameterCount()];
        for (int l = 0; l < layout.layerCount(); l++) {
            MlpLayout.Layer layer = layout.layer(l);
            int n = layer.inputWidth(layout.latentSize());
            double weightBound;
            if (layout.activation() == Activation.SINE) {
                weightBound = l == 0 ? 1.0 / n : Math.sqrt(6.0 / n) / layout.omega0();
            } else {
                weightBound = 1.0 / Math.sqrt(n);
            }
            double biasBound = 1.0 / Math.sqrt(n);
            int w = layout.weightOffset(l);
            for (int i = 0; i < layer.out() * n; i++) {
                params[w + i] = (float) uniform(random, weightBound);
            }
            int b = layout.biasOffset(l);
            for (int o = 0; o < layer.out(); o++) {
                params[b + o] = (float) uniform(random, biasBound);
            }
        }
        return params;
    }

    private static double uniform(SplittableRandom random, double bound) {
        return (2 * random.nextDouble() - 1) * bound;
    }
}
