package io.github.cellinr.experiment;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.Progress;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.dataset.SdfDataset;
import io.github.cellinr.dataset.SdfFrame;
import io.github.cellinr.dataset.SequenceInfo;
import io.github.cellinr.eval.Dice;
import io.github.cellinr.eval.ShapeDescriptors;
import io.github.cellinr.infer.EvaluationSettings;
import io.github.cellinr.infer.FrameSdf;
import io.github.cellinr.infer.Inference;
import io.github.cellinr.infer.OutputGrid;
import io.github.cellinr.infer.OutputOptions;
import io.github.cellinr.infer.RotationChoice;
import io.github.cellinr.infer.Shape;
import io.github.cellinr.infer.Shapes;
import io.github.cellinr.model.CellShapeModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Reconstructions of a model's training sequences compared with the training data, as the paper scores them:
 * each frame's reconstruction ({@code SDF <= 0} on a grid over the model's cube, coarse to fine, which gives the
 * brute-force mask) against the data's mask ({@code SDF <= 0} on the prepared grid), by Dice and by the shape
 * descriptors of both. Grids of different sizes are compared after nearest-neighbour upsampling
 * ({@link Dice}, paper section 5.5).
 */
public final class Reconstructions {
    private Reconstructions() {
    }

    /**
     * One reconstructed frame against the data.
     *
     * @param sequence      index of the sequence in the model (and in the data)
     * @param sequenceId    its id
     * @param frame         index of the frame in the data's sequence
     * @param time          its normalised time
     * @param overlap       voxel counts of the Dice comparison
     * @param real          the data's descriptors (null when not asked for)
     * @param reconstructed the reconstruction's descriptors (null when not asked for)
     */
    public record FrameScore(int sequence, String sequenceId, int frame, double time, Dice.Overlap overlap,
                             ShapeDescriptors real, ShapeDescriptors reconstructed) {
        public double dice() {
            return overlap.dice();
        }
    }

    /**
     * Scores the frames {@code frames} selects of every sequence.
     *
     * @param truth       the data the model's sequences are compared with: the same sequences in the same order
     *                    (its frames may be more than the model saw, or on another grid)
     * @param edge        reconstruction grid edge
     * @param frames      which frame indices of each sequence to score
     * @param descriptors also measure surface, volume and sphericity
     */
    public static List<FrameScore> score(CellShapeModel model, SdfDataset truth, int edge, IntPredicate frames,
                                         boolean descriptors, int threads, ProgressSink progress, String task) {
        List<SequenceInfo> seqs = truth.info().sequences();
        if (seqs.size() != model.sequenceCount()) {
            throw new IllegalArgumentException("the data has " + seqs.size() + " sequences, the model "
                    + model.sequenceCount());
        }
        List<Shape> shapes = Shapes.reconstruct(model, List.of(), RotationChoice.LEARNED, 0);
        OutputGrid grid = OutputGrid.ofEdge(edge, model.micrometresPerUnit());
        long total = 0;
        for (SequenceInfo s : seqs) {
            for (int f = 0; f < s.frameCount(); f++) {
                total += frames.test(f) ? 1 : 0;
            }
        }
        List<FrameScore> out = new ArrayList<>();
        try (Progress bar = progress.start(task, total, "frames")) {
            for (int s = 0; s < seqs.size(); s++) {
                SequenceInfo info = seqs.get(s);
                List<Integer> chosen = new ArrayList<>();
                for (int f = 0; f < info.frameCount(); f++) {
                    if (frames.test(f)) {
                        chosen.add(f);
                    }
                }
                if (chosen.isEmpty()) {
                    continue;
                }
                double[] times = chosen.stream().mapToDouble(info::time).toArray();
                Inference.Settings settings = new Inference.Settings(grid, times, EvaluationSettings.coarseToFine(),
                        OutputOptions.masksOnly(), threads);
                int sequence = s;
                Inference.stream(model, shapes.get(s), settings, frame -> {
                    int f = chosen.get(frame.frame());
                    LabelVolume reconstructed = mask(frame);
                    LabelVolume real = mask(truth, sequence, f);
                    out.add(new FrameScore(sequence, info.id(), f, info.time(f), Dice.overlap(real, reconstructed),
                            descriptors ? ShapeDescriptors.ofForeground(real) : null,
                            descriptors ? ShapeDescriptors.ofForeground(reconstructed) : null));
                    bar.step(1);
                });
            }
        }
        return out;
    }

    /** A reconstructed frame as a mask: label 1 where {@code SDF <= 0}. */
    public static LabelVolume mask(FrameSdf frame) {
        float[] v = frame.sdfUm().values();
        int[] labels = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            labels[i] = v[i] <= 0 ? 1 : 0;
        }
        return new LabelVolume(frame.sdfUm().dimensions(), frame.sdfUm().voxelSize(), labels);
    }

    /** A data frame as a mask: label 1 where {@code SDF <= 0}, voxels of the dataset's spacing. */
    public static LabelVolume mask(SdfDataset data, int sequence, int frame) {
        SdfFrame f = data.frame(sequence, frame);
        int n = f.gridSize();
        int[] labels = new int[n * n * n];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = f.sdfUm(i) <= 0 ? 1 : 0;
        }
        return new LabelVolume(Dimensions.cube(n), VoxelSize.isotropic(data.info().voxelSizeUm()), labels);
    }
}
