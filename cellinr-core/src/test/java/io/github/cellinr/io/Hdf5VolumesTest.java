package io.github.cellinr.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.VoxelSize;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Hdf5VolumesTest {

    @TempDir
    Path dir;

    private static Path drosophila(int t) {
        String data = System.getProperty("cellinr.shared.data");
        Assumptions.assumeTrue(data != null, "system property cellinr.shared.data not set (run through Maven)");
        Path f = Path.of(data, "drosophila_tissue_gasp_3dt",
                "181210_DM_CellMOr_subsub_reg_decon_c1_t" + t + "_predictions_gasp_average.h5");
        Assumptions.assumeTrue(Files.isRegularFile(f), "shared test data not present: " + f);
        return f;
    }

    @Test
    void drosophilaSegmentation() {
        Path f = drosophila(1);
        Hdf5Volumes.Labels read = Hdf5Volumes.read(f, null);
        LabelVolume v = read.labels();
        assertEquals("/segmentation", read.dataset());
        assertTrue(read.note().isEmpty(), read.note().toString());
        assertEquals(new Dimensions(115, 953, 1047), v.dimensions());
        assertEquals(0.75, v.voxelSize().zUm(), 1e-9);
        assertEquals(0.2076, v.voxelSize().yUm(), 1e-3);
        assertEquals(0.2076, v.voxelSize().xUm(), 1e-3);
        long background = 0;
        BitSet labels = new BitSet();
        for (int l : v.labels()) {
            if (l == 1) {
                background++;
            }
            labels.set(l);
        }
        double fraction = background / (double) v.labels().length;
        assertEquals(0.70, fraction, 0.05, "label 1 is the outside, about 70 % of the voxels");
        assertFalse(labels.get(0), "there is no label 0");
        assertEquals(328, labels.cardinality(), "328 labels at t1 (README)");
    }

    @Test
    void labelsRoundTripWithVoxelSize() {
        Dimensions d = new Dimensions(4, 6, 5);
        Random r = new Random(1);
        int[] values = new int[d.voxelCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = r.nextInt(3) == 0 ? 0 : r.nextInt(Integer.MAX_VALUE);
        }
        LabelVolume labels = new LabelVolume(d, new VoxelSize(2.0, 0.3, 0.25), values);
        Path f = dir.resolve("labels.h5");
        Hdf5Volumes.writeLabels(f, labels, "volumes/cells");
        Hdf5Volumes.Labels back = Hdf5Volumes.read(f, "volumes/cells");
        assertArrayEquals(values, back.labels().labels());
        assertEquals(d, back.labels().dimensions());
        assertEquals(labels.voxelSize(), back.labels().voxelSize());
        // found without naming it: the single 3D integer dataset of the file
        assertArrayEquals(values, Hdf5Volumes.readLabels(f, null).labels());
        assertEquals(1, countFiles(), "no temporary file left behind");
    }

    @Test
    void datasetChoiceAndAttributes() {
        Path f = dir.resolve("choice.h5");
        try (WritableHdfFile out = HdfFile.write(f)) {
            out.putDataset("raw", new float[][][] {{{0.5f, 1.5f}}});
            out.putDataset("labels", new short[][][] {{{1, 2}, {3, 4}}}).putAttribute("resolution",
                    new float[] {3, 0.5f, 0.5f});
        }
        Hdf5Volumes.Labels read = Hdf5Volumes.read(f, null);
        assertEquals("/labels", read.dataset());
        assertEquals(new VoxelSize(3, 0.5, 0.5), read.labels().voxelSize());
        assertArrayEquals(new int[] {1, 2, 3, 4}, read.labels().labels());
        CellInrException e = assertThrows(CellInrException.class, () -> Hdf5Volumes.readLabels(f, "raw"));
        assertTrue(e.getMessage().contains("whole numbers"), e.getMessage());
        e = assertThrows(CellInrException.class, () -> Hdf5Volumes.readLabels(f, "missing"));
        assertTrue(e.getMessage().contains("has no dataset 'missing'") && e.getMessage().contains("/labels"),
                e.getMessage());

        Path noAttr = dir.resolve("noattr.h5");
        try (WritableHdfFile out = HdfFile.write(noAttr)) {
            out.putDataset("a", new int[][][] {{{7, 8}, {9, 10}}, {{11, 12}, {13, 14}}});
        }
        Hdf5Volumes.Labels plain = Hdf5Volumes.read(noAttr, null);
        assertEquals(VoxelSize.UNIT, plain.labels().voxelSize());
        assertTrue(plain.note().orElseThrow().contains("1 um assumed"));

        Path two = dir.resolve("two.h5");
        try (WritableHdfFile out = HdfFile.write(two)) {
            out.putDataset("a", new int[][][] {{{1, 2}}, {{3, 4}}});
            out.putDataset("b", new int[][][] {{{1, 2}}, {{3, 4}}});
        }
        e = assertThrows(CellInrException.class, () -> Hdf5Volumes.readLabels(two, null));
        assertTrue(e.getMessage().contains("several 3D integer datasets"), e.getMessage());
    }

    @Test
    void integerRangesAndSigns() {
        Path big = dir.resolve("int64.h5");
        try (WritableHdfFile out = HdfFile.write(big)) {
            out.putDataset("seg", new long[][][] {{{1, 2_147_483_647L}}});
            out.putDataset("huge", new long[][][] {{{1, 3_000_000_000L}}});
            out.putDataset("neg", new int[][][] {{{1, -4}}});
        }
        assertArrayEquals(new int[] {1, Integer.MAX_VALUE}, Hdf5Volumes.readLabels(big, "seg").labels());
        CellInrException e = assertThrows(CellInrException.class, () -> Hdf5Volumes.readLabels(big, "huge"));
        assertTrue(e.getMessage().contains("3000000000") && e.getMessage().contains("above 2147483647"),
                e.getMessage());
        e = assertThrows(CellInrException.class, () -> Hdf5Volumes.readLabels(big, "neg"));
        assertTrue(e.getMessage().contains("negative label -4"), e.getMessage());
        assertArrayEquals(new int[] {1, -4}, Hdf5Volumes.readArray(big, "neg").ints(), "plain arrays keep signs");
    }

    @Test
    void readArrayOfFourDimensionalFloats() {
        // the layout of the paper's released SDF volumes: float32 (Z, Y, X, T)
        float[][][][] sdf = new float[3][4][5][2];
        float[] expected = new float[3 * 4 * 5 * 2];
        int i = 0;
        for (int z = 0; z < 3; z++) {
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 5; x++) {
                    for (int t = 0; t < 2; t++) {
                        sdf[z][y][x][t] = z * 100 + y * 10 + x + t * 0.5f - 7;
                        expected[i++] = sdf[z][y][x][t];
                    }
                }
            }
        }
        Path f = dir.resolve("sdf.h5");
        Hdf5Volumes.writeFloats(f, "sdf/volume", sdf);
        Hdf5Volumes.Array a = Hdf5Volumes.readArray(f, "/sdf/volume");
        assertArrayEquals(new int[] {3, 4, 5, 2}, a.shape());
        assertTrue(a.isFloat());
        assertArrayEquals(expected, a.floats());
        assertEquals(120, a.elementCount());
    }

    @Test
    void badFiles() throws IOException {
        assertProblem(dir.resolve("none.h5"), "does not exist");
        Path tiff = dir.resolve("image.h5");
        new TiffWriter().writeUint8(tiff, new Dimensions(1, 2, 2), VoxelSize.UNIT, new byte[4]);
        assertProblem(tiff, "not an HDF5 file");
        Path empty = Files.write(dir.resolve("empty.h5"), new byte[0]);
        assertProblem(empty, "empty");
        // a real file cut short, and one with its chunk data overwritten
        byte[] full = Files.readAllBytes(labelsFile(dir.resolve("good.h5")));
        Path cut = Files.write(dir.resolve("cut.h5"), java.util.Arrays.copyOf(full, full.length / 2));
        assertProblem(cut, "is truncated: HDF5 says it ends at byte");
        Path real = drosophila(2);
        byte[] big = Files.readAllBytes(real);
        Path realCut = Files.write(dir.resolve("real-cut.h5"), java.util.Arrays.copyOf(big, big.length * 2 / 3));
        assertProblem(realCut, "truncated");
        byte[] scrambled = big.clone();
        for (int k = big.length / 3; k < big.length / 3 + 4096; k++) {
            scrambled[k] = (byte) (k * 31);
        }
        Path bad = Files.write(dir.resolve("scrambled.h5"), scrambled);
        assertProblem(bad, "corrupt or truncated");
    }

    private Path labelsFile(Path f) {
        LabelVolume v = LabelVolume.empty(new Dimensions(20, 20, 20), VoxelSize.UNIT);
        v.labels()[5] = 3;
        Hdf5Volumes.writeLabels(f, v, "seg");
        return f;
    }

    private static void assertProblem(Path file, String words) {
        CellInrException e = assertThrows(CellInrException.class, () -> Hdf5Volumes.readLabels(file, null));
        String m = e.getMessage();
        assertTrue(m.startsWith(file + ": ") && m.contains(words), m);
        assertFalse(m.contains("\n"), m);
    }

    private long countFiles() {
        try (var s = Files.list(dir)) {
            return s.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
