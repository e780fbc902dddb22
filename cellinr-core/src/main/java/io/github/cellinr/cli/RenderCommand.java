package io.github.cellinr.cli;

import io.github.cellinr.core.Json;
import io.github.cellinr.core.OutputFolder;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.render.CtcRender;
import io.github.cellinr.render.RenderSettings;
import io.github.cellinr.render.RenderSummary;
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

    @Option(names = "--voxel-size", paramLabel = "Z,Y,X",
            description = "Voxel size of the masks (um), overriding their calibration.")
    String voxelSize;

    @Mixin
    RenderOptions rendering;

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
            w.println("wrote " + result.out() + (rendering.mip ? " (projections in " + result.out().resolve("mip") + ")" : ""));
        }
        w.flush();
    }

    RenderSettings settings() {
        return rendering.settings(seed.value, threads.resolved());
    }
}
