package io.github.cellinr.model;

/**
 * What a model is, as stored in {@code model.json}.
 *
 * @param preset             the preset the network came from ({@code siren-paper}, {@code deepsdf}) or {@code custom}
 * @param network            the decoder architecture
 * @param equivariant        whether each sequence has its own rotation, optimised with its code (paper section 3.5);
 *                           without it every rotation is the identity
 * @param micrometresPerUnit one normalised unit in micrometres: SDF outputs and coordinates times this are
 *                           micrometres (the training dataset's scale)
 */
public record ModelConfig(String preset, NetworkSpec network, boolean equivariant, double micrometresPerUnit) {

    public ModelConfig {
        if (preset == null || preset.isBlank()) {
            throw new IllegalArgumentException("a model config needs a preset name (or 'custom')");
        }
        if (network == null) {
            throw new IllegalArgumentException("a model config needs a network");
        }
        if (!(micrometresPerUnit > 0) || Double.isInfinite(micrometresPerUnit)) {
            throw new IllegalArgumentException("micrometres per unit must be positive, got " + micrometresPerUnit);
        }
    }

    /** A preset network with the given options. */
    public static ModelConfig of(String preset, int latentSize, boolean equivariant, double micrometresPerUnit) {
        return new ModelConfig(preset, NetworkSpec.preset(preset, latentSize), equivariant, micrometresPerUnit);
    }

    public int latentSize() {
        return network.latentSize();
    }
}
