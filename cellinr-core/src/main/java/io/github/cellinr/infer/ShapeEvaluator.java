package io.github.cellinr.infer;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.FloatVolume;
import io.github.cellinr.model.CellShapeModel;

/**
 * Evaluates shapes of a model on output grids, one frame at a time, on a pool of worker threads.
 *
 * <p>Memory is one frame: a sequence is streamed to a {@link FrameConsumer}, which writes or measures the
 * frame before the next one is evaluated; within a frame the network runs in batches of a few thousand
 * points. Time is continuous: any number of frames at any times in [-1,1] (more frames than trained is
 * temporal interpolation, paper section 5.4).
 *
 * <p>Not thread-safe (one sequence at a time); close it to stop the worker threads.
 */
public final class ShapeEvaluator implements AutoCloseable {
    private final CellShapeModel model;
    private final ParallelSdf sdf;

    /** Receives each frame of a sequence in order. */
    @FunctionalInterface
    public interface FrameConsumer {
        void accept(FrameSdf frame);
    }

    /** @param threads worker threads (0 = all processors) */
    public ShapeEvaluator(CellShapeModel model, int threads) {
        this.model = model;
        this.sdf = new ParallelSdf(model.evaluator(), threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads);
    }

    public CellShapeModel model() {
        return model;
    }

    public int threads() {
        return sdf.threads();
    }

    /**
     * Evaluates frame {@code frame} at normalised time {@code t}.
     *
     * @param lipschitz the slope bound to start from (coarse to fine; see {@link EvaluationSettings})
     */
    public FrameSdf evaluateFrame(Shape shape, OutputGrid grid, int frame, double t, EvaluationSettings settings,
                                  double lipschitz) {
        return evaluateFrame(shape, grid, frame, t, settings, lipschitz, null);
    }

    /**
     * As above; coarse to fine, each region starts from {@code regionBounds} (null: from {@code lipschitz}), and
     * the array is overwritten with what this frame measured, for the next frame of the sequence.
     */
    private FrameSdf evaluateFrame(Shape shape, OutputGrid grid, int frame, double t, EvaluationSettings settings,
                                   double lipschitz, double[][] regionBounds) {
        checkShape(shape);
        if (!(t >= -1 && t <= 1)) {
            throw CellInrException.of("time " + t + " is outside the model's time range [-1, 1]");
        }
        long start = System.nanoTime();
        float[] values = new float[grid.dimensions().voxelCount()];
        ParallelSdf.Target target = new ParallelSdf.Target(shape.latent(), shape.rotation(), (float) t, grid.xs(),
                grid.ys(), grid.zs());
        long evaluated;
        double used = 0;
        double observed = 0;
        int passes = 1;
        if (settings.mode() == EvaluationSettings.Mode.BRUTE_FORCE) {
            sdf.evaluateAll(target, values);
            evaluated = values.length;
        } else {
            var d = grid.dimensions();
            int stride = settings.strideFor(Math.min(d.depth(), Math.min(d.height(), d.width())));
            CoarseToFine.Outcome o = CoarseToFine.run(sdf, target, grid.spacingNormalised(), stride,
                    settings.lipschitzSafety(), lipschitz, regionBounds == null ? null : regionBounds[0], values);
            if (regionBounds != null) {
                regionBounds[0] = o.measuredBounds();
            }
            evaluated = o.evaluated();
            used = o.lipschitzUsed();
            observed = o.lipschitzObserved();
            passes = o.passes();
        }
        float scale = (float) grid.micrometresPerUnit();
        for (int i = 0; i < values.length; i++) {
            values[i] *= scale;
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        return new FrameSdf(frame, t, new FloatVolume(grid.dimensions(), grid.voxelSize(), values),
                new EvaluationStats(values.length, evaluated, used, observed, passes, seconds));
    }

    /**
     * Evaluates the frames at {@code times} in order and hands each to {@code consumer} before evaluating the
     * next. Coarse to fine, each frame starts from the slope bound its predecessor ended with.
     */
    public void evaluateSequence(Shape shape, OutputGrid grid, double[] times, EvaluationSettings settings,
                                 FrameConsumer consumer) {
        // each region starts from what the previous frame measured there (a frame differs little from the
        // last), so the bounds need few raising passes; far regions keep their low bounds, and a region whose
        // slope fell starts lower again
        double[][] bounds = new double[1][];
        for (int k = 0; k < times.length; k++) {
            consumer.accept(evaluateFrame(shape, grid, k, times[k], settings, settings.initialLipschitz(), bounds));
        }
    }

    private void checkShape(Shape shape) {
        if (shape.latent().length != model.latentSize()) {
            throw CellInrException.of("latent code of '" + shape.name() + "' has " + shape.latent().length
                    + " values, the model takes " + model.latentSize());
        }
    }

    @Override
    public void close() {
        sdf.close();
    }
}
