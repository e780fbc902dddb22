package io.github.cellinr.cli;

import io.github.cellinr.core.Json;
import io.github.cellinr.core.OutputFolder;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.render.Camera;
import io.github.cellinr.render.CtcRender;
import io.github.cellinr.render.Optics;
import io.github.cellinr.render.RenderSettings;
import io.github.cellinr.render.RenderSummary;
import io.github.cellinr.render.Staining;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cellinr render}: synthetic fluorescence microscopy images with their masks, in CTC layout. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = {
            "Render synthetic fluorescence microscopy from cell masks: staining with a cell-anchored texture,"
                    + " a widefield or confocal PSF (physical Born-Wolf model or Gaussian approximation),"
                    + " Poisson-Gaussian camera noise.",
            "Reads every mask sequence of a Cell Tracking Challenge folder (man_track, mask or man_seg files, with"
                    + " lineage where present) and writes OUT/NN/t###.tif, OUT/NN_GT/SEG/man_seg###.tif,"
                    + " OUT/NN_GT/TRA (with lineage), OUT/mip/... with --mip, and OUT/provenance.json."})
public final class RenderCommand implements Runnable {

    @ParentCommand
    CellInrCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = {"--masks", "--in"}, required = true, paramLabel = "DIR",
            description = "Folder of CTC masks (e.g. a phantom, reconstruct or generate output).")
    Path masks;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "New (or empty) output folder.")
    Path out;

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

    @Option(names = "--voxel-size", paramLabel = "Z,Y,X",
            description = "Voxel size of the masks (um), overriding their calibration.")
    String voxelSize;

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

    @Mixin
    SeedOption seed;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Override
    public void run() {
        RenderSettings settings = settings();
        VoxelSize override = voxelSize == null ? null : VoxelSize.parse(voxelSize);
        ProgressSink progress = json ? ProgressSink.NONE : ProgressSink.console();
        OutputFolder.checkSeparate(out, List.of(masks)); // rendering into the masks would mix images into them
        CtcRender.Result result = CtcRender.run(masks, out, settings, override, root.arguments(), progress);
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("out", result.out().toString());
            List<Map<String, Object>> sequences = new ArrayList<>();
            for (CtcRender.SequenceResult r : result.sequences()) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("name", r.name());
                s.put("tracking_written", r.tracking());
                s.put("notes", r.notes());
                s.put("render", r.summary().describe());
                sequences.add(s);
            }
            m.put("sequences", sequences);
            try {
                w.println(Json.mapper().writeValueAsString(m));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            for (CtcRender.SequenceResult r : result.sequences()) {
                RenderSummary s = r.summary();
                w.printf(Locale.ROOT, "sequence %s: %d frames %s -> %s voxels (%s um), %s, PSF FWHM %.3f x %.3f um,"
                                + " mean SNR %.2f, %.2f s/frame%n", r.name(), s.frames(), s.inputSize(),
                        s.outputSize(), s.outputVoxel(), s.psf().model().name(), s.psf().model().lateralFwhmUm(),
                        s.psf().model().axialFwhmUm(), s.meanSnr(), s.secondsPerFrame());
                for (String note : r.notes()) {
                    w.println("  note: " + note);
                }
            }
            w.println("wrote " + result.out() + (mip ? " (projections in " + result.out().resolve("mip") + ")" : ""));
        }
        w.flush();
    }

    RenderSettings settings() {
        Staining staining = new Staining(stain, membraneUm, nucleusScale, nucleusSoftnessUm, brightnessCv, texture,
                textureUm, textureOctaves);
        Optics optics = new Optics(microscope, psf, na, ri, emissionNm / 1000, excitationNm / 1000, psfDepthUm);
        Camera camera = new Camera(signalE, backgroundE, readNoiseE, gain, offset, bits, snr);
        return new RenderSettings(staining, optics, camera, zStepUm, mip, seed.value, threads.resolved());
    }
}
