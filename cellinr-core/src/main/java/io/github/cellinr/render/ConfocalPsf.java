package io.github.cellinr.render;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.special.BesselJ;

/**
 * Point-scanning confocal PSF with an infinitely small pinhole: the product of the excitation and emission
 * widefield PSFs (h = h_ex * h_em, by Helmholtz reciprocity; Wilson and Sheppard, Theory and Practice of
 * Scanning Optical Microscopy, 1984). A real pinhole of about one Airy unit widens the detection PSF; this model
 * ignores that and is therefore the sharpest confocal the optics allow.
 *
 * <p>Closed forms: in focus h = (2 J1(v_ex)/v_ex)^2 (2 J1(v_em)/v_em)^2 and on axis
 * h = sinc^2(u_ex/4) sinc^2(u_em/4); the FWHMs are their half-maximum points, found by bisection (for equal
 * wavelengths 0.3703 lambda/NA laterally).
 */
public record ConfocalPsf(BornWolfPsf excitation, BornWolfPsf emission) implements PsfModel {

    @Override
    public double intensity(double rUm, double zUm) {
        return excitation.intensity(rUm, zUm) * emission.intensity(rUm, zUm);
    }

    @Override
    public double[][] radialProfiles(double[] zUm, double drUm, int radii) {
        double[][] ex = excitation.radialProfiles(zUm, drUm, radii);
        double[][] em = emission.radialProfiles(zUm, drUm, radii);
        for (int i = 0; i < ex.length; i++) {
            for (int j = 0; j < radii; j++) {
                ex[i][j] *= em[i][j];
            }
        }
        return ex;
    }

    @Override
    public double lateralFwhmUm() {
        double na = emission.numericalAperture();
        double kEx = excitation.waveNumber() * na;
        double kEm = emission.waveNumber() * na;
        return 2 * halfMaximum(r -> airy(kEx * r) * airy(kEm * r), emission.lateralFwhmUm());
    }

    @Override
    public double axialFwhmUm() {
        double na = emission.numericalAperture();
        double n = emission.refractiveIndex();
        double uEx = excitation.waveNumber() * na * na / n / 4;
        double uEm = emission.waveNumber() * na * na / n / 4;
        return 2 * halfMaximum(z -> sinc2(uEx * z) * sinc2(uEm * z), emission.axialFwhmUm());
    }

    /** Axially 3 FWHM each way; laterally the emission cone at that depth plus two Airy radii. */
    @Override
    public double[] defaultHalfExtentUm() {
        double axial = 3 * axialFwhmUm();
        return new double[] {axial, emission.lateralHalfExtentFor(axial)};
    }

    @Override
    public String name() {
        return "confocal Born-Wolf (pinhole -> 0)";
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", name());
        m.put("numerical_aperture", emission.numericalAperture());
        m.put("refractive_index", emission.refractiveIndex());
        m.put("excitation_um", excitation.wavelengthUm());
        m.put("emission_um", emission.wavelengthUm());
        m.put("fwhm_lateral_um", lateralFwhmUm());
        m.put("fwhm_axial_um", axialFwhmUm());
        return m;
    }

    static double airy(double v) {
        if (Math.abs(v) < 1e-8) {
            return 1;
        }
        double a = 2 * BesselJ.value(1, v) / v;
        return a * a;
    }

    static double sinc2(double x) {
        if (Math.abs(x) < 1e-8) {
            return 1;
        }
        double s = Math.sin(x) / x;
        return s * s;
    }

    /** The first x > 0 where a profile decreasing from 1 at 0 reaches 1/2; {@code upper} brackets it. */
    static double halfMaximum(DoubleUnaryOperator profile, double upper) {
        double lo = 0;
        double hi = upper;
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi);
            if (profile.applyAsDouble(mid) > 0.5) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }
}
