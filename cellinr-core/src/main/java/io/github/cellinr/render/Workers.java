package io.github.cellinr.render;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Parallel;

/**
 * The threads one render uses: loops over independent index ranges (FFT lines, image planes) on
 * {@link Parallel}'s shared pool, at most {@link #threads()} at a time. Every random stream is keyed by what it
 * draws for (frame, plane), never by thread, so results do not depend on the thread count.
 */
public final class Workers implements AutoCloseable {
    private final int threads;

    private Workers(int threads) {
        this.threads = threads;
    }

    /** {@code threads} workers; 0 means one per available processor. */
    public static Workers create(int threads) {
        if (threads < 0) {
            throw CellInrException.of("--threads must be 0 (all processors) or positive, got " + threads);
        }
        return new Workers(threads == 0 ? Parallel.defaultThreads() : threads);
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code body} over [0, n) split into a few ranges per thread; returns when all are done. */
    public void forRange(int n, Parallel.RangeBody body) {
        Parallel.forRange(threads, n, body);
    }

    /** Nothing to release: the threads belong to the shared pool (kept so a render scopes its workers). */
    @Override
    public void close() {
    }
}
