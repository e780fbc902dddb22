package io.github.cellinr.model;

/**
 * Samples of one shape for fitting its code and rotation with the network frozen (paper eq. 9-10): points
 * in normalised coordinates of the observed (rotated) shape, interleaved {@code x, y, z}; the normalised time
 * of each; the target SDF in normalised units (micrometres / micrometresPerUnit).
 */
public record FitPoints(float[] xyz, float[] times, float[] targets) {

    public FitPoints {
        if (xyz.length != 3 * targets.length || times.length != targets.length) {
            throw new IllegalArgumentException("need 3 coordinates and one time per target: " + xyz.length + ", "
                    + times.length + ", " + targets.length);
        }
    }

    public int size() {
        return targets.length;
    }
}
