package io.github.cellinr.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a model is, as stored in {@code model.json}.
 *
 * @param preset             the preset the network came from ({@code siren-paper}, {@code deepsdf}) or {@code custom}
 * @param network            the decoder architecture
 * @param equivariant        whether each sequence has its own rotation, optimised with its code (paper section 3.5);
 *                           without it every rotation is the identity
 * @param micrometresPerUnit one normalised unit in micrometres: SDF outputs and coordinates times this are
 *                           micrometres (the training dataset's scale); for a {@link SdfScale#PER_FRAME_NORMALISED}
 *                           model only coordinates scale so (a calibration, see its provenance)
 * @param latentSigma        standard deviation of the Gaussian N(0, sigma^2 I) that new latent codes are drawn
 *                           from by default, for a model without training codes to fit one (an imported model);
 *                           null: fit it to the training codes
 * @param sdfScale           what the output values measure; null means {@link SdfScale#DISTANCE}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelConfig(String preset, NetworkSpec network, boolean equivariant, double micrometresPerUnit,
                          Double latentSigma, SdfScale sdfScale) {

    /** What the network's output values measure. */
    public enum SdfScale {
        /** A signed distance in normalised units (times {@code micrometresPerUnit}: micrometres). */
        DISTANCE,
        /**
         * A signed distance divided by its maximum magnitude in each frame (the paper's released data and
         * model): the sign and the zero level set are physical, the magnitudes are not comparable between
         * frames and are smaller than the distance in normalised units.
         */
        PER_FRAME_NORMALISED
    }

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
        if (latentSigma != null && !(latentSigma > 0 && Double.isFinite(latentSigma))) {
            throw new IllegalArgumentException("latent sigma must be positive, got " + latentSigma);
        }
    }

    /** A config with the default sampling (fitted to the codes) and distance-valued outputs. */
    public ModelConfig(String preset, NetworkSpec network, boolean equivariant, double micrometresPerUnit) {
        this(preset, network, equivariant, micrometresPerUnit, null, null);
    }

    /** A preset network with the given options. */
    public static ModelConfig of(String preset, int latentSize, boolean equivariant, double micrometresPerUnit) {
        return new ModelConfig(preset, NetworkSpec.preset(preset, latentSize), equivariant, micrometresPerUnit);
    }

    public int latentSize() {
        return network.latentSize();
    }

    /** {@link #sdfScale()} with its default. */
    public SdfScale sdfScaleOrDefault() {
        return sdfScale == null ? SdfScale.DISTANCE : sdfScale;
    }
}
