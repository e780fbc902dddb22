package io.github.cellinr.nn;

/** The hidden-layer nonlinearity of an {@link MlpLayout}; the last layer is always linear. */
public enum Activation {
    /** {@code sin(omega_0 a)} (SIREN, Sitzmann et al. 2020): the paper's model. */
    SINE,
    /** {@code max(a, 0)}: the DeepSDF baseline. */
    RELU
}
