package io.github.cellinr.fiji;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.infer.EvaluationSettings;
import io.github.cellinr.infer.Inference;
import io.github.cellinr.infer.OutputGrid;
import io.github.cellinr.infer.OutputOptions;
import io.github.cellinr.infer.SequenceSummary;
import io.github.cellinr.infer.Shape;
import io.github.cellinr.io.CtcKind;
import io.github.cellinr.io.CtcLayout;
import io.github.cellinr.io.MeshFormat;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.model.zoo.ModelRegistry;
import ij.IJ;
import ij.ImagePlus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Generate and Reconstruct: shapes from a trained model, written by the inference stage exactly as
 * {@code cellinr generate} / {@code reconstruct} write them (per sequence CTC masks, lineage, optional meshes),
 * then opened as label hyperstacks.
 */
abstract class InferencePlugin extends CellInrPlugin {
    static final String[] MESHES = {"none", "ply", "stl", "obj"};

    /** The model, output, grid and frames fields both commands share. */
    void commonFields(Form form) {
        form.string("Model", ModelRegistry.PAPER_PLAT)
                .directory("Output", IJ.getDirectory("temp") == null ? "cellinr-out"
                        : Path.of(IJ.getDirectory("temp"), "cellinr-" + command().toLowerCase(java.util.Locale.ROOT))
                        .toString())
                .number("Size", 64)
                .number("Frames", 0)
                .choice("Mesh", MESHES, "none")
                .number("Seed", 1)
                .checkbox("Overwrite", false);
    }

    /** The shapes to compute. */
    abstract List<Shape> shapes(Form form, CellShapeModel model, long seed);

    @Override
    final List<ImagePlus> execute(Form form, ImageJProgress progress) {
        String reference = form.text("Model");
        if (reference.isEmpty()) {
            throw CellInrException.of("model: give a model folder or the name of a bundled model ("
                    + String.join(", ", ModelRegistry.bundledNames()) + ")");
        }
        String outText = form.text("Output");
        if (outText.isEmpty()) {
            throw CellInrException.of("output: give a folder to write into");
        }
        Path out = Path.of(outText);
        int size = form.integer("Size");
        if (size < 8 || size > 1024) {
            throw CellInrException.of("size must be between 8 and 1024 voxels, got " + size);
        }
        int frames = form.integer("Frames");
        if (frames < 0) {
            throw CellInrException.of("frames must be 0 (the model's own count) or positive, got " + frames);
        }
        long seed = form.integer("Seed");
        String mesh = form.choice("Mesh");
        IJ.showStatus("CellINR " + command() + ": loading model " + reference);
        ModelRegistry.ResolvedModel resolved = ModelRegistry.resolve(reference);
        CellShapeModel model = resolved.model();
        int t = frames > 0 ? frames : model.sequences().stream().mapToInt(s -> s.frameCount()).max().orElse(30);
        OutputOptions output = new OutputOptions(mesh.equals("none") ? null : MeshFormat.parse(mesh), false,
                0.01, form.checked("Overwrite"));
        Inference.Settings settings = new Inference.Settings(OutputGrid.ofEdge(size, model.micrometresPerUnit()),
                Inference.evenTimes(t), EvaluationSettings.coarseToFine(), output, 0);
        List<Shape> shapes = shapes(form, model, seed);
        Provenance.Builder provenance = Provenance.builder(List.of("fiji", command(), String.valueOf(
                ij.Macro.getOptions()).strip())).seed(seed).modelId(resolved.id()).parameter("model", reference);
        if (resolved.folder() != null) {
            provenance.input("model", resolved.folder());
        }
        Inference.Result result = Inference.write(model, resolved.id(), shapes, settings, out, provenance.build(),
                progress);
        List<ImagePlus> opened = new ArrayList<>();
        for (SequenceSummary s : result.sequences()) {
            if (opened.size() == MAX_OPENED) {
                IJ.log("CellINR " + command() + ": " + (result.sequences().size() - MAX_OPENED)
                        + " more sequence(s) in " + Hyperstacks.shown(result.folder()));
                break;
            }
            opened.add(Hyperstacks.labels(s.name(), CtcLayout.open(s.folder().resolve("masks"), CtcKind.RESULT)));
        }
        IJ.log("CellINR " + command() + ": " + result.sequences().size() + " sequence(s) in "
                + Hyperstacks.shown(result.folder()) + (mesh.equals("none") ? "" : " (meshes as " + mesh
                + " in each sequence's meshes/ folder)"));
        return opened;
    }
}
