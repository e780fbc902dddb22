package io.github.cellinr.io.torch;

/**
 * A decoder as the calibration sees it: for one latent code, the network output at many points
 * {@code (x, y, z, t)} (model frame, interleaved), {@code <= 0} inside the shape.
 */
@FunctionalInterface
public interface LatentSdf {
    void evaluate(float[] code, float[] xyzt, int count, float[] out);
}
