package io.github.cellinr.cli;

import io.github.cellinr.core.Json;
import io.github.cellinr.core.OutputFolder;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.dataset.Precision;
import io.github.cellinr.dataset.StagingFolder;
import io.github.cellinr.shape.Prepare;
import io.github.cellinr.shape.PrepareInputs;
import io.github.cellinr.shape.PrepareOptions;
import io.github.cellinr.shape.PrepareSummary;
import io.github.cellinr.shape.TrackingMode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cellinr prepare}: label masks -> per-cell aligned SDF time-lapses (the training dataset). */
@Command(name = "prepare",
        mixinStandardHelpOptions = true,
        description = {"Turn label masks into the training dataset: per cell, up to --frames frames from its"
                + " inception (a dividing cell continues with its two daughters), centred on the centroid,"
                + " aligned to the principal axes, resampled to isotropic voxels, as the exact signed distance"
                + " (micrometres, negative inside) on an N^3 grid over [-1,1]^3 with one scale for the dataset.",
            "Input (--in): a Cell Tracking Challenge folder (tracking ground truth with man_track.txt, results"
                + " with res_track.txt, or segmentations), a folder of label TIFFs or of HDF5 files (one per"
                + " frame), or one TIFF/HDF5 file."})
public final class PrepareCommand implements Callable<Integer> {

    @ParentCommand
    CellInrCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "PATH", description = "Masks to prepare (see above).")
    Path in;

    @Option(names = "--out", paramLabel = "DIR", description = "Dataset folder (default: NAME-sdf, NAME being the"
            + " input's name).")
    Path out;

    @Option(names = "--grid", defaultValue = "128", paramLabel = "N", description = "SDF grid edge (the paper: 256).")
    int grid;

    @Option(names = "--frames", defaultValue = "30", paramLabel = "T",
            description = "Frames per sequence from each cell's inception.")
    int frames;

    @Option(names = "--min-frames", defaultValue = "1", paramLabel = "T",
            description = "Skip sequences with fewer frames.")
    int minFrames;

    @Option(names = "--precision", defaultValue = "f16", paramLabel = "f16|f32", description = "SDF storage precision.")
    String precision;

    @Option(names = "--near-um", defaultValue = "0.6", paramLabel = "UM",
            description = "Voxels with SDF at or below this (the interior included) are 'near' for sampling.")
    double nearUm;

    @Option(names = "--background-label", defaultValue = "auto", paramLabel = "auto|N",
            description = "Label of the outside besides 0; auto: 0 when present, else the most frequent label if it"
                    + " covers 20 %% of the volume and touches its border (e.g. 1 in PlantSeg output).")
    String background;

    @Option(names = "--keep-border-cells", description = "Keep cells that touch the volume border (they may be cut).")
    boolean keepBorder;

    @Option(names = "--extent-um", paramLabel = "UM",
            description = "Grid edge in micrometres (default: set by --extent-percentile and --margin); cells"
                    + " that do not fit are skipped and listed.")
    Double extentUm;

    @Option(names = "--margin", defaultValue = "1.1", paramLabel = "F",
            description = "Without --extent-um: grid half-edge = the --extent-percentile percentile of the cells'"
                    + " aligned half-extents x F.")
    double margin;

    @Option(names = "--extent-percentile", defaultValue = "95", paramLabel = "P",
            description = "Without --extent-um: the percentile of the cells' aligned half-extents that sizes the"
                    + " grid, so that the typical cell spans many voxels; the few larger cells (merged cells, outliers)"
                    + " are skipped and listed. 100: the largest cell sets it. With fewer than 40 sequences the"
                    + " largest always does.")
    double extentPercentile;

    @Option(names = "--tracking", defaultValue = "auto", paramLabel = "MODE",
            description = "auto, lineage (L B E P file), label (same label = same cell) or none (one-frame"
                    + " sequences).")
    String tracking;

    @Option(names = "--all-tracks", description = "Start a sequence at every track, daughters too (default: root"
            + " tracks only).")
    boolean allTracks;

    @Option(names = "--min-voxels", defaultValue = "64", paramLabel = "N",
            description = "Skip cells with fewer input voxels.")
    long minVoxels;

    @Option(names = "--min-volume-fraction", defaultValue = "0.05", paramLabel = "F",
            description = "Skip fragments: cells under F x the median cell volume (0: keep them).")
    double minVolumeFraction;

    @Option(names = "--voxel-size", paramLabel = "Z,Y,X",
            description = "Input voxel size in micrometres, overriding the files' calibration.")
    String voxelSize;

    @Option(names = "--force", description = "Replace --out if it is an earlier cellinr output.")
    boolean force;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    /**
     * The preparation options the arguments give (also for {@code cellinr-spark prepare}, which parses the same
     * arguments with this class).
     */
    public PrepareOptions options() {
        return PrepareOptions.defaults()
                .withGridSize(grid).withFrames(frames).withMinFrames(minFrames)
                .withPrecision(Precision.parse(precision)).withNearUm(nearUm)
                .withBackgroundLabel(parseBackground(background)).withKeepBorderCells(keepBorder)
                .withExtentUm(extentUm).withMargin(margin).withExtentPercentile(extentPercentile).withTracking(TrackingMode.parse(tracking))
                .withAllTracks(allTracks).withMinVoxels(minVoxels).withMinVolumeFraction(minVolumeFraction)
                .withVoxelSize(voxelSize == null ? null : VoxelSize.parse(voxelSize)).withReplace(force)
                .withThreads(threads.resolved());
    }

    /** {@code --in}. */
    public Path input() {
        return in;
    }

    /** The dataset folder: {@code --out}, else NAME-sdf. */
    public Path output() {
        return out != null ? out : Path.of(inputName(in) + "-sdf");
    }

    @Override
    public Integer call() throws Exception {
        PrepareOptions options = options();
        Path target = output();
        // before reading the input: an output that is the input (or inside it, or holding it) would destroy it
        // with --force, and an output that cannot be written should fail now, not after minutes of work
        OutputFolder.checkSeparate(target, List.of(in));
        StagingFolder.check(target, force);
        PrepareInputs.Inputs inputs = PrepareInputs.open(in);
        var printer = spec.commandLine().getOut();
        if (!json) {
            for (String note : inputs.notes()) {
                printer.println("note: " + note);
            }
        }
        Provenance.Builder provenance = Provenance.builder(PhantomCommand.commandLine(root));
        PrepareSummary summary = Prepare.run(inputs.series(), target, options, inputs.seed(), provenance,
                ProgressSink.console());
        if (json) {
            printer.println(Json.mapper().writeValueAsString(summary));
        } else {
            printer.print(summary.toText());
        }
        printer.flush();
        return 0;
    }

    static Integer parseBackground(String text) {
        if (text == null || text.equalsIgnoreCase("auto")) {
            return null;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw io.github.cellinr.core.CellInrException.of("--background-label must be 'auto' or a label number,"
                    + " got '" + text + "'");
        }
    }

    static String inputName(Path in) {
        Path name = in.toAbsolutePath().normalize().getFileName();
        String s = name == null ? "input" : name.toString();
        int dot = s.lastIndexOf('.');
        return dot > 0 && !java.nio.file.Files.isDirectory(in) ? s.substring(0, dot) : s;
    }
}
