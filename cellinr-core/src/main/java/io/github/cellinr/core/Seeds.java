package io.github.cellinr.core;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Derives independent, reproducible random streams from one user seed.
 *
 * <p>Every random choice in the project flows from the seed recorded in an output's provenance: a stage asks
 * for the stream of its own purpose (and index), so adding randomness to one stage never shifts another's.
 */
public final class Seeds {
    private Seeds() {
    }

    /** A seed for {@code purpose} (e.g. "phantom.shape") and optional indices (sequence, frame...). */
    public static long derive(long seed, String purpose, long... indices) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ (b & 0xFF));
        }
        for (long i : indices) {
            h = mix(h ^ mix(i + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    public static SplittableRandom random(long seed, String purpose, long... indices) {
        return new SplittableRandom(derive(seed, purpose, indices));
    }

    /** SplitMix64 finaliser: a bijective mix with good avalanche. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
