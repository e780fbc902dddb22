package io.github.cellinr.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ParallelTest {
    @ParameterizedTest
    @CsvSource({"1, 0", "1, 7", "3, 1", "3, 2", "4, 1000", "16, 5", "8, 33"})
    void everyIndexRunsExactlyOnce(int threads, int n) {
        AtomicIntegerArray hits = new AtomicIntegerArray(n);
        Parallel.forRange(threads, n, (from, to) -> {
            for (int i = from; i < to; i++) {
                hits.incrementAndGet(i);
            }
        });
        for (int i = 0; i < n; i++) {
            assertEquals(1, hits.get(i), "index " + i);
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 10", "4, 10", "4, 100"})
    void mapKeepsIndexOrder(int threads, int n) {
        List<Integer> squares = Parallel.map(threads, n, i -> i * i);
        assertEquals(n, squares.size());
        for (int i = 0; i < n; i++) {
            assertEquals(i * i, squares.get(i));
        }
    }

    @ParameterizedTest
    @CsvSource({"1", "2", "4", "8"})
    void theLowestFailingIndexIsReported(int threads) {
        // indices 13 and 70 fail; whatever the timing, the lower one is reported (as the serial loop would)
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Parallel.forRange(threads, 100, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        if (i == 13 || i == 70) {
                            throw new IllegalArgumentException("index " + i);
                        }
                    }
                }));
        assertEquals("index 13", e.getMessage());
    }

    @Test
    void errorsPassThroughUnwrapped() {
        AssertionError thrown = new AssertionError("boom");
        AssertionError e = assertThrows(AssertionError.class, () -> Parallel.forRange(4, 50, (from, to) -> {
            if (from <= 40 && 40 < to) {
                throw thrown;
            }
        }));
        assertSame(thrown, e);
    }

    @Test
    void joinRethrowsTheCauseAsThrown() {
        IllegalStateException cause = new IllegalStateException("write failed");
        assertSame(cause, assertThrows(IllegalStateException.class,
                () -> Parallel.join(CompletableFuture.failedFuture(cause))));
        assertEquals("done", Parallel.join(CompletableFuture.completedFuture("done")));
        Exception checked = new java.io.IOException("disk");
        assertSame(checked, assertThrows(IllegalStateException.class,
                () -> Parallel.join(CompletableFuture.failedFuture(checked))).getCause());
    }
}
