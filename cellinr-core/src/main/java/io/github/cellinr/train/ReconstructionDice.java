package io.github.cellinr.train;

import io.github.cellinr.core.Progress;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.dataset.GridCoordinates;
import io.github.cellinr.dataset.SdfDataset;
import io.github.cellinr.dataset.SdfFrame;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.model.SdfEvaluator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The minimal reconstruction that closes the training loop: each training frame is evaluated on its own grid
 * (subsampled by a whole stride when the grid is larger than asked), thresholded at 0, and compared with the
 * training mask (SDF <= 0) by the Dice coefficient.
 */
public final class ReconstructionDice {
    private ReconstructionDice() {
    }

    /** Per-sequence Dice (mean over its frames) by sequence id, in dataset order; and the stride used. */
    public record Result(Map<String, Double> perSequence, double mean, int stride) {
    }

    /** The stride that brings an N-point axis to at most {@code maxGrid} points. */
    static int stride(int gridSize, int maxGrid) {
        return Math.max(1, (gridSize - 1 + maxGrid - 2) / (maxGrid - 1));
    }

    public static Result compute(CellShapeModel model, SdfDataset data, int maxGrid, int threads,
                                 ProgressSink progressSink) {
        int n = data.info().gridSize();
        int stride = stride(n, maxGrid);
        int m = (n - 1) / stride + 1;
        float[] axis = new float[m];
        for (int i = 0; i < m; i++) {
            axis[i] = (float) GridCoordinates.coordinate(i * stride, n);
        }
        SdfEvaluator evaluator = model.evaluator();
        float[] values = new float[m * m * m];
        Map<String, Double> perSequence = new LinkedHashMap<>();
        double sum = 0;
        try (Progress progress = progressSink.start("reconstruction Dice", data.info().frameCount(), "frames")) {
            for (int s = 0; s < data.sequenceCount(); s++) {
                var seq = data.info().sequences().get(s);
                float[] z = model.latent(s);
                double diceSum = 0;
                for (int f = 0; f < seq.frameCount(); f++) {
                    evaluator.evaluateGrid(z, model.rotation(s), seq.time(f), axis, axis, axis, values, threads);
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
