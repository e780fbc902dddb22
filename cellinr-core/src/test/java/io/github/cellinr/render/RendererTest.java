package io.github.cellinr.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.FloatVolume;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.VoxelSize;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RendererTest {
    private static final VoxelSize VOXEL = VoxelSize.isotropic(0.2);

    static List<RenderedFrame> render(MaskSequence masks, RenderSettings settings) {
        List<RenderedFrame> frames = new ArrayList<>();
        new Renderer(settings).render(masks, frames::add, ProgressSink.NONE);
        return frames;
    }

    static RenderSettings settings(Staining.Mode mode, Optics.Microscope microscope, Optics.PsfKind kind) {
        Optics o = Optics.defaults();
        return RenderSettings.defaults()
                .withStaining(Staining.defaults().withMode(mode))
                .withOptics(new Optics(microscope, kind, o.numericalAperture(), o.refractiveIndex(),
                        o.emissionUm(), o.excitationUm(), 0))
                .withThreads(2);
    }

    /**
     * Images and masks align: each cell's background-subtracted intensity centroid (over the cell and its
     * surroundings not in another cell) lies inside the cell's own mask, and the cell is brighter inside its
     * mask than in the two-voxel ring around it.
     */
    @ParameterizedTest
    @CsvSource({
        "CYTOPLASM, CONFOCAL, PHYSICAL",
        "MEMBRANE, WIDEFIELD, PHYSICAL",
        "NUCLEUS, CONFOCAL, GAUSSIAN",
        "MEMBRANE, WIDEFIELD, GAUSSIAN",
    })
    void imagesAndMasksAlign(Staining.Mode mode, Optics.Microscope microscope, Optics.PsfKind kind) {
        SyntheticSequence masks = new SyntheticSequence(56, VOXEL, 6, 3, 21);
        RenderSettings s = settings(mode, microscope, kind);
        List<RenderedFrame> frames = render(masks, s);
        assertEquals(6, frames.size());
        int checked = 0;
        for (RenderedFrame f : frames) {
            double background = s.camera().offsetAdu() + s.camera().gainAduPerElectron()
                    * s.camera().backgroundElectrons();
            for (CellShape cell : CellShape.measure(f.mask()).values()) {
                assertAligned(f.image(), f.mask(), cell, background);
                checked++;
            }
        }
        assertTrue(checked >= 18, "cells checked: " + checked);
    }

    private static void assertAligned(FloatVolume image, LabelVolume mask, CellShape cell, double background) {
        Dimensions d = mask.dimensions();
        int margin = 3;
        double sw = 0;
        double sx = 0;
        double sy = 0;
        double sz = 0;
        double inside = 0;
        long insideCount = 0;
        double ring = 0;
        long ringCount = 0;
        int label = cell.label();
        for (int z = Math.max(0, cell.boxMin()[0] - margin); z <= Math.min(d.depth() - 1, cell.boxMax()[0] + margin); z++) {
            for (int y = Math.max(0, cell.boxMin()[1] - margin); y <= Math.min(d.height() - 1, cell.boxMax()[1] + margin); y++) {
                for (int x = Math.max(0, cell.boxMin()[2] - margin); x <= Math.min(d.width() - 1, cell.boxMax()[2] + margin); x++) {
                    int l = mask.get(z, y, x);
                    if (l != 0 && l != label) {
                        continue;
                    }
                    double w = image.get(z, y, x) - background;
                    if (l == label) {
                        inside += image.get(z, y, x);
                        insideCount++;
                    } else if (nearLabel(mask, z, y, x, label, 2)) {
                        ring += image.get(z, y, x);
                        ringCount++;
                    }
                    if (w > 0) {
                        sw += w;
                        sx += w * x;
                        sy += w * y;
                        sz += w * z;
                    }
                }
            }
        }
        int cx = (int) Math.round(sx / sw);
        int cy = (int) Math.round(sy / sw);
        int cz = (int) Math.round(sz / sw);
        assertEquals(label, mask.get(cz, cy, cx), "intensity centroid of cell " + label + " is outside its mask");
        assertTrue(inside / insideCount > ring / ringCount, "cell " + label + " is not brighter inside its mask");
    }

    private static boolean nearLabel(LabelVolume mask, int z, int y, int x, int label, int r) {
        for (int dz = -r; dz <= r; dz++) {
            for (int dy = -r; dy <= r; dy++) {
                for (int dx = -r; dx <= r; dx++) {
                    if (mask.dimensions().contains(z + dz, y + dy, x + dx) && mask.get(z + dz, y + dy, x + dx) == label) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Test
    void renderingIsDeterministicForASeedWhateverTheThreads() {
        SyntheticSequence masks = new SyntheticSequence(40, VOXEL, 5, 2, 3);
        RenderSettings s = RenderSettings.defaults().withMip(true).withSeed(42);
        List<RenderedFrame> a = render(masks, s.withThreads(1));
        List<RenderedFrame> b = render(masks, s.withThreads(3));
        List<RenderedFrame> c = render(masks, s.withSeed(43).withThreads(2));
        boolean differs = false;
        for (int t = 0; t < a.size(); t++) {
            assertArrayEquals(a.get(t).image().values(), b.get(t).image().values(), "frame " + t);
            assertArrayEquals(a.get(t).mipImage().values(), b.get(t).mipImage().values());
            assertArrayEquals(a.get(t).mipMask().labels(), b.get(t).mipMask().labels());
            differs |= !Arrays.equals(a.get(t).image().values(), c.get(t).image().values());
        }
        assertTrue(differs, "another seed must give other images");
    }

    /** The projection's mask is the projection of the union of masks, labelled by a cell on the ray. */
    @Test
    void projectionsAreConsistent() {
        SyntheticSequence masks = new SyntheticSequence(40, VOXEL, 6, 3, 8);
        List<RenderedFrame> frames = render(masks, RenderSettings.defaults().withMip(true).withThreads(2));
        for (RenderedFrame f : frames) {
            Dimensions d = f.mask().dimensions();
            assertEquals(1, f.mipImage().depth());
            assertEquals(1, f.mipMask().depth());
            for (int y = 0; y < d.height(); y++) {
                for (int x = 0; x < d.width(); x++) {
                    float max = Float.NEGATIVE_INFINITY;
                    boolean onRay = false;
                    boolean anyCell = false;
                    int projected = f.mipMask().get(0, y, x);
                    for (int z = 0; z < d.depth(); z++) {
                        max = Math.max(max, f.image().get(z, y, x));
                        int l = f.mask().get(z, y, x);
                        anyCell |= l != 0;
                        onRay |= l != 0 && l == projected;
                    }
                    assertEquals(max, f.mipImage().get(0, y, x));
                    assertEquals(anyCell, projected != 0);
                    assertTrue(projected == 0 || onRay);
                }
            }
        }
    }

    @Test
    void zStepSamplesImagesAndMasksOnTheSamePlanes() {
        SyntheticSequence masks = new SyntheticSequence(40, VOXEL, 4, 2, 5);
        List<RenderedFrame> frames = render(masks, RenderSettings.defaults().withZStep(0.6).withThreads(2));
        for (RenderedFrame f : frames) {
            assertEquals(new Dimensions(14, 40, 40), f.image().dimensions());
            assertEquals(0.6, f.image().voxelSize().zUm(), 1e-12);
            assertEquals(0.6, f.mask().voxelSize().zUm(), 1e-12);
            LabelVolume input = masks.frame(f.index());
            int plane = 40 * 40;
            for (int k = 0; k < 14; k++) {
                assertArrayEquals(Arrays.copyOfRange(input.labels(), 3 * k * plane, (3 * k + 1) * plane),
                        Arrays.copyOfRange(f.mask().labels(), k * plane, (k + 1) * plane));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"3", "10"})
    void snrTargetIsMetOnTheFirstFrame(double target) {
        SyntheticSequence masks = new SyntheticSequence(48, VOXEL, 3, 3, 2);
        Camera camera = new Camera(1, 25, 2, 0.8, 100, 16, target);
        RenderSettings s = RenderSettings.defaults().withCamera(camera).withThreads(2);
        List<RenderedFrame> frames = new ArrayList<>();
        RenderSummary summary = new Renderer(s).render(masks, frames::add, ProgressSink.NONE);
        assertEquals(target, frames.get(0).stats().snr(), 0.1 * target);
        assertTrue(summary.camera().signalElectrons() != 1);
        assertFalse(Double.isNaN(summary.meanSnr()));
    }

    @Test
    void framesOfAnotherSizeAreRejectedWithTheFrameNumber() {
        MaskSequence masks = MaskSequence.of(List.of(LabelVolume.empty(Dimensions.cube(8), VOXEL),
                LabelVolume.empty(Dimensions.cube(9), VOXEL)), java.util.Map.of());
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.github.cellinr.core.CellInrException.class,
                () -> render(masks, RenderSettings.defaults()));
        assertTrue(e.getMessage().contains("frame 1"), e.getMessage());
    }
}
