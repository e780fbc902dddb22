package io.github.cellinr.io;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.FloatVolume;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.VoxelSize;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The pixels and calibration of one single-channel TIFF file as {@link TiffReader} read it: every page is
 * one z slice (for an ImageJ hyperstack with several time points, the pages of all frames follow each other,
 * see {@link #frames()} and {@link #frame(int)}).
 *
 * <p>The pixels are one primitive array in the narrowest Java type of the sample width (see
 * {@link SampleType}), x fastest, then y, then page: {@code index = (page * height + y) * width + x}.
 * The array is shared, not copied.
 */
public final class TiffImage {
    private final Path source;
    private final Dimensions dimensions;
    private final SampleType sampleType;
    private final VoxelSize voxelSize;
    private final boolean calibrated;
    private final int frames;
    private final Object pixels;

    /**
     * @param source     the file the pixels came from (named in conversion errors)
     * @param dimensions (pages, height, width)
     * @param sampleType type of the samples; must match the array type of {@code pixels}
     * @param voxelSize  voxel size in micrometres ({@link VoxelSize#UNIT} when the file has no calibration)
     * @param calibrated whether the file carried a physical calibration
     * @param frames     time points the pages split into (ImageJ {@code frames=}); divides the page count
     * @param pixels     {@code byte[]}, {@code short[]}, {@code int[]}, {@code float[]} or {@code double[]}
     */
    public TiffImage(Path source, Dimensions dimensions, SampleType sampleType, VoxelSize voxelSize,
            boolean calibrated, int frames, Object pixels) {
        this.source = Objects.requireNonNull(source, "source");
        this.dimensions = Objects.requireNonNull(dimensions, "dimensions");
        this.sampleType = Objects.requireNonNull(sampleType, "sampleType");
        this.voxelSize = Objects.requireNonNull(voxelSize, "voxelSize");
        this.calibrated = calibrated;
        this.frames = frames;
        this.pixels = Objects.requireNonNull(pixels, "pixels");
        if (!PixelArrays.matches(sampleType, pixels)) {
            throw new IllegalArgumentException(sampleType + " samples cannot be held in a "
                    + pixels.getClass().getSimpleName());
        }
        if (PixelArrays.length(pixels) != dimensions.voxelCount()) {
            throw new IllegalArgumentException("pixel array has " + PixelArrays.length(pixels)
                    + " samples, dimensions " + dimensions + " need " + dimensions.voxelCount());
        }
        if (frames < 1 || dimensions.depth() % frames != 0) {
            throw new IllegalArgumentException(frames + " frames do not divide " + dimensions.depth() + " pages");
        }
    }

    public Path source() {
        return source;
    }

    /** (pages, height, width); for a time series the depth counts the pages of all frames. */
    public Dimensions dimensions() {
        return dimensions;
    }

    public SampleType sampleType() {
        return sampleType;
    }

    /** Voxel size in micrometres; {@link VoxelSize#UNIT} when {@link #isCalibrated()} is false. */
    public VoxelSize voxelSize() {
        return voxelSize;
    }

    /** Whether the file said how large a pixel is (ImageJ unit, or resolution tags in inch or cm). */
    public boolean isCalibrated() {
        return calibrated;
    }

    /** Number of time points (ImageJ hyperstack {@code frames=}); 1 for a plain stack. */
    public int frames() {
        return frames;
    }

    /** Number of z slices per time point. */
    public int slicesPerFrame() {
        return dimensions.depth() / frames;
    }

    /** The raw samples; cast according to {@link #sampleType()} (see the class comment). */
    public Object pixels() {
        return pixels;
    }

    /** One sample as a double (unsigned types read unsigned). */
    public double value(int page, int y, int x) {
        return PixelArrays.value(sampleType, pixels, dimensions.index(page, y, x));
    }

    /** The z stack of time point {@code t} (a copy), or this image when it has a single frame. */
    public TiffImage frame(int t) {
        if (t < 0 || t >= frames) {
            throw new IndexOutOfBoundsException("frame " + t + " of " + frames);
        }
        if (frames == 1) {
            return this;
        }
        int slices = slicesPerFrame();
        int plane = dimensions.height() * dimensions.width();
        Dimensions d = new Dimensions(slices, dimensions.height(), dimensions.width());
        return new TiffImage(source, d, sampleType, voxelSize, calibrated, 1,
                PixelArrays.copyRange(sampleType, pixels, t * slices * plane, slices * plane));
    }

    /**
     * The pixels as labels (0 background). Integer types convert directly; floating-point images only when
     * every value is a whole number. Negative values, and values above {@link Integer#MAX_VALUE}, are a
     * {@link io.github.cellinr.core.CellInrException} naming the file.
     */
    public LabelVolume toLabelVolume() {
        return new LabelVolume(dimensions, voxelSize, PixelArrays.toLabels(sampleType, pixels, source));
    }

    /** The pixels as floats (32-bit integers above 2^24 and float64 values round to the nearest float). */
    public FloatVolume toFloatVolume() {
        return new FloatVolume(dimensions, voxelSize, PixelArrays.toFloats(sampleType, pixels));
    }

    @Override
    public String toString() {
        return source.getFileName() + " " + dimensions + " " + sampleType + " voxel " + voxelSize
                + (calibrated ? " um" : " (uncalibrated)") + (frames > 1 ? ", " + frames + " frames" : "");
    }
}
