package io.github.cellinr.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.infer.OutputGrid;
import io.github.cellinr.model.zoo.ModelRegistry;
import ij.ImagePlus;
import ij.Macro;
import ij.measure.Calibration;
import ij.process.ImageProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugins run headless from a macro's options string, as {@code run("Generate", "model=... size=24 ...")}
 * passes it (ImageJ hands a command its options through {@link Macro#setOptions}), and return calibrated
 * hyperstacks; a bad input ends in one line, not an exception.
 */
class PluginsTest {

    /**
     * Runs the plugin as {@code IJ.run(command, options)} does: on a thread whose name starts with "Run$_"
     * (ImageJ hands macro options only to such threads) with the options set for that thread.
     */
    private static <P extends CellInrPlugin> P run(P plugin, String options) {
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(() -> {
            Macro.setOptions(Thread.currentThread(), options);
            try {
                plugin.run("");
            } catch (Throwable t) {
                failure[0] = t;
            } finally {
                Macro.setOptions(Thread.currentThread(), null);
            }
        }, "Run$_cellinr-test");
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        if (failure[0] != null) {
            throw new AssertionError("the plugin threw instead of reporting one line", failure[0]);
        }
        return plugin;
    }

    private static long nonZero(ImagePlus imp) {
        long n = 0;
        for (int i = 1; i <= imp.getStackSize(); i++) {
            ImageProcessor ip = imp.getStack().getProcessor(i);
            for (int p = 0; p < ip.getPixelCount(); p++) {
                n += ip.get(p) != 0 ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void generateOpensACalibratedLabelHyperstackAndWritesMeshes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("generated");
        GeneratePlugin plugin = run(new GeneratePlugin(), "model=paper-plat output=[" + out + "] size=24 frames=3"
                + " mesh=ply seed=7 sampler=gaussian count=2 rotation=identity");
        assertNull(plugin.error(), () -> plugin.error());
        assertEquals(2, plugin.results().size(), "one hyperstack per generated sequence");
        ImagePlus imp = plugin.results().get(0);
        assertEquals(24, imp.getWidth());
        assertEquals(24, imp.getHeight());
        assertEquals(1, imp.getNChannels());
        assertEquals(24, imp.getNSlices());
        assertEquals(3, imp.getNFrames(), "time as frames");
        assertTrue(imp.isHyperStack() || imp.getOpenAsHyperStack());
        assertEquals(ImagePlus.GRAY16, imp.getType());
        Calibration cal = imp.getCalibration();
        double voxel = OutputGrid.ofEdge(24, ModelRegistry.load("paper-plat").micrometresPerUnit()).voxelSize().xUm();
        assertEquals(voxel, cal.pixelWidth, 1e-9);
        assertEquals(voxel, cal.pixelHeight, 1e-9);
        assertEquals(voxel, cal.pixelDepth, 1e-9);
        assertEquals("\u00b5m", cal.getUnit());
        assertTrue(nonZero(imp) > 0, "the cell is in the masks");
        assertFalse(imp.getProcessor().isDefaultLut(), "labels have a colour lookup table");
        try (Stream<Path> meshes = Files.walk(out)) {
            assertEquals(2 * 3, meshes.filter(p -> p.toString().endsWith(".ply")).count(), "a mesh per frame");
        }
    }

    @Test
    void renderAndPrepareOpenWhatTheyWrote(@TempDir Path dir) {
        Path masks = dir.resolve("generated");
        assertNull(run(new GeneratePlugin(), "model=paper-plat output=[" + masks + "] size=24 frames=2 count=1")
                .error());
        RenderPlugin render = run(new RenderPlugin(), "masks=[" + masks + "] output=[" + dir.resolve("rendered")
                + "] stain=cytoplasm microscope=widefield snr=0 seed=3");
        assertNull(render.error(), () -> render.error());
        assertEquals(2, render.results().size(), "image and masks");
        ImagePlus image = render.results().get(0);
        assertEquals(2, image.getNFrames());
        assertEquals("\u00b5m", image.getCalibration().getUnit());
        assertTrue(image.getStatistics().max > image.getStatistics().min, "an image, not a constant");

        PreparePlugin prepare = run(new PreparePlugin(), "masks=[" + masks + "] output=[" + dir.resolve("data")
                + "] grid=16 frames=2 tracking=auto min_voxels=8");
        assertNull(prepare.error(), () -> prepare.error());
        ImagePlus sdf = prepare.results().get(0);
        assertEquals(16, sdf.getWidth());
        assertEquals(16, sdf.getNSlices());
        assertEquals(2, sdf.getNFrames());
        assertEquals(ImagePlus.GRAY32, sdf.getType());
        assertTrue(sdf.getStack().getProcessor(8 * 1 + 1).getMin() < 0, "negative inside the cell (micrometres)");
    }

    @Test
    void aMissingModelIsOneLineNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-model");
        GeneratePlugin plugin = run(new GeneratePlugin(), "model=[" + missing + "] output=[" + dir.resolve("o")
                + "] size=24 frames=2 count=1");
        assertNotNull(plugin.error());
        assertTrue(plugin.error().contains("no-such-model"), plugin.error());
        assertFalse(plugin.error().contains("\n"), "one line");
        assertFalse(plugin.error().contains("Exception"), "no exception class or stack trace: " + plugin.error());
        assertTrue(plugin.results().isEmpty());
    }

    @Test
    void aTickedCheckboxIsItsKeyAlone(@TempDir Path dir) {
        String options = "model=paper-plat output=[" + dir.resolve("o") + "] size=16 frames=1 count=1";
        assertNull(run(new GeneratePlugin(), options).error());
        GeneratePlugin again = run(new GeneratePlugin(), options);
        assertNotNull(again.error(), "the sequence folder exists already");
        assertTrue(again.error().contains("gen_000") && again.error().contains("exists"), again.error());
        assertNull(run(new GeneratePlugin(), options + " overwrite").error(), "overwrite ticked");
    }

    @Test
    void aBadNumberIsOneLineNamingTheField(@TempDir Path dir) {
        GeneratePlugin plugin = run(new GeneratePlugin(), "model=paper-plat output=[" + dir.resolve("o")
                + "] size=2.5 count=1");
        assertNotNull(plugin.error());
        assertTrue(plugin.error().contains("size"), plugin.error());
    }

    @Test
    void theGlasbeyLutSeparatesNeighbouringLabels() {
        var lut = Hyperstacks.glasbey();
        assertEquals(0, lut.getRGB(0) & 0xFFFFFF, "background black");
        for (int i = 1; i < 255; i++) {
            int a = lut.getRGB(i), b = lut.getRGB(i + 1);
            int d = Math.abs(((a >> 16) & 0xFF) - ((b >> 16) & 0xFF)) + Math.abs(((a >> 8) & 0xFF) - ((b >> 8) & 0xFF))
                    + Math.abs((a & 0xFF) - (b & 0xFF));
            assertTrue(d > 60, "labels " + i + " and " + (i + 1) + " differ clearly (" + d + ")");
        }
    }
}
