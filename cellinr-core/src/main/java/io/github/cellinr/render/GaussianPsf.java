package io.github.cellinr.render;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Separable Gaussian approximation of a diffraction-limited PSF, with the widths of Zhang, Zerubia and
 * Olivo-Marin, "Gaussian approximations of fluorescence microscope point-spread function models", Applied
 * Optics 46(10):1819-1829 (2007), paraxial 3D case (their Tables 2 and 3), k = 2 pi / lambda:
 * <ul>
 *   <li>widefield: sigma_r = sqrt(2) / (k_em NA), sigma_z = 2 sqrt(6) n / (k_em NA^2);</li>
 *   <li>confocal with an infinitely small pinhole (their formula in the limit r -> 0, equal to the product of
 *       the excitation and emission Gaussians): sigma_r = sqrt(2) / (NA sqrt(k_ex^2 + k_em^2)),
 *       sigma_z = 2 sqrt(6) n / (NA^2 sqrt(k_ex^2 + k_em^2)).</li>
 * </ul>
 * The FWHM of a Gaussian is 2 sqrt(2 ln 2) sigma.
 */
public record GaussianPsf(String name, double sigmaLateralUm, double sigmaAxialUm) implements PsfModel {

    /** 2 sqrt(2 ln 2): FWHM of a Gaussian in units of its sigma. */
    public static final double FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.log(2));

    public GaussianPsf {
        if (!(sigmaLateralUm > 0) || !(sigmaAxialUm > 0)) {
            throw new IllegalArgumentException("Gaussian PSF widths must be positive");
        }
    }

    public static GaussianPsf widefield(double na, double n, double emissionUm) {
        double k = 2 * Math.PI / emissionUm;
        return new GaussianPsf("widefield Gaussian (Zhang 2007)", Math.sqrt(2) / (k * na),
                2 * Math.sqrt(6) * n / (k * na * na));
    }

    public static GaussianPsf confocal(double na, double n, double excitationUm, double emissionUm) {
        double kEx = 2 * Math.PI / excitationUm;
        double kEm = 2 * Math.PI / emissionUm;
        double k = Math.sqrt(kEx * kEx + kEm * kEm);
        return new GaussianPsf("confocal Gaussian (Zhang 2007, pinhole -> 0)", Math.sqrt(2) / (k * na),
                2 * Math.sqrt(6) * n / (k * na * na));
    }

    @Override
    public double intensity(double rUm, double zUm) {
        double a = rUm / sigmaLateralUm;
        double b = zUm / sigmaAxialUm;
        return Math.exp(-0.5 * (a * a + b * b));
    }

    @Override
    public double lateralFwhmUm() {
        return FWHM_PER_SIGMA * sigmaLateralUm;
    }

    @Override
    public double axialFwhmUm() {
        return FWHM_PER_SIGMA * sigmaAxialUm;
    }

    /** Four sigma each way: the kernel then holds all but about 1e-4 of the mass per axis. */
    @Override
    public double[] defaultHalfExtentUm() {
        return new double[] {4 * sigmaAxialUm, 4 * sigmaLateralUm};
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", name);
        m.put("sigma_lateral_um", sigmaLateralUm);
        m.put("sigma_axial_um", sigmaAxialUm);
        m.put("fwhm_lateral_um", lateralFwhmUm());
        m.put("fwhm_axial_um", axialFwhmUm());
        return m;
    }
}
