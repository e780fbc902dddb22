package io.github.cellinr.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.io.Hdf5Volumes;
import io.github.cellinr.io.TiffWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The input layouts {@code prepare --in} understands. */
class PrepareInputsTest {

    @TempDir
    Path dir;

    static LabelVolume ballAt(double cx, int label) {
        VoxelSize v = new VoxelSize(0.8, 0.4, 0.4);
        return PrepareTest.balls(new Dimensions(20, 40, 40), v, new double[] {label, cx, 8, 8, 3});
    }

    @Test
    void folderOfLabelTiffsIsOneSeriesInNameOrder() {
        TiffWriter w = new TiffWriter();
        w.writeLabels(dir.resolve("b_second.tif"), ballAt(8.4, 5));
        w.writeLabels(dir.resolve("a_first.tif"), ballAt(8.0, 5));
        PrepareInputs.Inputs in = PrepareInputs.open(dir);
        assertEquals(1, in.series().size());
        LabelSeries s = in.series().get(0);
        assertEquals(2, s.frameCount());
        assertTrue(s.frameFile(0).endsWith("a_first.tif"));
        assertEquals(new VoxelSize(0.8, 0.4, 0.4), s.read(1).volume().voxelSize(), "calibration read");
        PrepareSummary summary = PrepareTest.prepare(in.series(), dir.resolve("out"), PrepareTest.options(24, 30));
        assertEquals("label", summary.tracking().values().iterator().next(), "a moving ball keeps its label");
        assertEquals(1, summary.sequences());
        assertEquals(2, summary.frames());
    }

    @Test
    void ctcResultFolderWithItsLineage() throws Exception {
        Path res = dir.resolve("01_RES");
        Files.createDirectories(res);
        TiffWriter w = new TiffWriter();
        w.writeLabels(res.resolve("mask000.tif"), ballAt(8.0, 1));
        w.writeLabels(res.resolve("mask001.tif"), ballAt(8.2, 1));
        Files.writeString(res.resolve("res_track.txt"), "1 0 1 0\n");
        PrepareInputs.Inputs in = PrepareInputs.open(dir);
        assertEquals(1, in.series().size());
        assertTrue(in.series().get(0).lineage().isPresent());
        assertEquals("01", in.series().get(0).name());
    }

    @Test
    void folderOfHdf5Files() {
        Hdf5Volumes.writeLabels(dir.resolve("t0.h5"), ballAt(8.0, 3), "segmentation");
        Hdf5Volumes.writeLabels(dir.resolve("t1.h5"), ballAt(8.3, 3), "segmentation");
        PrepareInputs.Inputs in = PrepareInputs.open(dir);
        LabelSeries s = in.series().get(0);
        assertEquals(2, s.frameCount());
        LabelVolume v = s.read(0).volume();
        assertEquals(new VoxelSize(0.8, 0.4, 0.4), v.voxelSize(), "element_size_um read");
        PrepareSummary summary = PrepareTest.prepare(in.series(), dir.resolve("out"), PrepareTest.options(24, 30));
        assertEquals(1, summary.sequences());
    }

    @Test
    void refusals() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "hello");
        CellInrException e = assertThrows(CellInrException.class, () -> PrepareInputs.open(dir.resolve("notes.txt")));
        assertTrue(e.getMessage().contains("neither a TIFF nor an HDF5"), e.getMessage());
        e = assertThrows(CellInrException.class, () -> PrepareInputs.open(dir));
        assertTrue(e.getMessage().contains("holds no"), e.getMessage());
        new TiffWriter().writeLabels(dir.resolve("a.tif"), ballAt(8, 1));
        Hdf5Volumes.writeLabels(dir.resolve("b.h5"), ballAt(8, 1), "segmentation");
        e = assertThrows(CellInrException.class, () -> PrepareInputs.open(dir));
        assertTrue(e.getMessage().contains("both TIFF and HDF5"), e.getMessage());
        assertEquals(List.of(), PrepareInputs.open(dir.resolve("a.tif")).notes());
    }
}
