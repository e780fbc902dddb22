package io.github.cellinr.render;

import java.util.Map;

/**
 * A rotationally symmetric 3D point-spread function: intensity as a function of the lateral distance from the
 * optical axis and the defocus along it, both in micrometres, with the peak (at the focus) equal to 1.
 *
 * <p>Every model also states its own closed-form full widths at half maximum, so tests can check the sampled
 * kernel against the formula the model claims.
 */
public sealed interface PsfModel permits GaussianPsf, BornWolfPsf, ConfocalPsf {

    /** Intensity at lateral distance {@code rUm} from the axis and defocus {@code zUm}; 1 at the focus. */
    double intensity(double rUm, double zUm);

    /**
     * Intensities on a radial grid {@code r = j * drUm, j = 0..radii-1} for each defocus in {@code zUm}
     * (row per defocus). Models with an expensive integral override this to share work between points.
     */
    default double[][] radialProfiles(double[] zUm, double drUm, int radii) {
        double[][] out = new double[zUm.length][radii];
        for (int i = 0; i < zUm.length; i++) {
            for (int j = 0; j < radii; j++) {
                out[i][j] = intensity(j * drUm, zUm[i]);
            }
        }
        return out;
    }

    /** Full width at half maximum across the axis, in the focal plane (the model's closed form). */
    double lateralFwhmUm();

    /** Full width at half maximum along the axis, through the focus (the model's closed form). */
    double axialFwhmUm();

    /** Half extents {axial, lateral} in micrometres of the box a kernel should cover by default. */
    double[] defaultHalfExtentUm();

    /** A short name for summaries, e.g. "confocal Born-Wolf". */
    String name();

    /** The model's parameters and derived widths, for provenance. */
    Map<String, Object> describe();
}
