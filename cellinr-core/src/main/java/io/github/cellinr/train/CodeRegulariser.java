package io.github.cellinr.train;

/**
 * The latent-code term of the loss (paper eq. 3-4 and 8), averaged over the frames of a batch.
 */
public enum CodeRegulariser {
    /** {@code weight * ||z||^2}: the paper's squared L2 prior (eq. 3), with {@code weight} in place of 1/sigma^2. */
    SQUARED,
    /**
     * The released code's term: {@code weight * 1000 / min(1, epoch / 100) * ||z||} (non-squared norm, a weight
     * that starts 100 times larger and falls to its final value by epoch 100; epochs counted from 1).
     */
    RELEASED,
    /** No regulariser. */
    NONE;

    /** The loss of one code and its gradient (added to {@code grad[offset ..)} times {@code scale}). */
    double lossAndGradient(float[] codes, int offset, int length, double weight, int epoch, double scale,
                           double[] grad) {
        if (this == NONE || weight == 0) {
            return 0;
        }
        double squared = 0;
        for (int k = 0; k < length; k++) {
            squared += (double) codes[offset + k] * codes[offset + k];
        }
        if (this == SQUARED) {
            for (int k = 0; k < length; k++) {
                grad[offset + k] += scale * weight * 2 * codes[offset + k];
            }
            return weight * squared;
        }
        double w = weight * 1000 / Math.min(1.0, (epoch + 1) / 100.0);
        double norm = Math.sqrt(squared);
        if (norm > 0) {
            for (int k = 0; k < length; k++) {
                grad[offset + k] += scale * w * codes[offset + k] / norm;
            }
        }
        return w * norm;
    }
}
