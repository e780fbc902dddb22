package io.github.cellinr.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.VoxelSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CtcWriterTest {

    @TempDir
    Path dir;

    private static final Dimensions D = new Dimensions(3, 8, 10);
    private static final VoxelSize V = new VoxelSize(2, 0.5, 0.5);

    /** Frame t of a toy division: label 1 in frames 0-1, daughters 2 and 3 from frame 2 on. */
    private static LabelVolume division(int t) {
        LabelVolume v = LabelVolume.empty(D, V);
        if (t < 2) {
            for (int x = 2; x < 8; x++) {
                v.set(1, 4, x, 1);
            }
        } else {
            v.set(1, 4, 1, 2);
            v.set(1, 4, 8, 3);
        }
        return v;
    }

    private static final Lineage DIVISION = Lineage.of(List.of(Track.root(1, 0, 1), new Track(2, 2, 3, 1),
            new Track(3, 2, 3, 1)));

    @Test
    void resultFolderRoundTrip() {
        Path out = dir.resolve("01_RES");
        try (CtcWriter w = CtcWriter.result(out, 4, new TiffWriter(TiffWriter.Compression.DEFLATE))) {
            for (int t = 0; t < 4; t++) {
                w.writeFrame(t, division(t));
            }
            w.writeText("provenance.json", "{}\n");
            w.finish(DIVISION);
        }
        assertTrue(Files.isRegularFile(out.resolve("mask003.tif")));
        assertTrue(Files.isRegularFile(out.resolve("provenance.json")));
        CtcSequence s = CtcLayout.discover(dir).sequences().get(0);
        assertEquals(CtcKind.RESULT, s.kind());
        assertEquals("01", s.name());
        assertEquals(DIVISION, s.readLineage().orElseThrow());
        for (int t = 0; t < 4; t++) {
            LabelVolume back = s.readLabels(t);
            assertArrayEquals(division(t).labels(), back.labels());
            assertEquals(V.zUm(), back.voxelSize().zUm(), 1e-9);
        }
        assertEquals(List.of("01_RES"), listNames(dir), "no staging folder left");
    }

    @Test
    void groundTruthFolderRoundTrip() {
        Path out = dir.resolve("02_GT");
        try (CtcWriter w = CtcWriter.groundTruth(out, 4)) {
            for (int t = 3; t >= 0; t--) {
                w.writeFrame(t, division(t));
            }
            w.finish(DIVISION);
        }
        CtcLayout.Discovery found = CtcLayout.discover(dir);
        CtcSequence seg = found.ofKind(CtcKind.SEGMENTATION).get(0);
        CtcSequence tra = found.ofKind(CtcKind.TRACKING).get(0);
        assertEquals("02", seg.name());
        assertEquals("02", tra.name());
        assertEquals(out.resolve("TRA/man_track.txt"), tra.lineage().orElseThrow());
        assertEquals(DIVISION, tra.readLineage().orElseThrow());
        assertArrayEquals(division(2).labels(), seg.readLabels(2).labels());
        assertArrayEquals(division(0).labels(), tra.readLabels(0).labels());
    }

    @Test
    void fourDigitFramesAboveOneThousand() {
        assertEquals("mask999.tif", CtcKind.RESULT.fileName(999, 1000));
        assertEquals("mask0999.tif", CtcKind.RESULT.fileName(999, 1001));
        assertEquals("t1000.tif", CtcKind.IMAGES.fileName(1000, 1001));
        assertEquals(1000, CtcKind.IMAGES.frameOf("t1000.tif"));
        assertEquals(7, CtcKind.SEGMENTATION.frameOf("man_seg007.tiff"));
        assertEquals(-1, CtcKind.SEGMENTATION.frameOf("man_seg_007_012.tif"));
        Dimensions tiny = new Dimensions(1, 1, 1);
        Path out = dir.resolve("long");
        try (CtcWriter w = CtcWriter.result(out, 1001)) {
            for (int t = 0; t < 1001; t++) {
                w.writeFrame(t, LabelVolume.empty(tiny, VoxelSize.UNIT));
            }
            w.finish(Lineage.empty());
        }
        assertTrue(Files.isRegularFile(out.resolve("mask0000.tif")));
        assertTrue(Files.isRegularFile(out.resolve("mask1000.tif")));
        assertEquals(1001, CtcLayout.open(out, CtcKind.RESULT).frameCount());
    }

    @Test
    void lineageMustAgreeWithTheMasks() {
        Lineage tooLong = Lineage.of(List.of(Track.root(1, 0, 2), new Track(2, 3, 3, 1), new Track(3, 3, 3, 1)));
        assertInconsistent(tooLong, "track 1 (frames 0..2) is absent from the mask of frame 2");
        Lineage missingLabel = Lineage.of(List.of(Track.root(1, 0, 1), new Track(2, 2, 3, 1)));
        assertInconsistent(missingLabel, "label 3 appears in the mask of frame 2 but has no lineage track");
        Lineage tooShort = Lineage.of(List.of(Track.root(1, 0, 0), new Track(2, 2, 3, 1), new Track(3, 2, 3, 1)));
        assertInconsistent(tooShort, "label 1 appears in the mask of frame 1 but its lineage track covers frames 0..0");
    }

    private void assertInconsistent(Lineage lineage, String problem) {
        Path out = dir.resolve("bad_RES");
        try (CtcWriter w = CtcWriter.result(out, 4)) {
            for (int t = 0; t < 4; t++) {
                w.writeFrame(t, division(t));
            }
            CellInrException e = assertThrows(CellInrException.class, () -> w.finish(lineage));
            assertTrue(e.getMessage().contains(problem), e.getMessage());
        }
        assertTrue(Files.notExists(out), "nothing published");
        assertEquals(List.of(), listNames(dir), "staging removed on close");
    }

    @Test
    void missingFramesAndSizeChangesAreErrors() {
        Path out = dir.resolve("r");
        try (CtcWriter w = CtcWriter.result(out, 3)) {
            w.writeFrame(0, division(0));
            CellInrException e = assertThrows(CellInrException.class,
                    () -> w.writeFrame(1, LabelVolume.empty(new Dimensions(1, 2, 2), V)));
            assertTrue(e.getMessage().contains("same size"), e.getMessage());
            e = assertThrows(CellInrException.class, () -> w.finish(Lineage.of(List.of(Track.root(1, 0, 0)))));
            assertTrue(e.getMessage().contains("frames 1, 2 of 3 were not written"), e.getMessage());
        }
        assertTrue(Files.notExists(out));
    }

    @Test
    void mergesIntoAnExistingFolder() throws IOException {
        Path out = dir.resolve("01_RES");
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "keep me");
        try (CtcWriter w = CtcWriter.result(out, 4)) {
            for (int t = 0; t < 4; t++) {
                w.writeFrame(t, division(t));
            }
            w.finish(DIVISION);
        }
        assertEquals("keep me", Files.readString(out.resolve("notes.txt")));
        assertEquals(DIVISION, Lineage.read(out.resolve("res_track.txt")));
        assertEquals(List.of("01_RES"), listNames(dir));
    }

    @Test
    void discoveryErrorsAndNotes() throws IOException {
        CellInrException e = assertThrows(CellInrException.class, () -> CtcLayout.discover(dir.resolve("none")));
        assertTrue(e.getMessage().endsWith("folder does not exist"), e.getMessage());
        e = assertThrows(CellInrException.class, () -> CtcLayout.discover(dir));
        assertTrue(e.getMessage().contains("holds no Cell Tracking Challenge files"), e.getMessage());
        Path seg = Files.createDirectories(dir.resolve("01_GT/SEG"));
        new TiffWriter().writeLabels(seg.resolve("man_seg005.tif"), division(0));
        Files.write(seg.resolve("man_seg_005_002.tif"), new byte[8]);
        Path images = Files.createDirectories(dir.resolve("01"));
        new TiffWriter().writeLabels(images.resolve("t0005.tif"), division(0));
        CtcLayout.Discovery found = CtcLayout.discover(dir);
        assertEquals(2, found.sequences().size());
        assertEquals(5, found.ofKind(CtcKind.SEGMENTATION).get(0).firstFrame());
        assertTrue(found.notes().get(0).contains("skipped 1 2D slice annotation"), found.notes().toString());
        Files.copy(images.resolve("t0005.tif"), images.resolve("t005.tif"));
        e = assertThrows(CellInrException.class, () -> CtcLayout.discover(dir));
        assertTrue(e.getMessage().contains("holds frame 5 twice"), e.getMessage());
    }

    private static List<String> listNames(Path d) {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
