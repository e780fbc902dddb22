package io.github.cellinr.fiji;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.dataset.MappedSdfDataset;
import io.github.cellinr.dataset.SdfFrame;
import io.github.cellinr.dataset.SequenceInfo;
import io.github.cellinr.io.CtcSequence;
import io.github.cellinr.io.TiffImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import ij.process.LUT;
import ij.process.ShortProcessor;
import java.awt.Color;
import java.nio.file.Path;

/**
 * What the stages write, opened as ImageJ hyperstacks: z as slices, time as frames, calibrated in micrometres.
 * Label masks get a glasbey-like lookup table (neighbouring labels in clearly different colours, 0 black).
 */
final class Hyperstacks {
    /** ImageJ's spelling of the micrometre. */
    static final String MICRON = "\u00b5m";

    private Hyperstacks() {
    }

    /** Label masks of a CTC sequence (16-bit, glasbey LUT). */
    static ImagePlus labels(String title, CtcSequence sequence) {
        ImageStack stack = null;
        VoxelSize voxel = null;
        int depth = 0;
        int maxLabel = 0;
        for (int t : sequence.frames().keySet()) {
            LabelVolume v = sequence.readLabels(t);
            Dimensions d = v.dimensions();
            if (stack == null) {
                stack = new ImageStack(d.width(), d.height());
                voxel = v.voxelSize();
                depth = d.depth();
            } else if (d.depth() != depth || d.width() != stack.getWidth() || d.height() != stack.getHeight()) {
                throw CellInrException.of(sequence.frame(t), "is " + d + ", the sequence's first frame "
                        + depth + "x" + stack.getHeight() + "x" + stack.getWidth());
            }
            int[] l = v.labels();
            int plane = d.width() * d.height();
            for (int z = 0; z < d.depth(); z++) {
                short[] pixels = new short[plane];
                for (int i = 0; i < plane; i++) {
                    int label = l[z * plane + i];
                    if (label > 0xFFFF) {
                        throw CellInrException.of(sequence.frame(t), "has label " + label + ", more than 16 bits");
                    }
                    maxLabel = Math.max(maxLabel, label);
                    pixels[i] = (short) label;
                }
                stack.addSlice("t=" + t + " z=" + z, pixels);
            }
        }
        if (stack == null) {
            throw CellInrException.of(sequence.folder(), "holds no frames");
        }
        ImagePlus imp = hyperstack(title, stack, depth, sequence.frames().size(), voxel);
        LUT lut = glasbey();
        imp.getProcessor().setLut(lut);
        imp.setLut(lut);
        // labels above 255 repeat no colour but saturate; our cells are few per frame
        imp.setDisplayRange(0, 255);
        return imp;
    }

    /** Grey images of a CTC sequence (16-bit as written; other types as 32-bit). */
    static ImagePlus images(String title, CtcSequence sequence) {
        ImageStack stack = null;
        VoxelSize voxel = null;
        int depth = 0;
        double max = 0;
        for (int t : sequence.frames().keySet()) {
            TiffImage image = sequence.readImage(t);
            Dimensions d = image.dimensions();
            if (stack == null) {
                stack = new ImageStack(d.width(), d.height());
                voxel = image.voxelSize();
                depth = d.depth();
            }
            float[] values = image.toFloatVolume().values();
            int plane = d.width() * d.height();
            for (int z = 0; z < d.depth(); z++) {
                float[] p = new float[plane];
                System.arraycopy(values, z * plane, p, 0, plane);
                for (float f : p) {
                    max = Math.max(max, f);
                }
                stack.addSlice("t=" + t + " z=" + z, new FloatProcessor(d.width(), d.height(), p).convertToShort(false));
            }
        }
        if (stack == null) {
            throw CellInrException.of(sequence.folder(), "holds no frames");
        }
        ImagePlus imp = hyperstack(title, stack, depth, sequence.frames().size(), voxel);
        imp.setDisplayRange(0, Math.max(1, max));
        return imp;
    }

    /** The signed distance frames of one prepared sequence (32-bit, micrometres; negative inside). */
    static ImagePlus sdf(String title, MappedSdfDataset data, int sequence) {
        SequenceInfo info = data.info().sequences().get(sequence);
        int n = data.info().gridSize();
        ImageStack stack = new ImageStack(n, n);
        for (int f = 0; f < info.frameCount(); f++) {
            SdfFrame frame = data.frame(sequence, f);
            for (int z = 0; z < n; z++) {
                float[] p = new float[n * n];
                for (int i = 0; i < p.length; i++) {
                    p[i] = frame.sdfUm(z * n * n + i);
                }
                stack.addSlice("t=" + f + " z=" + z, p);
            }
        }
        ImagePlus imp = hyperstack(title, stack, n, info.frameCount(), VoxelSize.isotropic(data.info().voxelSizeUm()));
        imp.setDisplayRange(-5, 5);
        return imp;
    }

    private static ImagePlus hyperstack(String title, ImageStack stack, int depth, int frames, VoxelSize voxel) {
        ImagePlus imp = new ImagePlus(title, stack);
        imp.setDimensions(1, depth, frames);
        imp.setOpenAsHyperStack(frames > 1 || depth > 1);
        Calibration cal = imp.getCalibration();
        cal.pixelWidth = voxel.xUm();
        cal.pixelHeight = voxel.yUm();
        cal.pixelDepth = voxel.zUm();
        cal.setUnit(MICRON);
        return imp;
    }

    /**
     * A glasbey-like LUT: 0 black, then colours whose hues step by the golden angle with alternating
     * saturation and brightness, so that labels next in number (often neighbours in space) differ clearly.
     */
    static LUT glasbey() {
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        for (int i = 1; i < 256; i++) {
            float hue = (float) ((i * 0.6180339887498949) % 1.0);
            float saturation = i % 3 == 0 ? 0.55f : 0.95f;
            float brightness = i % 2 == 0 ? 0.75f : 1.0f;
            int rgb = Color.HSBtoRGB(hue, saturation, brightness);
            r[i] = (byte) (rgb >> 16);
            g[i] = (byte) (rgb >> 8);
            b[i] = (byte) rgb;
        }
        return new LUT(r, g, b);
    }

    /** Where a stage's output folder is, as ImageJ shows paths. */
    static String shown(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }
}
