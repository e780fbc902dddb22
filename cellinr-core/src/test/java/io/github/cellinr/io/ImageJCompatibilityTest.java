package io.github.cellinr.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.FloatVolume;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.VoxelSize;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** ImageJ 1.x, the TIFF reader and writer inside Fiji, against ours, in both directions. */
class ImageJCompatibilityTest {

    @TempDir
    Path dir;

    private static final VoxelSize VOXEL = new VoxelSize(0.75, 0.2076, 0.2076);

    @ParameterizedTest
    @EnumSource(TiffWriter.Compression.class)
    void imageJOpensOurLabelStackWithItsCalibration(TiffWriter.Compression compression) {
        Dimensions d = new Dimensions(6, 21, 34);
        Random r = new Random(3);
        int[] labels = new int[d.voxelCount()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = r.nextInt(60000);
        }
        Path f = dir.resolve("labels.tif");
        new TiffWriter(compression).writeLabels(f, new LabelVolume(d, VOXEL, labels));
        ImagePlus imp = IJ.openImage(f.toString());
        assertNotNull(imp, "ImageJ could not open the file");
        assertEquals(6, imp.getStackSize());
        assertEquals(34, imp.getWidth());
        assertEquals(21, imp.getHeight());
        assertEquals(ImagePlus.GRAY16, imp.getType());
        Calibration cal = imp.getCalibration();
        assertTrue(cal.getUnit().equals("micron") || cal.getUnit().equals("\u00b5m"), cal.getUnit());
        assertEquals(0.2076, cal.pixelWidth, 1e-9);
        assertEquals(0.2076, cal.pixelHeight, 1e-9);
        assertEquals(0.75, cal.pixelDepth, 1e-9);
        for (int z = 0; z < 6; z++) {
            short[] slice = (short[]) imp.getStack().getPixels(z + 1);
            for (int i = 0; i < slice.length; i++) {
                assertEquals(labels[z * slice.length + i], slice[i] & 0xFFFF);
            }
        }
    }

    @Test
    void imageJOpensOurFloatStack() {
        Dimensions d = new Dimensions(3, 5, 7);
        float[] v = new float[d.voxelCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.25f - 3;
        }
        Path f = dir.resolve("sdf.tif");
        new TiffWriter().writeFloat32(f, new FloatVolume(d, new VoxelSize(2, 0.5, 0.5), v));
        ImagePlus imp = IJ.openImage(f.toString());
        assertEquals(ImagePlus.GRAY32, imp.getType());
        assertEquals(3, imp.getStackSize());
        assertEquals(2.0, imp.getCalibration().pixelDepth, 1e-12);
        assertArrayEquals(java.util.Arrays.copyOfRange(v, 35, 70), (float[]) imp.getStack().getPixels(2));
    }

    @Test
    void weReadImageJStacksAndHyperstacks() {
        int w = 9;
        int h = 4;
        ImageStack stack = new ImageStack(w, h);
        short[][] planes = new short[6][];
        for (int z = 0; z < 6; z++) {
            planes[z] = new short[w * h];
            for (int i = 0; i < planes[z].length; i++) {
                planes[z][i] = (short) (z * 1000 + i);
            }
            stack.addSlice(new ShortProcessor(w, h, planes[z], null));
        }
        ImagePlus imp = new ImagePlus("stack", stack);
        imp.setDimensions(1, 3, 2); // 3 z slices, 2 time points
        imp.setOpenAsHyperStack(true);
        Calibration cal = imp.getCalibration();
        cal.setUnit("nm");
        cal.pixelWidth = 100;
        cal.pixelHeight = 125;
        cal.pixelDepth = 400;
        Path f = dir.resolve("imagej.tif");
        assertTrue(new FileSaver(imp).saveAsTiffStack(f.toString()));
        TiffImage image = TiffReader.read(f);
        assertEquals(new Dimensions(6, h, w), image.dimensions());
        assertEquals(2, image.frames());
        assertTrue(image.isCalibrated());
        assertEquals(0.1, image.voxelSize().xUm(), 1e-9);
        assertEquals(0.125, image.voxelSize().yUm(), 1e-9);
        assertEquals(0.4, image.voxelSize().zUm(), 1e-9);
        assertArrayEquals(planes[4], java.util.Arrays.copyOfRange((short[]) image.frame(1).pixels(), w * h, 2 * w * h));

        ImagePlus single = new ImagePlus("float", new FloatProcessor(3, 2, new float[] {1.5f, 2, 3, 4, 5, 6}));
        single.getCalibration().setUnit("micron");
        single.getCalibration().pixelWidth = 0.3;
        single.getCalibration().pixelHeight = 0.3;
        Path g = dir.resolve("imagej-float.tif");
        assertTrue(new FileSaver(single).saveAsTiff(g.toString()));
        TiffImage fi = TiffReader.read(g);
        assertEquals(SampleType.FLOAT32, fi.sampleType());
        assertArrayEquals(new float[] {1.5f, 2, 3, 4, 5, 6}, (float[]) fi.pixels());
        assertEquals(0.3, fi.voxelSize().xUm(), 1e-6, "ImageJ stores 1/0.3 as 3333333/1000000");
    }
}
