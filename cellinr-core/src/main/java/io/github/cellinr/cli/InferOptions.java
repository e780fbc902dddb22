package io.github.cellinr.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.OutputFolder;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.dataset.SequenceInfo;
import io.github.cellinr.infer.EvaluationSettings;
import io.github.cellinr.infer.Inference;
import io.github.cellinr.infer.OutputGrid;
import io.github.cellinr.infer.OutputOptions;
import io.github.cellinr.infer.SequenceSummary;
import io.github.cellinr.io.MeshFormat;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.model.zoo.ModelRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options that {@code reconstruct}, {@code generate}, {@code interpolate} and {@code fit} share: the model,
 * the output, the grid, the frames and what to write. Used as a picocli mixin.
 */
public final class InferOptions {

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "Model folder, or the name of a bundled model (paper-plat).")
    String model;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output folder: one sub-folder per sequence (masks/, meshes/, sdf.ome.zarr), codes.csv,"
                    + " provenance.json.")
    String out; // as typed: the Spark job also takes a Hadoop URI here, which a Path would mangle

    /** {@code --out} as a local path. */
    Path out() {
        return Path.of(out);
    }

    /** {@code --out} as typed (a local path or, for the Spark job, any Hadoop-compatible URI). */
    public String outText() {
        return out;
    }

    /** {@code --model} as typed: a model folder or a bundled model's name. */
    public String modelReference() {
        return model;
    }

    /** {@code --seed}. */
    public long seed() {
        return seed.value;
    }

    @Option(names = "--size", paramLabel = "N",
            description = "Grid edge in voxels over the model's cube around the cell (isotropic). Default: 128"
                    + " unless --voxel-size is given.")
    Integer size;

    @Option(names = "--voxel-size", paramLabel = "Z,Y,X",
            description = "Voxel size in micrometres (anisotropic allowed, e.g. 1.0,0.25,0.25): as many voxels as"
                    + " fit in the model's cube. Excludes --size.")
    String voxelSize;

    @Option(names = "--frames", paramLabel = "T",
            description = "Frames, evenly spaced over the model's time range; more than trained is temporal"
                    + " interpolation. Default: the training sequences' frame count (30 for a model without).")
    Integer frames;

    @Option(names = "--mesh", paramLabel = "ply|stl|obj",
            description = "Also write a marching-cubes mesh per frame (micrometres, closed, outward normals).")
    String mesh;

    @Option(names = "--zarr", description = "Also write the SDF series as OME-Zarr (NGFF 0.4, t,z,y,x, micrometres).")
    boolean zarr;

    @Option(names = "--min-fragment", defaultValue = "0.01", paramLabel = "F",
            description = "Leave out of the label masks inside components smaller than this fraction of the frame's"
                    + " largest one (0 keeps all).")
    double minFragment;

    @Option(names = "--overwrite", description = "Replace existing sequence folders of the same names.")
    boolean overwrite;

    @Option(names = "--brute-force",
            description = "Evaluate the network at every voxel instead of coarse to fine (same masks, slower).")
    boolean bruteForce;

    @Option(names = "--lipschitz-safety", defaultValue = "2.0", paramLabel = "F",
            description = "Coarse to fine: factor on the steepest measured slope of the SDF that bounds it.")
    double lipschitzSafety;

    @Mixin
    ThreadsOption threads;

    @Mixin
    SeedOption seed;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    /** The resolved model, loaded once. */
    ModelRegistry.ResolvedModel resolveModel() {
        return ModelRegistry.resolve(model);
    }

    /** The grid, frames, evaluation and outputs these options describe, for model {@code m}. */
    public Inference.Settings settings(CellShapeModel m) {
        if (size != null && voxelSize != null) {
            throw CellInrException.of("give either --size or --voxel-size, not both");
        }
        OutputGrid grid = voxelSize != null ? OutputGrid.ofVoxelSize(VoxelSize.parse(voxelSize), m.micrometresPerUnit())
                : OutputGrid.ofEdge(size != null ? size : 128, m.micrometresPerUnit());
        int t = frames != null ? frames : defaultFrames(m);
        if (t < 1) {
            throw CellInrException.of("--frames must be at least 1, got " + t);
        }
        EvaluationSettings evaluation = (bruteForce ? EvaluationSettings.bruteForce() : EvaluationSettings.coarseToFine())
                .withSafety(lipschitzSafety);
        OutputOptions output = new OutputOptions(mesh == null ? null : MeshFormat.parse(mesh), zarr, minFragment,
                overwrite);
        return new Inference.Settings(grid, Inference.evenTimes(t), evaluation, output, threads.resolved());
    }

    /**
     * Claims {@code --out} for this run (see {@link OutputFolder}): refused when it is a folder of the user's own,
     * one of the inputs (the model folder, {@code more}), or in use by another run.
     */
    OutputFolder claimOut(ModelRegistry.ResolvedModel resolved, Path... more) {
        List<Path> inputs = new ArrayList<>();
        inputs.add(resolved.folder());
        inputs.addAll(java.util.Arrays.asList(more));
        return OutputFolder.claim(out(), inputs);
    }

    private static int defaultFrames(CellShapeModel m) {
        int max = 0;
        for (SequenceInfo s : m.sequences()) {
            max = Math.max(max, s.frameCount());
        }
        return max > 0 ? max : 30;
    }

    ProgressSink progress() {
        return json ? ProgressSink.NONE : ProgressSink.console();
    }

    /** The run's provenance so far: the command line, the seed and the model (its folder's checksums, its id). */
    public Provenance.Builder provenance(List<String> command, ModelRegistry.ResolvedModel resolved) {
        Provenance.Builder b = Provenance.builder(command).seed(seed.value).modelId(resolved.id());
        if (resolved.folder() != null) {
            b.input("model", resolved.folder());
        }
        b.parameter("model", resolved.reference());
        return b;
    }

    /** Prints what was written: one line per sequence, or JSON. */
    void report(PrintWriter w, String verb, Inference.Result result, ObjectNode extra) {
        if (json) {
            ObjectNode root = extra != null ? extra : Json.mapper().createObjectNode();
            root.put("verb", verb);
            root.put("out", result.folder().toString());
            ArrayNode list = root.putArray("sequences");
            for (SequenceSummary s : result.sequences()) {
                ObjectNode n = list.addObject();
                n.put("name", s.name());
                n.put("folder", s.folder().toString());
                n.put("frames", s.frames());
                ArrayNode cells = n.putArray("cellsPerFrame");
                for (int c : s.cellsPerFrame()) {
                    cells.add(c);
                }
                n.put("divisions", s.divisions());
                n.put("dividesAfterMiddle", s.dividesAfterMiddle());
                ArrayNode vol = n.putArray("insideVolumeUm3");
                for (double v : s.insideVolumeUm3()) {
                    vol.add(v);
                }
                n.put("pointsEvaluated", s.pointsEvaluated());
                n.put("voxels", s.voxels());
                n.put("evaluationSeconds", s.evaluationSeconds());
                n.put("seconds", s.totalSeconds());
            }
            try {
                w.println(Json.mapper().writeValueAsString(root));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            for (SequenceSummary s : result.sequences()) {
                int[] c = s.cellsPerFrame();
                double[] v = s.insideVolumeUm3();
                w.printf(Locale.ROOT, "%-14s %d frames, cells %d -> %d, %d division(s), volume %.1f -> %.1f um^3,"
                                + " network at %.2f%% of voxels, %.1f s%n", s.name(), s.frames(), c[0], c[c.length - 1],
                        s.divisions(), v[0], v[v.length - 1], 100.0 * s.pointsEvaluated() / Math.max(1, s.voxels()),
                        s.totalSeconds());
            }
            w.printf(Locale.ROOT, "%s: %d sequence(s) -> %s%n", verb, result.sequences().size(), result.folder());
        }
        w.flush();
    }
}
