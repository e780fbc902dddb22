package io.github.cellinr.cli;

import io.github.cellinr.render.Camera;
import io.github.cellinr.render.Optics;
import io.github.cellinr.render.RenderSettings;
import io.github.cellinr.render.Staining;
import picocli.CommandLine.Option;

/**
 * How {@code render} stains, images and digitises cells: the options of that verb apart from its input, output,
 * seed and threads, as a picocli mixin, so that other front ends (the Spark job) offer the same options with the
 * same defaults and build the same {@link RenderSettings} from them.
 */
public final class RenderOptions {

    @Option(names = "--stain", paramLabel = "MODE", defaultValue = "cytoplasm",
            description = "What fluoresces: cytoplasm (whole cell), membrane (a shell below the surface) or nucleus"
                    + " (a smaller, soft-edged inner ellipsoid).")
    Staining.Mode stain;

    @Option(names = "--membrane-um", defaultValue = "0.5", paramLabel = "UM",
            description = "Membrane shell thickness below the cell surface (um).")
    double membraneUm;

    @Option(names = "--nucleus-scale", defaultValue = "0.5", paramLabel = "F",
            description = "Nucleus semi-axes as a fraction of the cell's moment ellipsoid.")
    double nucleusScale;

    @Option(names = "--nucleus-softness-um", defaultValue = "0.3", paramLabel = "UM",
            description = "Width of the nucleus's soft edge (um).")
    double nucleusSoftnessUm;

    @Option(names = "--brightness-cv", defaultValue = "0.2", paramLabel = "CV",
            description = "Cell-to-cell brightness variation (coefficient of variation, log-normal; daughters keep"
                    + " their mother's).")
    double brightnessCv;

    @Option(names = "--texture", defaultValue = "0.3", paramLabel = "C",
            description = "Texture contrast: relative standard deviation of the stain inside a cell (0 = flat).")
    double texture;

    @Option(names = "--texture-um", defaultValue = "1.5", paramLabel = "UM",
            description = "Size of the texture's coarsest features (um).")
    double textureUm;

    @Option(names = "--texture-octaves", defaultValue = "4", paramLabel = "N",
            description = "Octaves of finer texture detail.")
    int textureOctaves;

    @Option(names = "--microscope", defaultValue = "confocal", paramLabel = "KIND",
            description = "widefield, or confocal (point scanning; pinhole treated as infinitely small).")
    Optics.Microscope microscope;

    @Option(names = "--psf", defaultValue = "physical", paramLabel = "MODEL",
            description = "physical (scalar Born-Wolf diffraction integral; confocal = excitation x emission) or"
                    + " gaussian (Zhang et al. 2007 least-squares approximation).")
    Optics.PsfKind psf;

    @Option(names = "--na", defaultValue = "1.3", paramLabel = "NA", description = "Numerical aperture.")
    double na;

    @Option(names = "--ri", defaultValue = "1.518", paramLabel = "N",
            description = "Refractive index of the immersion medium (1.518 oil, 1.33 water).")
    double ri;

    @Option(names = "--emission-nm", defaultValue = "510", paramLabel = "NM", description = "Emission wavelength (nm).")
    double emissionNm;

    @Option(names = "--excitation-nm", defaultValue = "488", paramLabel = "NM",
            description = "Excitation wavelength (nm; confocal only).")
    double excitationNm;

    @Option(names = "--psf-depth-um", defaultValue = "0", paramLabel = "UM",
            description = "Axial half extent of the PSF kernel (um); 0 = 3 axial FWHM (4 sigma for Gaussians). The"
                    + " lateral extent scales with it.")
    double psfDepthUm;

    @Option(names = "--z-step", defaultValue = "0", paramLabel = "UM",
            description = "Output z step (um): the blurred volume is sampled every UM; 0 keeps the masks' planes.")
    double zStepUm;

    @Option(names = "--signal-e", defaultValue = "200", paramLabel = "E",
            description = "Photo-electrons per voxel of unit stain (ignored with --snr).")
    double signalE;

    @Option(names = "--background-e", defaultValue = "20", paramLabel = "E",
            description = "Background photo-electrons per voxel.")
    double backgroundE;

    @Option(names = "--read-noise-e", defaultValue = "1.5", paramLabel = "E",
            description = "Camera read noise (electrons, standard deviation).")
    double readNoiseE;

    @Option(names = "--gain", defaultValue = "1.0", paramLabel = "ADU/E", description = "Grey values per electron.")
    double gain;

    @Option(names = "--offset", defaultValue = "100", paramLabel = "ADU", description = "Grey value of zero electrons.")
    double offset;

    @Option(names = "--bits", defaultValue = "16", paramLabel = "8|16", description = "Image bit depth (values clip).")
    int bits;

    @Option(names = "--snr", defaultValue = "0", paramLabel = "S",
            description = "Target signal-to-noise ratio, Cell Tracking Challenge definition: per cell"
                    + " |mean_fg - mean_bg| / std_bg of the grey values, averaged over cells (background: voxels"
                    + " outside every cell and its blur halo). Sets the signal on the first frame with cells;"
                    + " 0 = use --signal-e.")
    double snr;

    @Option(names = "--mip", description = "Also write 2D+t maximum-intensity projections (OUT/mip); a pixel's"
            + " label is that of the cell whose noise-free signal is brightest along the ray.")
    boolean mip;

    /** The settings these options describe; every random draw of the rendering comes from {@code seed}. */
    public RenderSettings settings(long seed, int threads) {
        Staining staining = new Staining(stain, membraneUm, nucleusScale, nucleusSoftnessUm, brightnessCv, texture,
                textureUm, textureOctaves);
        Optics optics = new Optics(microscope, psf, na, ri, emissionNm / 1000, excitationNm / 1000, psfDepthUm);
        Camera camera = new Camera(signalE, backgroundE, readNoiseE, gain, offset, bits, snr);
        return new RenderSettings(staining, optics, camera, zStepUm, mip, seed, threads);
    }
}
