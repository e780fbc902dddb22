package io.github.cellinr.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Provenance;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MappedSdfDatasetTest {

    @TempDir
    Path dir;

    /** A frame that looks like an SDF: a sphere's distance plus noise, so near and far pools both exist. */
    static float[] randomFrame(int n, SplittableRandom r) {
        float[] v = new float[n * n * n];
        double cx = n * (0.3 + 0.4 * r.nextDouble()), radius = n * (0.1 + 0.2 * r.nextDouble());
        for (int i = 0; i < v.length; i++) {
            int x = i % n, y = (i / n) % n, z = i / (n * n);
            double d = Math.sqrt((x - cx) * (x - cx) + (y - n / 2.0) * (y - n / 2.0) + (z - n / 2.0) * (z - n / 2.0));
            v[i] = (float) ((d - radius) * 0.37 + 0.05 * r.nextGaussian());
        }
        v[r.nextInt(v.length)] = 0.6f; // the float nearest the threshold (just above 0.6: far)
        return v;
    }

    static Provenance provenance() {
        return Provenance.builder(List.of("test")).build();
    }

    @ParameterizedTest(name = "grid {0}, {1}, chunk 2^{2}")
    @CsvSource({"13, f16, 10", "13, f32, 12", "16, f16, 30", "21, f32, 30", "8, f16, 9"})
    void writtenDatasetReadsBackEqualToInMemoryValues(int n, String precisionName, int chunkBits) {
        Precision precision = Precision.parse(precisionName);
        SplittableRandom r = new SplittableRandom(n * 31L + chunkBits);
        DatasetWriter.Settings settings = new DatasetWriter.Settings(n, 7.5, 0.6, precision);
        int[] frameCounts = {3, 1, 4};
        List<List<float[]>> stored = new ArrayList<>();
        Path out = dir.resolve("data");
        try (DatasetWriter w = DatasetWriter.create(out, settings, false)) {
            for (int s = 0; s < frameCounts.length; s++) {
                w.addSequence("seq" + s, "test", SequenceInfo.evenTimes(frameCounts[s]), s == 2 ? 2 : -1);
            }
            List<float[][]> all = new ArrayList<>();
            for (int count : frameCounts) {
                float[][] f = new float[count][];
                for (int t = 0; t < count; t++) {
                    f[t] = randomFrame(n, r);
                }
                all.add(f);
            }
            // frames arrive out of order and from several threads, as prepare writes them
            List<int[]> jobs = new ArrayList<>();
            for (int s = 0; s < frameCounts.length; s++) {
                for (int t = frameCounts[s] - 1; t >= 0; t--) {
                    jobs.add(new int[] {s, t});
                }
            }
            IntStream.range(0, jobs.size()).parallel().forEach(j ->
                    w.writeFrame(jobs.get(j)[0], jobs.get(j)[1], all.get(jobs.get(j)[0])[jobs.get(j)[1]], null));
            w.finish(42, "random frames", List.of("a note"), Map.of("grid", n), provenance());
            for (float[][] f : all) {
                List<float[]> seq = new ArrayList<>();
                for (float[] frame : f) {
                    float[] q = frame.clone();
                    if (precision == Precision.F16) {
                        for (int i = 0; i < q.length; i++) {
                            q[i] = Float16.toFloat(Float16.fromFloat(q[i]));
                        }
                    }
                    seq.add(q);
                }
                stored.add(seq);
            }
        }
        assertTrue(Files.isRegularFile(out.resolve("dataset.json")));
        assertTrue(Files.isRegularFile(out.resolve("provenance.json")));
        try (MappedSdfDataset mapped = MappedSdfDataset.open(out, chunkBits)) {
            DatasetInfo info = mapped.info();
            assertEquals(n, info.gridSize());
            assertEquals(7.5, info.micrometresPerUnit());
            assertEquals(42, info.seed());
            assertEquals(3, mapped.sequenceCount());
            assertEquals(2, info.sequences().get(2).divisionFrame());
            assertArrayEquals(SequenceInfo.evenTimes(4), info.sequences().get(2).times());
            InMemorySdfDataset reference = InMemorySdfDataset.of(info, stored);
            for (int s = 0; s < frameCounts.length; s++) {
                for (int t = 0; t < frameCounts[s]; t++) {
                    SdfFrame a = mapped.frame(s, t);
                    SdfFrame b = reference.frame(s, t);
                    assertEquals(b.nearCount(), a.nearCount());
                    assertEquals(b.farCount(), a.farCount());
                    for (int v = 0; v < n * n * n; v++) {
                        assertEquals(Float.floatToIntBits(b.sdfUm(v)), Float.floatToIntBits(a.sdfUm(v)), "voxel " + v);
                    }
                    for (int k = 0; k < b.nearCount(); k++) {
                        assertEquals(b.nearVoxel(k), a.nearVoxel(k), "near " + k);
                    }
                    for (int k = 0; k < b.farCount(); k++) {
                        assertEquals(b.farVoxel(k), a.farVoxel(k), "far " + k);
                    }
                    assertThrows(IndexOutOfBoundsException.class, () -> a.farVoxel(a.farCount()));
                    DatasetManifest.FrameEntry e = mapped.manifest().sequences().get(s).frames().get(t);
                    int inside = 0;
                    for (int v = 0; v < n * n * n; v++) {
                        inside += b.sdfUm(v) <= 0 ? 1 : 0;
                    }
                    assertEquals(inside, e.insideCount());
                }
            }
        }
    }

    @Test
    void framesAreReadConcurrently() {
        int n = 24;
        Path out = dir.resolve("concurrent");
        float[] frame = randomFrame(n, new SplittableRandom(5));
        try (DatasetWriter w = DatasetWriter.create(out, new DatasetWriter.Settings(n, 3, 0.6, Precision.F32), false)) {
            w.addSequence("a", "t", SequenceInfo.evenTimes(1), -1);
            w.writeFrame(0, 0, frame, null);
            w.finish(0, "t", List.of(), Map.of(), provenance());
        }
        try (MappedSdfDataset data = MappedSdfDataset.open(out, 11)) {
            SdfFrame f = data.frame(0, 0);
            AtomicInteger mismatches = new AtomicInteger();
            IntStream.range(0, 8).parallel().forEach(worker -> {
                SplittableRandom r = new SplittableRandom(worker);
                for (int i = 0; i < 20_000; i++) {
                    int v = r.nextInt(n * n * n);
                    if (f.sdfUm(v) != frame[v]) {
                        mismatches.incrementAndGet();
                    }
                    int k = r.nextInt(f.farCount());
                    if (f.sdfUm(f.farVoxel(k)) <= 0.6) {
                        mismatches.incrementAndGet();
                    }
                }
            });
            assertEquals(0, mismatches.get());
        }
    }

    /** Offsets beyond 2^31 (a sparse 3 GiB file, nothing actually written but a few values near the end). */
    @Test
    void mappedFileReadsBeyondTwoGigabytes() throws IOException {
        Path file = dir.resolve("big.bin");
        long size = 3L << 30;
        long[] offsets = {0, (1L << 31) - 8, 1L << 31, (1L << 31) + 8, (3L << 30) - 8};
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
            for (long o : offsets) {
                raf.seek(o);
                raf.write(longLittleEndian(o ^ 0x0123456789ABCDEFL));
            }
        }
        try (MappedFile m = MappedFile.open(file)) {
            assertEquals(size, m.size());
            for (long o : offsets) {
                assertEquals(o ^ 0x0123456789ABCDEFL, m.getLong(o), "offset " + o);
                assertEquals((int) (o ^ 0x0123456789ABCDEFL), m.getInt(o), "int at " + o);
            }
        }
    }

    private static byte[] longLittleEndian(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    @Test
    void unfinishedWriterLeavesNothingBehind() throws IOException {
        Path out = dir.resolve("never");
        try (DatasetWriter w = DatasetWriter.create(out, new DatasetWriter.Settings(4, 1, 0.6, Precision.F16), false)) {
            w.addSequence("a", "t", SequenceInfo.evenTimes(2), -1);
            w.writeFrame(0, 0, new float[64], null);
        }
        assertFalse(Files.exists(out));
        try (var list = Files.list(dir)) {
            assertEquals(0, list.count(), "staging folder removed");
        }
    }

    @Test
    void existingFoldersAreProtected() throws IOException {
        Path user = dir.resolve("mine");
        Files.createDirectories(user);
        Files.writeString(user.resolve("thesis.txt"), "precious");
        DatasetWriter.Settings s = new DatasetWriter.Settings(4, 1, 0.6, Precision.F16);
        CellInrException e = assertThrows(CellInrException.class, () -> DatasetWriter.create(user, s, false));
        assertTrue(e.getMessage().contains("--force"), e.getMessage());
        e = assertThrows(CellInrException.class, () -> DatasetWriter.create(user, s, true));
        assertTrue(e.getMessage().contains("not made by cellinr"), e.getMessage());
        assertTrue(Files.exists(user.resolve("thesis.txt")));
        // a provenance.json alone (an in-place verb may once have written one there) does not make it ours
        Files.writeString(user.resolve("provenance.json"), "{}");
        Files.writeString(user.resolve("dataset.json"), "{}");
        e = assertThrows(CellInrException.class, () -> DatasetWriter.create(user, s, true));
        assertTrue(e.getMessage().contains(".cellinr marker"), e.getMessage());
        assertTrue(Files.exists(user.resolve("thesis.txt")));
    }

    @Test
    void damagedDatasetsFailWithOneLine() throws IOException {
        Path out = dir.resolve("d");
        try (DatasetWriter w = DatasetWriter.create(out, new DatasetWriter.Settings(8, 1, 0.6, Precision.F16), false)) {
            w.addSequence("a", "t", SequenceInfo.evenTimes(2), -1);
            w.writeFrame(0, 0, randomFrame(8, new SplittableRandom(1)), null);
            w.writeFrame(0, 1, randomFrame(8, new SplittableRandom(2)), null);
            w.finish(0, "t", List.of(), Map.of(), provenance());
        }
        // truncated SDF file
        Path sdf = out.resolve("seq_0000.sdf");
        byte[] bytes = Files.readAllBytes(sdf);
        Files.write(sdf, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        CellInrException e = assertThrows(CellInrException.class, () -> MappedSdfDataset.open(out));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        Files.write(sdf, bytes);
        // broken JSON
        Path json = out.resolve("dataset.json");
        String text = Files.readString(json);
        Files.writeString(json, text.substring(0, text.length() / 2));
        e = assertThrows(CellInrException.class, () -> MappedSdfDataset.open(out));
        assertTrue(e.getMessage().startsWith(json.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        // not a dataset
        e = assertThrows(CellInrException.class, () -> MappedSdfDataset.open(dir.resolve("nothing")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        Files.createDirectories(dir.resolve("empty"));
        e = assertThrows(CellInrException.class, () -> MappedSdfDataset.open(dir.resolve("empty")));
        assertTrue(e.getMessage().contains("cellinr prepare"), e.getMessage());
    }
}
