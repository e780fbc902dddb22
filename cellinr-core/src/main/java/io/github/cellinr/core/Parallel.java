package io.github.cellinr.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Parallel loops over an index range, shared by the stages (EDT lines, resampling slices, phantom frames,
 * grid slices, mesh slabs, render planes). Work is cut into a few chunks per thread and pulled from a shared
 * counter, so uneven chunks (lines that cross a cell vs empty lines) balance out. Threads come from one cached
 * daemon pool, so the many short loops of a run do not create threads each time.
 *
 * <p>Only the assignment of chunks to threads varies between runs: a body whose indices are independent (or
 * that writes per-index slots the caller combines in index order) gives the same result on any thread count.
 * When chunks fail, the failure of the lowest chunk is rethrown; chunks are handed out in order, so every chunk
 * below a failing one has run, and the exception reported does not depend on timing.
 */
public final class Parallel {
    private static final ExecutorService POOL = Executors.newCachedThreadPool(runnable -> {
        Thread t = new Thread(runnable, "cellinr-worker");
        t.setDaemon(true);
        return t;
    });

    private Parallel() {
    }

    /** A loop body over the half-open index range [from, to); allocate per-range scratch space inside. */
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
     * and returns when every index is done. One thread (or {@code threads <= 1}) runs the whole range on the
     * caller's thread in one call.
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
        Loop loop = new Loop(n, Math.min(n, workers * 4), body);
        List<Future<?>> futures = new ArrayList<>(workers - 1);
        for (int w = 1; w < workers; w++) {
            futures.add(POOL.submit(loop::work));
        }
        loop.work();
        for (Future<?> f : futures) {
            join(f);
        }
        loop.rethrow();
    }

    /**
     * {@code task(i)} for every i in [0, n) on up to {@code threads} threads, as a list in index order.
     */
    public static <T> List<T> map(int threads, int n, IntFunction<T> task) {
        Object[] out = new Object[Math.max(0, n)];
        forRange(threads, n, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = task.apply(i);
            }
        });
        @SuppressWarnings("unchecked")
        List<T> list = (List<T>) Arrays.asList(out);
        return list;
    }

    /**
     * Waits for {@code future} and returns its value; its failure is rethrown as it was thrown (unchecked
     * exceptions and errors as they are, checked ones wrapped in an {@link IllegalStateException}).
     */
    public static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CellInrException.of("interrupted", e);
        } catch (ExecutionException e) {
            throw unchecked(e.getCause());
        }
    }

    private static RuntimeException unchecked(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(cause);
    }

    /** One loop's shared state: the next chunk to hand out and the failure of the lowest failed chunk. */
    private static final class Loop {
        private final int n;
        private final int chunks;
        private final RangeBody body;
        private final AtomicInteger next = new AtomicInteger();
        private int failedChunk = Integer.MAX_VALUE;
        private Throwable failure;

        Loop(int n, int chunks, RangeBody body) {
            this.n = n;
            this.chunks = chunks;
            this.body = body;
        }

        void work() {
            int c;
            while ((c = next.getAndIncrement()) < chunks) {
                try {
                    body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
                } catch (Throwable e) {
                    failed(c, e);
                }
            }
        }

        private synchronized void failed(int chunk, Throwable e) {
            next.set(chunks); // stop handing out work
            if (chunk < failedChunk) {
                failedChunk = chunk;
                failure = e;
            }
        }

        synchronized void rethrow() {
            if (failure != null) {
                throw unchecked(failure);
            }
        }
    }
}
