package io.github.cellinr.io.torch;

/**
 * A decoder as the calibration sees it: for one latent code at time {@code t}, the network output at
 * {@code count} points {@code xyz[3i .. 3i+3)} of the model frame, {@code <= 0} inside the shape. Must be
 * safe to call from several threads at once.
 */
@FunctionalInterface
public interface LatentSdf {
    void evaluate(float[] code, double t, float[] xyz, int count, float[] out);
}
