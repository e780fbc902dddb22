package io.github.cellinr.jmh;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.io.OmeZarrWriter;
import io.github.cellinr.io.TiffImage;
import io.github.cellinr.io.TiffReader;
import io.github.cellinr.io.TiffWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a stack of the Drosophila data's size (115 x 953 x 1047 uint16, 230 MB) from TIFF, uncompressed and
 * Deflate; writing one 256^3 float frame to OME-Zarr (zlib level 1, 64^3 chunks). The files sit in the page
 * cache after the first iteration, so the numbers measure decoding, not the disk.
 * Run: {@code bin/jmh IoBenchmark -f 1 -wi 1 -i 3 -jvmArgs -Xmx3g}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class IoBenchmark {

    /** A TIFF of the Drosophila volume's size, written once per trial. */
    @State(Scope.Benchmark)
    public static class Stack {
        @Param({"NONE", "DEFLATE"})
        public String compression;
        Path dir;
        Path tiff;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = Files.createTempDirectory("cellinr-io-bench");
            Dimensions d = new Dimensions(115, 953, 1047);
            short[] labels = new short[d.voxelCount()];
            for (int i = 0; i < labels.length; i++) {
                int x = i % 1047;
                int y = (i / 1047) % 953;
                labels[i] = (short) (1 + (x / 40) * 31 + (y / 40)); // blocky label field, like a segmentation
            }
            tiff = dir.resolve("stack.tif");
            new TiffWriter(TiffWriter.Compression.valueOf(compression)).writeUint16(tiff, d,
                    new VoxelSize(0.75, 0.2076, 0.2076), labels);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            deleteTree(dir);
        }
    }

    /** One 256^3 SDF-like frame (a sphere's distance field). */
    @State(Scope.Benchmark)
    public static class Frame {
        final Dimensions dims = Dimensions.cube(256);
        float[] values;
        Path dir;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = Files.createTempDirectory("cellinr-zarr-bench");
            values = new float[dims.voxelCount()];
            for (int z = 0; z < 256; z++) {
                for (int y = 0; y < 256; y++) {
                    for (int x = 0; x < 256; x++) {
                        double r = Math.sqrt((x - 128.0) * (x - 128) + (y - 128.0) * (y - 128) + (z - 128.0) * (z - 128));
                        values[dims.index(z, y, x)] = (float) ((r - 80) * 0.1);
                    }
                }
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            deleteTree(dir);
        }
    }

    @Benchmark
    public TiffImage readDrosophilaSizedStack(Stack s) {
        return TiffReader.read(s.tiff);
    }

    @Benchmark
    public Path writeOmeZarrFrame256(Frame f) {
        Path out = f.dir.resolve("frame.zarr"); // replaced each time, as a rerun of a command would
        try (OmeZarrWriter w = OmeZarrWriter.create(out, f.dims, 1, VoxelSize.isotropic(0.1),
                OmeZarrWriter.Options.defaults())) {
            w.writeFrame(0, f.values);
            w.finish();
        }
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
