package io.github.cellinr.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.dataset.DatasetManifest;
import io.github.cellinr.dataset.MappedSdfDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real, anisotropic Drosophila epithelium segmentation (../shared/data/drosophila_tissue_gasp_3dt, one
 * time point: 115 x 953 x 1047 voxels of 0.75 x 0.2076 x 0.2076 um, label 1 outside, labels not linked
 * over time) prepares, and every cell keeps its volume.
 */
class DrosophilaPrepareIT {

    @TempDir
    Path dir;

    static Path firstFrame() throws IOException {
        String shared = System.getProperty("cellinr.shared.data");
        Path folder = shared == null ? null : Path.of(shared, "drosophila_tissue_gasp_3dt");
        Assumptions.assumeTrue(folder != null && Files.isDirectory(folder), "../shared/data is not available");
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.toString().endsWith("_t1_predictions_gasp_average.h5")).findFirst().orElseThrow();
        }
    }

    /**
     * With the defaults the grid serves the typical cell: its extent is the 95th percentile of the aligned cells
     * (not the largest object, a merged blob 4 times the median cell's extent), the median cell spans about half
     * the grid, and the few cells larger than the grid are skipped and listed one line each.
     */
    @Test
    void defaultsSizeTheGridToTheTypicalCellAndListTheLargerOnes() throws IOException {
        Path file = firstFrame();
        PrepareInputs.Inputs inputs = PrepareInputs.open(file);
        PrepareSummary s = Prepare.run(inputs.series(), dir.resolve("dros32"),
                PrepareOptions.defaults().withGridSize(32).withThreads(2), inputs.seed(),
                Provenance.builder(List.of("test")), ProgressSink.NONE);
        System.out.print(s.toText());
        assertTrue(s.sequences() >= 250 && s.sequences() <= 310, "most of the 328 labels are kept: " + s.sequences());
        assertTrue(s.extentRule().contains("95th percentile"), s.extentRule());
        assertTrue(s.micrometresPerUnit() < s.largestHalfExtentUm() && s.micrometresPerUnit() > 1.5 * s.medianHalfExtentUm(), String.format(Locale.ROOT,
                "half-edge %.2f um vs the largest object's %.2f um", s.micrometresPerUnit(), s.largestHalfExtentUm()));
        double across = 2 * s.medianHalfExtentUm() / s.voxelSizeUm();
        assertTrue(across >= 0.4 * (s.gridSize() - 1), "the median cell spans " + across + " voxels");
        int planned = s.sequences() + s.skippedTooLarge();
        assertTrue(s.skippedTooLarge() >= 1 && s.skippedTooLarge() <= 0.06 * planned, "larger than the grid: "
                + s.skippedTooLarge() + " of " + planned);
        assertEquals(s.skippedTooLarge(), s.outliers().size());
        for (String o : s.outliers()) {
            assertTrue(o.contains(file.getFileName().toString()) && o.contains("label ") && !o.contains("\n"), o);
        }
        assertTrue(s.toText().contains("larger than the grid: "), s.toText());
    }

    @Test
    void preparesAndEveryCellKeepsItsVolume() throws IOException {
        Path file = firstFrame();
        PrepareInputs.Inputs inputs = PrepareInputs.open(file);
        PrepareSummary summary = Prepare.run(inputs.series(), dir.resolve("dros"),
                PrepareOptions.defaults().withGridSize(96).withThreads(2), inputs.seed(),
                Provenance.builder(List.of("test")), ProgressSink.NONE);
        System.out.print(summary.toText());
        assertEquals(1, summary.background().values().iterator().next(), "label 1 detected as the outside");
        assertTrue(summary.notes().stream().anyMatch(n -> n.contains("label 1") && n.contains("background")));
        assertTrue(summary.sequences() > 200, "most of the 328 labels are cells: " + summary.sequences());
        assertEquals(summary.sequences(), summary.singleFrame(), "one frame: one-frame sequences");
        assertTrue(summary.skippedBorder() > 0, "cells cut by the field of view are skipped");
        double worst = 0;
        try (MappedSdfDataset data = MappedSdfDataset.open(summary.output())) {
            for (DatasetManifest.SequenceEntry e : data.manifest().sequences()) {
                DatasetManifest.FrameEntry f = e.frames().get(0);
                // the file's element_size_um (0.75, 0.2076, 0.2076) is float32: equal to 1e-6
                double expected = f.origin().sourceVolumeUm3();
                assertEquals(f.origin().sourceVoxels() * 0.75 * 0.2076 * 0.2076, expected, 1e-3 * expected,
                        "voxel size from the file");
                double error = Math.abs(f.volumeUm3() / expected - 1);
                worst = Math.max(worst, error);
                assertTrue(error <= 0.03, String.format(Locale.ROOT, "%s: %.1f um^3 prepared vs %.1f um^3 in the"
                        + " masks", e.id(), f.volumeUm3(), expected));
            }
        }
        System.out.printf(Locale.ROOT, "Drosophila t1: %d cells, worst volume error %.2f %%%n", summary.sequences(),
                100 * worst);
    }
}
