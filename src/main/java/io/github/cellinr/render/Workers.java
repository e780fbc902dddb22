package io.github.cellinr.render;

import io.github.cellinr.core.CellInrException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.stream.IntStream;

/**
 * The threads one render uses: a fork-join pool of a fixed size that loops over independent index ranges
 * (FFT lines, image planes). Every random stream is keyed by what it draws for (frame, plane), never by
 * thread, so results do not depend on the thread count.
 */
public final class Workers implements AutoCloseable {
    private final ForkJoinPool pool;
    private final int threads;

    private Workers(int threads) {
        this.threads = threads;
        this.pool = threads > 1 ? new ForkJoinPool(threads) : null;
    }

    /** {@code threads} workers; 0 means one per available processor. */
    public static Workers create(int threads) {
        if (threads < 0) {
            throw CellInrException.of("--threads must be 0 (all processors) or positive, got " + threads);
        }
        return new Workers(threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
    }

    public int threads() {
        return threads;
    }

    /** Work on the half-open range [from, to); allocate per-range scratch space inside. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /** Runs {@code body} over [0, n) split into a few ranges per thread; returns when all are done. */
    public void forRange(int n, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int chunks = Math.min(n, pool == null ? 1 : threads * 4);
        if (chunks == 1) {
            body.run(0, n);
            return;
        }
        ForkJoinTask<?> task = pool.submit(() -> IntStream.range(0, chunks).parallel()
                .forEach(c -> body.run((int) ((long) c * n / chunks), (int) ((long) (c + 1) * n / chunks))));
        task.join();
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
