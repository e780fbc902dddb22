package io.github.cellinr.dataset;

import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.phantom.PhantomDatasets;
import io.github.cellinr.phantom.PhantomSpec;
import io.github.cellinr.phantom.PhantomType;
import io.github.cellinr.shape.PrepareOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Prepared phantom datasets for tests, each made once per test JVM (a few seconds) in a temporary folder
 * removed when the JVM exits. The same data as
 * <pre>
 * cellinr phantom --type growing --count 8 --frames 10 --size 64 --seed 1 --out masks
 * cellinr prepare --in masks --out data --grid 64 --frames 10
 * </pre>
 * Use: {@code try (SdfDataset d = MappedSdfDataset.open(PhantomDatasetFixture.growing8x10at64())) {...}}.
 */
public final class PhantomDatasetFixture {
    private static final Map<String, Path> MADE = new HashMap<>();
    private static Path root;

    private PhantomDatasetFixture() {
    }

    /** 8 growing phantom sequences x 10 frames prepared at 64^3 (the trainer's integration data). */
    public static Path growing8x10at64() {
        return prepared(PhantomType.GROWING, 8, 10, 64, 64, 1);
    }

    /**
     * {@code count} sequences of {@code frames} frames of {@code type}, rasterised at {@code size}^3 and
     * prepared on a {@code grid}^3 grid (float16), seed {@code seed}.
     */
    public static synchronized Path prepared(PhantomType type, int count, int frames, int size, int grid, long seed) {
        String key = type + "-" + count + "x" + frames + "-s" + size + "-g" + grid + "-k" + seed;
        Path existing = MADE.get(key);
        if (existing != null) {
            return existing;
        }
        Path out = folder().resolve(key);
        PhantomDatasets.prepare(new PhantomSpec(type, count, frames, size, null, seed), out,
                PrepareOptions.defaults().withGridSize(grid).withFrames(frames), ProgressSink.NONE);
        MADE.put(key, out);
        return out;
    }

    private static Path folder() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("cellinr-fixture");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path r = root;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(r)));
        }
        return root;
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temporary folder: the OS cleans up what is left
        }
    }
}
