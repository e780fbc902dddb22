package io.github.cellinr.infer;

import io.github.cellinr.core.Rotation;
import io.github.cellinr.model.SdfEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Evaluates the network at voxels of a grid on a fixed pool of worker threads. A point's value does not
 * depend on which batch or thread computes it (the engine sums in a fixed order per point), so brute-force
 * and coarse-to-fine evaluation agree bit for bit wherever both evaluate.
 */
final class ParallelSdf implements AutoCloseable {
    /** Points per task: enough to amortise folding the latent code into the biases (about 25k MACs). */
    static final int TASK_POINTS = 4096;

    private final SdfEvaluator evaluator;
    private final int threads;
    private final ExecutorService pool;
    private final ThreadLocal<float[][]> buffers =
            ThreadLocal.withInitial(() -> new float[][] {new float[3 * TASK_POINTS], new float[TASK_POINTS]});

    ParallelSdf(SdfEvaluator evaluator, int threads) {
        this.evaluator = evaluator;
        this.threads = Math.max(1, threads);
        this.pool = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads, r -> {
            Thread t = new Thread(r, "cellinr-infer");
            t.setDaemon(true);
            return t;
        });
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

    @FunctionalInterface
    interface RangeTask {
        void run(int from, int to);
    }

    /** Splits {@code [0, count)} into tasks of at most {@link #TASK_POINTS} and runs them on the pool. */
    void run(int count, RangeTask task) {
        if (count == 0) {
            return;
        }
        if (pool == null || count <= TASK_POINTS) {
            for (int from = 0; from < count; from += TASK_POINTS) {
                task.run(from, Math.min(count, from + TASK_POINTS));
            }
            return;
        }
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int from = 0; from < count; from += TASK_POINTS) {
            int f = from;
            int to = Math.min(count, from + TASK_POINTS);
            tasks.add(() -> {
                task.run(f, to);
                return null;
            });
        }
        invokeAll(tasks);
    }

    /** Runs independent tasks on the pool and waits for all; the first failure is rethrown. */
    void invokeAll(List<Callable<Void>> tasks) {
        if (pool == null) {
            try {
                for (Callable<Void> t : tasks) {
                    t.call();
                }
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        try {
            List<Future<Void>> futures = pool.invokeAll(tasks);
            for (Future<Void> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while evaluating", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
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

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
