package io.github.cellinr.render;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.apache.commons.math3.special.BesselJ;

/**
 * Scalar widefield PSF of an aberration-free objective in the Born and Wolf form (Born and Wolf, Principles
 * of Optics, section 8.8; the "Born & Wolf" model of the EPFL PSF Generator):
 * <pre>
 *   h(r, z) = | 2 * integral_0^1 J0(k NA r rho) exp(-i k z NA^2 rho^2 / (2 n)) rho d rho |^2,  k = 2 pi / lambda
 * </pre>
 * normalised so that h(0, 0) = 1. The integral is computed numerically by composite 8-point Gauss-Legendre
 * quadrature with panels no wider than 1.5 radians of the integrand's total phase. The defocus term is the
 * paraxial one, so at high NA the axial extent is somewhat underestimated (a vectorial or Gibson-Lanni model
 * would fix that; neither is needed for the image statistics this renderer targets).
 *
 * <p>Closed forms the model satisfies: in focus h = (2 J1(v)/v)^2 with v = k NA r (the Airy pattern), whose
 * FWHM is 0.5145 lambda/NA; on axis h = sinc^2(u/4) with u = k NA^2 z / n, whose FWHM is 1.7718 n lambda/NA^2.
 */
public record BornWolfPsf(double numericalAperture, double refractiveIndex, double wavelengthUm)
        implements PsfModel {

    /** Where (2 J1(v)/v)^2 falls to 1/2. */
    static final double AIRY_HALF_MAX_V = 1.6163399486;
    /** Where (sin x / x)^2 falls to 1/2. */
    static final double SINC2_HALF_MAX_X = 1.3915573782;

    private static final int NODES_PER_PANEL = 8;
    private static final double MAX_PHASE_PER_PANEL = 1.5;
    private static final GaussIntegrator LEGENDRE = new GaussIntegratorFactory().legendre(NODES_PER_PANEL);

    public BornWolfPsf {
        if (!(numericalAperture > 0 && numericalAperture < refractiveIndex) || !(wavelengthUm > 0)) {
            throw new IllegalArgumentException("need 0 < NA < n and a positive wavelength");
        }
    }

    double waveNumber() {
        return 2 * Math.PI / wavelengthUm;
    }

    /** Half-angle of the objective's aperture cone, asin(NA / n). */
    double apertureHalfAngle() {
        return Math.asin(numericalAperture / refractiveIndex);
    }

    @Override
    public double intensity(double rUm, double zUm) {
        return radialProfiles(new double[] {zUm}, Math.max(Math.abs(rUm), 1e-12), 2)[0][rUm == 0 ? 0 : 1];
    }

    @Override
    public double[][] radialProfiles(double[] zUm, double drUm, int radii) {
        double k = waveNumber();
        double na = numericalAperture;
        double maxZ = 0;
        for (double z : zUm) {
            maxZ = Math.max(maxZ, Math.abs(z));
        }
        double maxPhase = k * na * drUm * (radii - 1) + k * maxZ * na * na / (2 * refractiveIndex);
        int panels = Math.max(4, (int) Math.ceil(maxPhase / MAX_PHASE_PER_PANEL));
        int nodes = panels * NODES_PER_PANEL;
        double[] rho = new double[nodes];
        double[] weightRho = new double[nodes];
        double half = 0.5 / panels;
        for (int p = 0; p < panels; p++) {
            double mid = (p + 0.5) / panels;
            for (int q = 0; q < NODES_PER_PANEL; q++) {
                int m = p * NODES_PER_PANEL + q;
                rho[m] = mid + half * LEGENDRE.getPoint(q);
                weightRho[m] = half * LEGENDRE.getWeight(q) * rho[m];
            }
        }
        // J0 does not depend on z: tabulate it once for every (radius, node) pair.
        double[][] bessel = new double[radii][nodes];
        for (int j = 0; j < radii; j++) {
            double a = k * na * j * drUm;
            for (int m = 0; m < nodes; m++) {
                bessel[j][m] = a == 0 ? 1.0 : BesselJ.value(0, a * rho[m]);
            }
        }
        double defocus = k * na * na / (2 * refractiveIndex);
        double[] cos = new double[nodes];
        double[] sin = new double[nodes];
        double[][] out = new double[zUm.length][radii];
        for (int i = 0; i < zUm.length; i++) {
            for (int m = 0; m < nodes; m++) {
                double phase = defocus * zUm[i] * rho[m] * rho[m];
                cos[m] = weightRho[m] * Math.cos(phase);
                sin[m] = weightRho[m] * Math.sin(phase);
            }
            for (int j = 0; j < radii; j++) {
                double[] row = bessel[j];
                double re = 0;
                double im = 0;
                for (int m = 0; m < nodes; m++) {
                    re += row[m] * cos[m];
                    im += row[m] * sin[m];
                }
                out[i][j] = 4 * (re * re + im * im);
            }
        }
        return out;
    }

    @Override
    public double lateralFwhmUm() {
        return 2 * AIRY_HALF_MAX_V / (waveNumber() * numericalAperture);
    }

    @Override
    public double axialFwhmUm() {
        return 8 * SINC2_HALF_MAX_X * refractiveIndex / (waveNumber() * numericalAperture * numericalAperture);
    }

    /**
     * Axially 3 FWHM each way; laterally the geometric cone of defocused light at that depth (depth tan(alpha))
     * plus two Airy radii, so the truncated kernel holds each plane's out-of-focus disc.
     */
    @Override
    public double[] defaultHalfExtentUm() {
        double axial = 3 * axialFwhmUm();
        return new double[] {axial, lateralHalfExtentFor(axial)};
    }

    double lateralHalfExtentFor(double axialHalfExtentUm) {
        return axialHalfExtentUm * Math.tan(apertureHalfAngle()) + 2 * wavelengthUm / numericalAperture;
    }

    @Override
    public String name() {
        return "widefield Born-Wolf";
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", name());
        m.put("numerical_aperture", numericalAperture);
        m.put("refractive_index", refractiveIndex);
        m.put("wavelength_um", wavelengthUm);
        m.put("fwhm_lateral_um", lateralFwhmUm());
        m.put("fwhm_axial_um", axialFwhmUm());
        return m;
    }
}
