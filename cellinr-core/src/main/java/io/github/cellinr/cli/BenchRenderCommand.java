package io.github.cellinr.cli;

import io.github.cellinr.core.Json;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.render.Optics;
import io.github.cellinr.render.RenderSettings;
import io.github.cellinr.render.RenderSummary;
import io.github.cellinr.render.Renderer;
import io.github.cellinr.render.SyntheticSequence;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cellinr bench render}: times the rendering of a synthetic sequence of growing, drifting, one dividing
 * ellipsoids (made in memory, so nothing needs to be on disk and nothing is written), per stage.
 */
@Command(name = "render", mixinStandardHelpOptions = true, description = "Time rendering of a synthetic 3D+t sequence (default 30 frames of"
        + " 128^3): seconds per frame, per stage (stain, PSF blur, camera), nothing written.")
public final class BenchRenderCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--size", defaultValue = "128", paramLabel = "N", description = "Volume edge in voxels.")
    int size;

    @Option(names = "--frames", defaultValue = "30", paramLabel = "T", description = "Frames.")
    int frames;

    @Option(names = "--count", defaultValue = "4", paramLabel = "N", description = "Cells in the first frame.")
    int count;

    @Option(names = "--voxel-um", defaultValue = "0.2", paramLabel = "UM", description = "Isotropic voxel size (um).")
    double voxelUm;

    @Option(names = "--microscope", defaultValue = "confocal", paramLabel = "KIND",
            description = "widefield or confocal.")
    Optics.Microscope microscope;

    @Option(names = "--psf", defaultValue = "physical", paramLabel = "MODEL", description = "physical or gaussian.")
    Optics.PsfKind psf;

    @Option(names = "--mip", description = "Also compute projections.")
    boolean mip;

    @Mixin
    ThreadsOption threads;

    @Mixin
    SeedOption seed;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Override
    public void run() {
        SyntheticSequence masks = new SyntheticSequence(size, VoxelSize.isotropic(voxelUm), frames, count, seed.value);
        Optics o = Optics.defaults();
        RenderSettings settings = RenderSettings.defaults()
                .withOptics(new Optics(microscope, psf, o.numericalAperture(), o.refractiveIndex(), o.emissionUm(),
                        o.excitationUm(), 0))
                .withMip(mip).withSeed(seed.value).withThreads(threads.resolved());
        RenderSummary s = new Renderer(settings).render(masks, frame -> { }, json ? ProgressSink.NONE
                : ProgressSink.console());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frames", s.frames());
        m.put("size", s.inputSize().toString());
        m.put("voxel_um", voxelUm);
        m.put("psf", s.psf().model().name());
        m.put("kernel", s.psf().kernel().dimensions().toString());
        m.put("fft", s.fftSize().toString());
        m.put("threads", s.threads());
        double perFrame = (s.seconds() - s.psfSeconds()) / s.frames();
        m.put("seconds_per_frame", perFrame);
        m.put("stain_seconds_per_frame", s.stainSeconds() / s.frames());
        m.put("blur_seconds_per_frame", s.blurSeconds() / s.frames());
        m.put("camera_seconds_per_frame", s.cameraSeconds() / s.frames());
        m.put("psf_seconds", s.psfSeconds());
        m.put("voxels_per_second", (double) s.inputSize().voxelCount() / perFrame);
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            try {
                w.println(Json.mapper().writeValueAsString(m));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            w.printf(Locale.ROOT, "render %d frames of %s voxels (%.3g um), %s, kernel %s, FFT %s, %d threads%n",
                    s.frames(), s.inputSize(), voxelUm, s.psf().model().name(), s.psf().kernel().dimensions(),
                    s.fftSize(), s.threads());
            w.printf(Locale.ROOT, "  %.3f s/frame (stain %.3f, blur %.3f, camera %.3f), PSF kernel %.2f s,"
                            + " %.3g voxels/s%n", perFrame, s.stainSeconds() / s.frames(),
                    s.blurSeconds() / s.frames(), s.cameraSeconds() / s.frames(), s.psfSeconds(),
                    m.get("voxels_per_second"));
        }
        w.flush();
    }
}
