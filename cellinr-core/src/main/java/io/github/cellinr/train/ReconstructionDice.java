package io.github.cellinr.train;

import io.github.cellinr.core.Progress;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.dataset.GridCoordinates;
import io.github.cellinr.dataset.SdfDataset;
import io.github.cellinr.dataset.SdfFrame;
import io.github.cellinr.model.CellShapeModel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The minimal reconstruction that closes the training loop: each training frame is evaluated on its own grid
 * (subsampled by a whole stride when the grid is larger than asked), thresholded at 0, and compared with the
 * training mask (SDF <= 0) by the Dice coefficient.
 *
 * <p>The grid is evaluated by a {@link GridSdf}: {@link #BRUTE_FORCE} runs the network at every voxel; the
 * inference stage, which comes after training in the pipeline, provides a coarse-to-fine one with the same
 * signs at a fraction of the evaluations, and the commands hand it to the trainer
 * ({@link Trainer#gridSdf}).
 */
public final class ReconstructionDice {
    private ReconstructionDice() {
    }

    /**
     * Evaluates a model's SDF for one sequence at one time on the cubic grid {@code axis^3} (normalised
     * coordinates, x fastest) into {@code out}, with the signs of the network at every voxel.
     */
    @FunctionalInterface
    public interface GridSdf {
        void evaluate(CellShapeModel model, int sequence, double time, float[] axis, float[] out, int threads);
    }

    /** Every voxel through the network. */
    public static final GridSdf BRUTE_FORCE = (model, s, t, axis, out, threads) ->
            model.evaluator().evaluateGrid(model.latent(s), model.rotation(s), t, axis, axis, axis, out, threads);

    /** Per-sequence Dice (mean over its frames) by sequence id, in dataset order; and the stride used. */
    public record Result(Map<String, Double> perSequence, double mean, int stride) {
    }

    /** The stride that brings an N-point axis to at most {@code maxGrid} points. */
    static int stride(int gridSize, int maxGrid) {
        return Math.max(1, (gridSize - 1 + maxGrid - 2) / (maxGrid - 1));
    }

    public static Result compute(CellShapeModel model, SdfDataset data, int maxGrid, int threads,
                                 ProgressSink progressSink) {
        return compute(model, data, maxGrid, threads, progressSink, BRUTE_FORCE);
    }

    /** As above, evaluating the grids with {@code grid}. */
    public static Result compute(CellShapeModel model, SdfDataset data, int maxGrid, int threads,
                                 ProgressSink progressSink, GridSdf grid) {
        int n = data.info().gridSize();
        int stride = stride(n, maxGrid);
        int m = (n - 1) / stride + 1;
        float[] axis = new float[m];
        for (int i = 0; i < m; i++) {
            axis[i] = (float) GridCoordinates.coordinate(i * stride, n);
        }
        float[] values = new float[m * m * m];
        Map<String, Double> perSequence = new LinkedHashMap<>();
        double sum = 0;
        try (Progress progress = progressSink.start("reconstruction Dice", data.info().frameCount(), "frames")) {
            for (int s = 0; s < data.sequenceCount(); s++) {
                var seq = data.info().sequences().get(s);
                double diceSum = 0;
                for (int f = 0; f < seq.frameCount(); f++) {
                    grid.evaluate(model, s, seq.time(f), axis, values, threads);
                    SdfFrame frame = data.frame(s, f);
                    long both = 0;
                    long predicted = 0;
                    long truth = 0;
                    for (int k = 0, v = 0; k < m; k++) {
                        for (int j = 0; j < m; j++) {
                            int row = (k * stride * n + j * stride) * n;
                            for (int i = 0; i < m; i++, v++) {
                                boolean p = values[v] <= 0;
                                boolean t = frame.sdfUm(row + i * stride) <= 0;
                                predicted += p ? 1 : 0;
                                truth += t ? 1 : 0;
                                both += p && t ? 1 : 0;
                            }
                        }
                    }
                    diceSum += predicted + truth == 0 ? 1.0 : 2.0 * both / (predicted + truth);
                    progress.step(1);
                }
                double dice = diceSum / seq.frameCount();
                perSequence.put(seq.id(), dice);
                sum += dice;
            }
        }
        return new Result(perSequence, data.sequenceCount() == 0 ? Double.NaN : sum / data.sequenceCount(), stride);
    }
}
