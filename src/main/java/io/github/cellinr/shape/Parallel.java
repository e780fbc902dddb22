package io.github.cellinr.shape;

/**
 * Moved to {@link io.github.cellinr.core.Parallel}; this forwarder only keeps callers outside this package
 * compiling until their imports are updated.
 *
 * @deprecated use {@link io.github.cellinr.core.Parallel}
 */
@Deprecated(forRemoval = true)
public final class Parallel {
    private Parallel() {
    }

    /** See {@link io.github.cellinr.core.Parallel#forRange(int, int, io.github.cellinr.core.Parallel.RangeBody)}. */
    public static void forRange(int threads, int n, io.github.cellinr.core.Parallel.RangeBody body) {
        io.github.cellinr.core.Parallel.forRange(threads, n, body);
    }
}
