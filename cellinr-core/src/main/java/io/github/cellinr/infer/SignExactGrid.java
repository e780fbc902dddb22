package io.github.cellinr.infer;

import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.train.ReconstructionDice;

/**
 * Coarse-to-fine evaluation of a training sequence on a cubic grid, for the trainer's final reconstruction
 * Dice: the same signs as brute force (the rule of {@link EvaluationSettings}) for a fraction of the network
 * evaluations. The commands hand it to {@link io.github.cellinr.train.Trainer#gridSdf}; the trainer cannot
 * reach it itself because training comes before inference in the pipeline.
 */
public final class SignExactGrid implements ReconstructionDice.GridSdf {
    /** The default coarse-to-fine settings. */
    public static final SignExactGrid DEFAULT = new SignExactGrid(EvaluationSettings.coarseToFine());

    private final EvaluationSettings settings;

    public SignExactGrid(EvaluationSettings settings) {
        if (settings.mode() != EvaluationSettings.Mode.COARSE_TO_FINE) {
            throw new IllegalArgumentException("SignExactGrid evaluates coarse to fine");
        }
        this.settings = settings;
    }

    @Override
    public void evaluate(CellShapeModel model, int sequence, double time, float[] axis, float[] out, int threads) {
        int n = axis.length;
        if (n < 2) {
            model.evaluator().evaluateGrid(model.latent(sequence), model.rotation(sequence), time, axis, axis, axis,
                    out, threads);
            return;
        }
        double h = axis[1] - axis[0];
        ParallelSdf.Target target = new ParallelSdf.Target(model.latent(sequence), model.rotation(sequence),
                (float) time, axis, axis, axis);
        try (ParallelSdf sdf = new ParallelSdf(model.evaluator(),
                threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads)) {
            CoarseToFine.run(sdf, target, new double[] {h, h, h}, settings.strideFor(n),
                    settings.lipschitzSafety(), settings.initialLipschitz(), out);
        }
    }
}
