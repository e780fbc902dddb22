package io.github.cellinr.render;

import io.github.cellinr.core.CellInrException;
import java.util.Locale;

/**
 * The microscope: its kind, the objective and the wavelengths; it chooses the point-spread function model.
 *
 * @param microscope        widefield or confocal (point-scanning, pinhole treated as infinitely small)
 * @param psf               the physical (diffraction integral) model or its Gaussian approximation
 * @param numericalAperture NA of the objective
 * @param refractiveIndex   refractive index of the immersion medium (and sample: no mismatch is modelled)
 * @param emissionUm        emission wavelength in micrometres
 * @param excitationUm      excitation wavelength in micrometres (confocal only)
 * @param psfDepthUm        half extent of the PSF kernel along the axis in micrometres; 0 chooses the model's
 *                          default (3 axial FWHM for the physical models, 4 sigma for Gaussians)
 */
public record Optics(Microscope microscope, PsfKind psf, double numericalAperture, double refractiveIndex,
                     double emissionUm, double excitationUm, double psfDepthUm) {

    /** Widefield or confocal. */
    public enum Microscope { WIDEFIELD, CONFOCAL }

    /** Physical diffraction model or its least-squares Gaussian approximation. */
    public enum PsfKind { PHYSICAL, GAUSSIAN }

    public Optics {
        if (microscope == null || psf == null) {
            throw CellInrException.of("optics: microscope and PSF kind are required");
        }
        if (!(numericalAperture > 0) || !Double.isFinite(numericalAperture)) {
            throw CellInrException.of("numerical aperture must be positive, got " + numericalAperture);
        }
        if (!(refractiveIndex >= 1) || !Double.isFinite(refractiveIndex)) {
            throw CellInrException.of("refractive index must be at least 1, got " + refractiveIndex);
        }
        if (numericalAperture >= refractiveIndex) {
            throw CellInrException.of(String.format(Locale.ROOT,
                    "numerical aperture %.3g must be below the immersion refractive index %.3g",
                    numericalAperture, refractiveIndex));
        }
        if (!(emissionUm > 0.1 && emissionUm < 5)) {
            throw CellInrException.of("emission wavelength must be between 100 nm and 5000 nm, got "
                    + emissionUm * 1000 + " nm");
        }
        if (!(excitationUm > 0.1 && excitationUm < 5)) {
            throw CellInrException.of("excitation wavelength must be between 100 nm and 5000 nm, got "
                    + excitationUm * 1000 + " nm");
        }
        if (!(psfDepthUm >= 0) || !Double.isFinite(psfDepthUm)) {
            throw CellInrException.of("PSF depth must be zero (automatic) or a positive number of um, got "
                    + psfDepthUm);
        }
    }

    /**
     * Defaults of the paper's A549 acquisition (CytoPacq's virtual Zeiss 40x/1.30 oil objective behind a
     * confocal unit), with GFP wavelengths: confocal, physical PSF, NA 1.3, n 1.518, 488 nm in, 510 nm out.
     */
    public static Optics defaults() {
        return new Optics(Microscope.CONFOCAL, PsfKind.PHYSICAL, 1.3, 1.518, 0.510, 0.488, 0);
    }

    /** The PSF model these optics describe. */
    public PsfModel model() {
        return switch (psf) {
            case PHYSICAL -> microscope == Microscope.WIDEFIELD
                    ? new BornWolfPsf(numericalAperture, refractiveIndex, emissionUm)
                    : new ConfocalPsf(new BornWolfPsf(numericalAperture, refractiveIndex, excitationUm),
                            new BornWolfPsf(numericalAperture, refractiveIndex, emissionUm));
            case GAUSSIAN -> microscope == Microscope.WIDEFIELD
                    ? GaussianPsf.widefield(numericalAperture, refractiveIndex, emissionUm)
                    : GaussianPsf.confocal(numericalAperture, refractiveIndex, excitationUm, emissionUm);
        };
    }
}
