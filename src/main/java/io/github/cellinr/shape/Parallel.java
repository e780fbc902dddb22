package io.github.cellinr.shape;

import io.github.cellinr.core.CellInrException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Parallel loops over an index range for the data stages (EDT lines, resampling slices, phantom frames).
 * Work is cut into a few chunks per thread and pulled from a shared counter, so uneven chunks (lines that
 * cross a cell vs empty lines) balance out. Threads come from one cached daemon pool, so the many short
 * loops of a prepare run do not create threads each time.
 */
public final class Parallel {
    private static final ExecutorService POOL = Executors.newCachedThreadPool(runnable -> {
        Thread t = new Thread(runnable, "cellinr-data-worker");
        t.setDaemon(true);
        return t;
    });

    private Parallel() {
    }

    /** A loop body over the half-open index range [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /** The default worker count: the machine's processors. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Runs {@code body} over [0, n) on up to {@code threads} threads (the caller's thread is one of them)
     * and returns when every index is done. The first exception thrown by a chunk is rethrown here.
     */
    public static void forRange(int threads, int n, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int workers = Math.max(1, Math.min(threads, n));
        if (workers == 1) {
            body.run(0, n);
            return;
        }
        int chunks = Math.min(n, workers * 4);
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            int c;
            while ((c = next.getAndIncrement()) < chunks) {
                int from = (int) ((long) n * c / chunks);
                int to = (int) ((long) n * (c + 1) / chunks);
                body.run(from, to);
            }
        };
        List<Future<?>> futures = new ArrayList<>(workers - 1);
        for (int w = 1; w < workers; w++) {
            futures.add(POOL.submit(worker));
        }
        RuntimeException failure = null;
        try {
            worker.run();
        } catch (RuntimeException | Error e) {
            next.set(chunks); // stop handing out work
            failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
            if (e instanceof Error err) {
                awaitQuietly(futures);
                throw err;
            }
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = rethrowable(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CellInrException.of("interrupted");
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static RuntimeException rethrowable(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(cause);
    }

    private static void awaitQuietly(List<Future<?>> futures) {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException | InterruptedException ignored) {
                // the caller is already failing with an Error
            }
        }
    }
}
