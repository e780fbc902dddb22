package io.github.cellinr.io;

import io.github.cellinr.core.AtomicFiles;
import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.FloatVolume;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.VoxelSize;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.Deflater;

/**
 * Writes z stacks as little-endian TIFF files that Fiji/ImageJ opens as stacks with the right voxel size,
 * atomically (through {@link AtomicFiles}).
 *
 * <p>Layout, as ImageJ writes it: one page directory per z slice, each with one strip; an ImageJ description
 * on the first page ({@code ImageJ=1.54f}, {@code images=}, {@code slices=}, {@code unit=micron},
 * {@code spacing=} the z size, {@code loop=false}); X and Y resolution in pixels per micron with resolution
 * unit "none". Optional Deflate compression (TIFF code 8), which Fiji and libtiff read; default uncompressed.
 *
 * <p>Label volumes are written as uint16 when every label fits (0..65535) and as uint32 otherwise (Fiji
 * then opens them as 32-bit images). Negative labels are an error.
 */
public final class TiffWriter {

    /** Compression of the written strips. */
    public enum Compression {
        NONE(1),
        /** zlib/Deflate ("Adobe Deflate", TIFF code 8): lossless, typically 3-20x smaller for masks. */
        DEFLATE(8);

        final int code;

        Compression(int code) {
            this.code = code;
        }
    }

    /** The version ImageJ writes into descriptions; Fiji reads the keys below with any version. */
    static final String IMAGEJ_VERSION = "1.54f";

    private final Compression compression;

    /** An uncompressed writer. */
    public TiffWriter() {
        this(Compression.NONE);
    }

    public TiffWriter(Compression compression) {
        this.compression = Objects.requireNonNull(compression, "compression");
    }

    public Compression compression() {
        return compression;
    }

    /**
     * Writes a label volume: uint16 if its largest label is at most 65535, else uint32.
     *
     * @throws CellInrException naming {@code file} if a label is negative, or if writing fails
     */
    public void writeLabels(Path file, LabelVolume labels) {
        int[] v = labels.labels();
        int max = 0;
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0) {
                throw CellInrException.of(file, "cannot write negative label " + v[i] + " at voxel " + i);
            }
            max = Math.max(max, v[i]);
        }
        if (max <= 0xFFFF) {
            short[] s = new short[v.length];
            for (int i = 0; i < v.length; i++) {
                s[i] = (short) v[i];
            }
            write(file, labels.dimensions(), labels.voxelSize(), SampleType.UINT16, s);
        } else {
            write(file, labels.dimensions(), labels.voxelSize(), SampleType.UINT32, v);
        }
    }

    /** Writes a 16-bit unsigned image (e.g. rendered microscopy); {@code pixels} hold the raw bits, x fastest. */
    public void writeUint16(Path file, Dimensions dimensions, VoxelSize voxelSize, short[] pixels) {
        write(file, dimensions, voxelSize, SampleType.UINT16, pixels);
    }

    /** Writes an 8-bit unsigned image; {@code pixels} hold the raw bits, x fastest. */
    public void writeUint8(Path file, Dimensions dimensions, VoxelSize voxelSize, byte[] pixels) {
        write(file, dimensions, voxelSize, SampleType.UINT8, pixels);
    }

    /** Writes a 32-bit float volume (an SDF, an intensity image). */
    public void writeFloat32(Path file, FloatVolume volume) {
        write(file, volume.dimensions(), volume.voxelSize(), SampleType.FLOAT32, volume.values());
    }

    /**
     * Writes any supported sample type.
     *
     * @param pixels primitive array matching {@code type} (see {@link SampleType}), x fastest
     */
    public void write(Path file, Dimensions dimensions, VoxelSize voxelSize, SampleType type, Object pixels) {
        Objects.requireNonNull(dimensions, "dimensions");
        Objects.requireNonNull(voxelSize, "voxelSize");
        if (!PixelArrays.matches(type, pixels)) {
            throw new IllegalArgumentException(type + " samples cannot come from a " + pixels.getClass().getSimpleName());
        }
        if (PixelArrays.length(pixels) != dimensions.voxelCount()) {
            throw new IllegalArgumentException("pixel array has " + PixelArrays.length(pixels) + " samples, "
                    + dimensions + " needs " + dimensions.voxelCount());
        }
        long planeBytes = (long) dimensions.height() * dimensions.width() * type.bytes();
        if (compression == Compression.NONE && planeBytes * dimensions.depth() > 0xFFFF_FFFFL - (1 << 20)) {
            throw CellInrException.of(file, "a stack of " + dimensions + " " + type + " voxels is larger than"
                    + " 4 GiB, the limit of a classic TIFF file; use Deflate compression or write frames separately");
        }
        AtomicFiles.write(file, (AtomicFiles.ChannelWriter) channel -> new PageWriter(channel, dimensions, voxelSize,
                type, pixels).writeAll(file));
    }

    /** The ImageJ description of a stack of {@code depth} slices of the given voxel size. */
    static String imageJDescription(int depth, VoxelSize voxelSize, SampleType type) {
        StringBuilder sb = new StringBuilder("ImageJ=").append(IMAGEJ_VERSION).append('\n');
        if (depth > 1) {
            sb.append("images=").append(depth).append('\n');
            sb.append("slices=").append(depth).append('\n');
        }
        sb.append("unit=micron\n");
        sb.append("spacing=").append(format(voxelSize.zUm())).append('\n');
        if (depth > 1) {
            sb.append("loop=false\n");
        }
        return sb.toString();
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.10g", v).replaceAll("\\.?0+$", "");
    }

    /**
     * Numerator and denominator (both at most 2^32 - 1) closest to {@code v} among the convergents of its
     * continued fraction.
     */
    static long[] bestRational(double v) {
        long max = 0xFFFF_FFFFL;
        if (!(v > 0) || !Double.isFinite(v)) {
            return new long[] {0, 1};
        }
        long h0 = 0;
        long h1 = 1;
        long k0 = 1;
        long k1 = 0;
        double x = v;
        for (int i = 0; i < 64; i++) {
            double a = Math.floor(x);
            if (a > max) {
                break;
            }
            long ai = (long) a;
            long h2 = ai * h1 + h0;
            long k2 = ai * k1 + k0;
            if (h2 > max || k2 > max || h2 < 0 || k2 < 0) {
                break;
            }
            h0 = h1;
            h1 = h2;
            k0 = k1;
            k1 = k2;
            double frac = x - a;
            if (frac < 1e-12 || Math.abs((double) h1 / k1 - v) <= Math.ulp(v)) {
                break;
            }
            x = 1 / frac;
        }
        return k1 == 0 ? new long[] {Math.min(max, Math.round(v)), 1} : new long[] {h1, k1};
    }

    /**
     * Writes ImageJ's layout: header, the first directory with the description, the pixel data of all slices
     * back to back, then the directories of slices 2..n. ImageJ relies on it: given {@code images=} it reads
     * uncompressed stacks as one contiguous block after the first directory.
     */
    private final class PageWriter {
        private static final int TAGS_FIRST = 15; // with ImageDescription
        private final FileChannel channel;
        private final OutputStream out;
        private final Dimensions dims;
        private final VoxelSize voxel;
        private final SampleType type;
        private final Object pixels;
        private final Deflater deflater = compression == Compression.DEFLATE ? new Deflater(6) : null;
        private long position;

        PageWriter(FileChannel channel, Dimensions dims, VoxelSize voxel, SampleType type, Object pixels) {
            this.channel = channel;
            this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            this.dims = dims;
            this.voxel = voxel;
            this.type = type;
            this.pixels = pixels;
        }

        void writeAll(Path file) throws IOException {
            try {
                ByteBuffer header = buffer(8);
                header.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
                emit(header);
                byte[] description = (imageJDescription(dims.depth(), voxel, type) + '\0')
                        .getBytes(StandardCharsets.US_ASCII);
                int planeSamples = dims.height() * dims.width();
                byte[] raw = new byte[planeSamples * type.bytes()];
                long[] offsets = new long[dims.depth()];
                long[] counts = new long[dims.depth()];
                // slice 0 first: its directory must know the strip size before the strip is written
                byte[] strip = strip(raw, 0, planeSamples);
                int firstIfdBytes = 2 + TAGS_FIRST * 12 + 4;
                long nextPointer = position + firstIfdBytes - 4;
                offsets[0] = position + firstIfdBytes + 16 + description.length;
                counts[0] = strip.length;
                emit(directory(position, offsets[0], counts[0], description, 0));
                for (int z = 0; z < dims.depth(); z++) {
                    if (z > 0) {
                        strip = strip(raw, z * planeSamples, planeSamples);
                        offsets[z] = position;
                        counts[z] = strip.length;
                    }
                    out.write(strip);
                    position += strip.length;
                    checkSize(file);
                }
                if ((position & 1) != 0) {
                    out.write(0); // directories start on a word boundary
                    position++;
                }
                long firstOfRest = dims.depth() > 1 ? position : 0;
                for (int z = 1; z < dims.depth(); z++) {
                    int ifdBytes = 2 + (TAGS_FIRST - 1) * 12 + 4;
                    long next = z == dims.depth() - 1 ? 0 : position + ifdBytes + 16;
                    emit(directory(position, offsets[z], counts[z], null, next));
                    checkSize(file);
                }
                out.flush();
                channel.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, (int) firstOfRest),
                        nextPointer);
            } finally {
                if (deflater != null) {
                    deflater.end();
                }
            }
        }

        private void checkSize(Path file) {
            if (position > 0xFFFF_FFFFL) {
                throw CellInrException.of(file, "the stack is larger than 4 GiB, the limit of a classic TIFF file;"
                        + " write the frames to separate files");
            }
        }

        private byte[] strip(byte[] raw, int from, int count) {
            ByteBuffer plane = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            putPlane(plane, from, count);
            return deflater == null ? raw : TiffCodecs.deflate(deflater, raw, 0, raw.length);
        }

        /** A directory at {@code at}, followed by its two resolution rationals and, for slice 0, the description. */
        private ByteBuffer directory(long at, long stripOffset, long stripBytes, byte[] desc, long next) {
            int tagCount = desc != null ? TAGS_FIRST : TAGS_FIRST - 1;
            int ifdBytes = 2 + tagCount * 12 + 4;
            ByteBuffer ifd = buffer(ifdBytes + 16 + (desc != null ? desc.length : 0));
            long xRes = at + ifdBytes;
            long yRes = xRes + 8;
            long descAt = xRes + 16;
            ifd.putShort((short) tagCount);
            entry(ifd, TiffReader.NEW_SUBFILE_TYPE, 4, 1, 0);
            entry(ifd, TiffReader.IMAGE_WIDTH, 4, 1, dims.width());
            entry(ifd, TiffReader.IMAGE_LENGTH, 4, 1, dims.height());
            entry(ifd, TiffReader.BITS_PER_SAMPLE, 3, 1, type.bits());
            entry(ifd, TiffReader.COMPRESSION, 3, 1, compression.code);
            entry(ifd, TiffReader.PHOTOMETRIC, 3, 1, 1);
            if (desc != null) {
                entry(ifd, TiffReader.IMAGE_DESCRIPTION, 2, desc.length, descAt);
            }
            entry(ifd, TiffReader.STRIP_OFFSETS, 4, 1, stripOffset);
            entry(ifd, TiffReader.SAMPLES_PER_PIXEL, 3, 1, 1);
            entry(ifd, TiffReader.ROWS_PER_STRIP, 4, 1, dims.height());
            entry(ifd, TiffReader.STRIP_BYTE_COUNTS, 4, 1, stripBytes);
            entry(ifd, TiffReader.X_RESOLUTION, 5, 1, xRes);
            entry(ifd, TiffReader.Y_RESOLUTION, 5, 1, yRes);
            entry(ifd, TiffReader.RESOLUTION_UNIT, 3, 1, 1);
            entry(ifd, TiffReader.SAMPLE_FORMAT, 3, 1, type.isFloatingPoint() ? 3 : type.isSigned() ? 2 : 1);
            ifd.putInt((int) next);
            rational(ifd, 1.0 / voxel.xUm());
            rational(ifd, 1.0 / voxel.yUm());
            if (desc != null) {
                ifd.put(desc);
            }
            return ifd;
        }

        private void putPlane(ByteBuffer plane, int from, int count) {
            switch (type) {
                case UINT8, INT8 -> plane.put((byte[]) pixels, from, count);
                case UINT16, INT16 -> plane.asShortBuffer().put((short[]) pixels, from, count);
                case UINT32, INT32 -> plane.asIntBuffer().put((int[]) pixels, from, count);
                case FLOAT32 -> plane.asFloatBuffer().put((float[]) pixels, from, count);
                case FLOAT64 -> plane.asDoubleBuffer().put((double[]) pixels, from, count);
            }
        }

        private ByteBuffer buffer(int size) {
            return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        }

        private void emit(ByteBuffer b) throws IOException {
            out.write(b.array(), 0, b.position());
            position += b.position();
        }

        private void entry(ByteBuffer b, int tag, int fieldType, long count, long value) {
            b.putShort((short) tag).putShort((short) fieldType).putInt((int) count);
            if (fieldType == 3 && count == 1) {
                b.putShort((short) value).putShort((short) 0);
            } else {
                b.putInt((int) value);
            }
        }

        /** The best unsigned 32-bit rational approximation of {@code v} (exact for short decimal sizes). */
        private void rational(ByteBuffer b, double v) {
            long[] r = bestRational(v);
            b.putInt((int) r[0]).putInt((int) r[1]);
        }
    }
}
