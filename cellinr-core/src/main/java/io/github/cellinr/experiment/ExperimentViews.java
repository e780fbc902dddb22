package io.github.cellinr.experiment;

import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.dataset.SdfDataset;
import io.github.cellinr.dataset.SequenceInfo;
import io.github.cellinr.eval.Evaluation;
import io.github.cellinr.eval.EvaluationResult;
import io.github.cellinr.eval.MaskSequence;
import io.github.cellinr.eval.SurfaceViews;
import io.github.cellinr.eval.report.Report;
import io.github.cellinr.eval.view.MeshViewer;
import io.github.cellinr.eval.view.SurfaceMontage;
import io.github.cellinr.infer.EvaluationSettings;
import io.github.cellinr.infer.Inference;
import io.github.cellinr.infer.OutputGrid;
import io.github.cellinr.infer.OutputOptions;
import io.github.cellinr.infer.RotationChoice;
import io.github.cellinr.infer.Shape;
import io.github.cellinr.infer.Shapes;
import io.github.cellinr.model.CellShapeModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cells in 3D for an experiment's report: one training sequence as the data has it and as each compared
 * model reconstructs it (learned code and rotation, on the data's grid at the data's times), as a surface
 * montage (rows: real, then one per model; columns: time points) and an interactive viewer, so that a reader
 * sees what the experiment's numbers measure (the paper's Figs. 5, 8, 9 and 12).
 */
final class ExperimentViews {
    private ExperimentViews() {
    }

    /**
     * Adds a section with the montage and the viewer.
     *
     * @param models label (a row of the montage, a set of the viewer) -> model trained on {@code data}'s sequences
     */
    static void add(Report report, String narrative, SdfDataset data, int sequence, Map<String, CellShapeModel> models,
                    int threads) {
        SequenceInfo info = data.info().sequences().get(sequence);
        List<Evaluation.SequenceSet> sets = new ArrayList<>();
        sets.add(new Evaluation.SequenceSet(Evaluation.REAL, List.of(ModelOutputs.dataset(data, sequence)), false));
        for (Map.Entry<String, CellShapeModel> e : models.entrySet()) {
            sets.add(new Evaluation.SequenceSet(e.getKey(), List.of(reconstruct(e.getValue(), data, info, threads)),
                    true));
        }
        SurfaceViews views = SurfaceViews.of(sets, threads);
        if (views.isEmpty()) {
            return;
        }
        report.addSection("Cells in 3D", narrative + " Sequence " + info.id() + ": the data (real) and its"
                + " reconstruction by each model, on the data's grid.");
        report.addFigure(SurfaceMontage.figure("cells-3d", "Cells in 3D: " + info.id(), "Surfaces of the data and"
                + " of each model's reconstruction (rows) at evenly spaced time points (columns), rendered from the"
                + " same direction and at the same scale in every panel (scale bars in micrometres).",
                views.montage(), 170));
        MeshViewer.addTo(report, "viewer", EvaluationResult.VIEWER_CAPTION, views.viewer());
    }

    /** The model's reconstruction of one sequence at the data's times, as masks in memory. */
    private static MaskSequence reconstruct(CellShapeModel model, SdfDataset data, SequenceInfo info, int threads) {
        Shape shape = Shapes.reconstruct(model, List.of(info.id()), RotationChoice.LEARNED, 0).get(0);
        Inference.Settings settings = new Inference.Settings(OutputGrid.ofEdge(data.info().gridSize(),
                model.micrometresPerUnit()), info.times(), EvaluationSettings.coarseToFine(), OutputOptions.masksOnly(),
                threads);
        LabelVolume[] frames = new LabelVolume[info.frameCount()];
        Inference.stream(model, shape, settings, frame -> frames[frame.frame()] = Reconstructions.mask(frame));
        return MaskSequence.inMemory(info.id(), List.of(frames), null);
    }
}
