package io.github.cellinr.infer;

import io.github.cellinr.core.Parallel;
import io.github.cellinr.core.Rotation;
import io.github.cellinr.model.SdfEvaluator;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Evaluates the network at voxels of a grid on up to {@code threads} threads of {@link Parallel}. A point's value does not
 * depend on which batch or thread computes it (the engine sums in a fixed order per point), so brute-force
 * and coarse-to-fine evaluation agree bit for bit wherever both evaluate.
 */
final class ParallelSdf implements AutoCloseable {
    /**
     * Points per task: 8 chunks of 64, enough to amortise folding the latent code into the biases (about 25k
     * MACs against 73M for the points), and small enough that the few hundred to few thousand voxels a
     * coarse-to-fine level evaluates are shared by every thread (with 4096 a level of 3000 voxels ran on one
     * thread while the others waited).
     */
    static final int TASK_POINTS = 512;

    private final SdfEvaluator evaluator;
    private final int threads;
    private final ThreadLocal<float[][]> buffers =
            ThreadLocal.withInitial(() -> new float[][] {new float[3 * TASK_POINTS], new float[TASK_POINTS]});

    ParallelSdf(SdfEvaluator evaluator, int threads) {
        this.evaluator = evaluator;
        this.threads = Math.max(1, threads);
    }

    int threads() {
        return threads;
    }

    /** The shape and grid a batch of voxels belongs to. */
    record Target(float[] latent, Rotation rotation, float time, float[] xs, float[] ys, float[] zs) {
        int width() {
            return xs.length;
        }

        int height() {
            return ys.length;
        }
    }

    /** Evaluates voxels {@code voxels[0 .. count)} (x-fastest indices) into {@code values[voxel]}. */
    void evaluate(Target target, int[] voxels, int count, float[] values) {
        run(count, (from, to) -> evaluateRange(target, voxels, from, to, values));
    }

    /** Evaluates every voxel of the grid into {@code values}. */
    void evaluateAll(Target target, float[] values) {
        run(values.length, (from, to) -> evaluateRange(target, null, from, to, values));
    }

    /**
     * Splits {@code [0, count)} into tasks of at most {@link #TASK_POINTS} and runs them in parallel; the
     * split depends on {@code count} only, never on the thread count.
     */
    void run(int count, Parallel.RangeBody task) {
        int tasks = count / TASK_POINTS + (count % TASK_POINTS == 0 ? 0 : 1);
        Parallel.forRange(threads, tasks, (first, end) -> {
            for (int k = first; k < end; k++) {
                int from = k * TASK_POINTS;
                task.run(from, from + Math.min(TASK_POINTS, count - from));
            }
        });
    }

    /** Runs independent tasks in parallel and waits for all; the failure of the first failing task is rethrown. */
    void invokeAll(List<Callable<Void>> tasks) {
        Parallel.forRange(threads, tasks.size(), (first, end) -> {
            for (int k = first; k < end; k++) {
                call(tasks.get(k));
            }
        });
    }

    private static void call(Callable<Void> task) {
        try {
            task.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void evaluateRange(Target target, int[] voxels, int from, int to, float[] values) {
        float[][] b = buffers.get();
        float[] xyz = b[0];
        float[] out = b[1];
        int nx = target.width();
        int ny = target.height();
        int n = to - from;
        for (int p = 0; p < n; p++) {
            int v = voxels == null ? from + p : voxels[from + p];
            int x = v % nx;
            int rest = v / nx;
            xyz[3 * p] = target.xs[x];
            xyz[3 * p + 1] = target.ys[rest % ny];
            xyz[3 * p + 2] = target.zs[rest / ny];
        }
        evaluator.evaluate(target.latent, target.rotation, target.time, xyz, n, out);
        for (int p = 0; p < n; p++) {
            values[voxels == null ? from + p : voxels[from + p]] = out[p];
        }
    }

    /** Nothing to release: the threads belong to {@link Parallel}'s shared pool. */
    @Override
    public void close() {
    }
}
