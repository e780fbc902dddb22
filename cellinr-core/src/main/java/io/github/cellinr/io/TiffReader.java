package io.github.cellinr.io;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.FloatVolume;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.VoxelSize;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.Inflater;

/**
 * Reads single-channel TIFF files and stacks into one primitive array (see {@link TiffImage}).
 *
 * <p>Supported: classic TIFF and BigTIFF in either byte order; any number of pages (each page one z slice,
 * reduced-resolution thumbnails skipped); strips or tiles; uncompressed, LZW, Deflate (codes 8 and 32946)
 * and PackBits, with or without the horizontal-differencing predictor; 8-, 16- and 32-bit signed or unsigned
 * integers and 32- or 64-bit floats. ImageJ metadata is understood: the description's {@code images=},
 * {@code slices=}, {@code frames=}, {@code channels=}, {@code unit=} and {@code spacing=}, the X/Y resolution
 * tags as pixels per unit, and ImageJ's way of saving stacks larger than 4 GiB (one page directory followed
 * by the pixels of all images). Resolution tags in inch or centimetre calibrate files from other writers.
 *
 * <p>Anything else (colour, several channels, JPEG compression, 1- or 12-bit samples, pages of different
 * sizes, a truncated or corrupt file) is a {@link CellInrException} whose one-line message names the file
 * and the problem.
 */
public final class TiffReader {
    private TiffReader() {
    }

    /** Reads all pages of {@code file}. */
    public static TiffImage read(Path file) {
        try (Source source = Source.open(file)) {
            return new Decoder(source).read();
        } catch (IOException e) {
            throw CellInrException.of(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads {@code file} as a label image (see {@link TiffImage#toLabelVolume()}). */
    public static LabelVolume readLabels(Path file) {
        return read(file).toLabelVolume();
    }

    /** Reads {@code file} as a float volume (see {@link TiffImage#toFloatVolume()}). */
    public static FloatVolume readFloats(Path file) {
        return read(file).toFloatVolume();
    }

    // ---- tags -------------------------------------------------------------------------------------------

    static final int NEW_SUBFILE_TYPE = 254;
    static final int IMAGE_WIDTH = 256;
    static final int IMAGE_LENGTH = 257;
    static final int BITS_PER_SAMPLE = 258;
    static final int COMPRESSION = 259;
    static final int PHOTOMETRIC = 262;
    static final int IMAGE_DESCRIPTION = 270;
    static final int STRIP_OFFSETS = 273;
    static final int SAMPLES_PER_PIXEL = 277;
    static final int ROWS_PER_STRIP = 278;
    static final int STRIP_BYTE_COUNTS = 279;
    static final int X_RESOLUTION = 282;
    static final int Y_RESOLUTION = 283;
    static final int PLANAR_CONFIGURATION = 284;
    static final int RESOLUTION_UNIT = 296;
    static final int PREDICTOR = 317;
    static final int TILE_WIDTH = 322;
    static final int TILE_LENGTH = 323;
    static final int TILE_OFFSETS = 324;
    static final int TILE_BYTE_COUNTS = 325;
    static final int SAMPLE_FORMAT = 339;

    private static final Set<Integer> TAGS_READ = Set.of(NEW_SUBFILE_TYPE, IMAGE_WIDTH, IMAGE_LENGTH,
            BITS_PER_SAMPLE, COMPRESSION, PHOTOMETRIC, IMAGE_DESCRIPTION, STRIP_OFFSETS, SAMPLES_PER_PIXEL,
            ROWS_PER_STRIP, STRIP_BYTE_COUNTS, X_RESOLUTION, Y_RESOLUTION, PLANAR_CONFIGURATION, RESOLUTION_UNIT,
            PREDICTOR, TILE_WIDTH, TILE_LENGTH, TILE_OFFSETS, TILE_BYTE_COUNTS, SAMPLE_FORMAT);

    private static final int MAX_PAGES = 1 << 20;

    // ---- file access ------------------------------------------------------------------------------------

    /** Bounds-checked positional reads, so that a truncated file is reported, never read past. */
    private static final class Source implements AutoCloseable {
        final Path file;
        final FileChannel channel;
        final long size;
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        boolean big;

        private Source(Path file, FileChannel channel, long size) {
            this.file = file;
            this.channel = channel;
            this.size = size;
        }

        static Source open(Path file) {
            if (Files.isDirectory(file)) {
                throw CellInrException.of(file, "is a folder, not a TIFF file");
            }
            try {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                return new Source(file, channel, channel.size());
            } catch (NoSuchFileException e) {
                throw CellInrException.of(file, "file does not exist", e);
            } catch (AccessDeniedException e) {
                throw CellInrException.of(file, "cannot read: permission denied", e);
            } catch (IOException e) {
                throw CellInrException.of(file, "cannot read: " + e.getMessage(), e);
            }
        }

        ByteBuffer read(long offset, int length, String what) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(length).order(order);
            readInto(buffer, offset, what);
            return buffer.flip();
        }

        void readInto(ByteBuffer buffer, long offset, String what) throws IOException {
            int length = buffer.remaining();
            if (offset < 0 || offset + length > size) {
                throw error("is truncated or corrupt: " + what + " at byte " + offset + " needs " + length
                        + " bytes but the file has only " + size);
            }
            long pos = offset;
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, pos);
                if (n < 0) {
                    throw error("is truncated: the file ended while reading " + what);
                }
                pos += n;
            }
        }

        CellInrException error(String problem) {
            return CellInrException.of(file, problem);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    // ---- one image file directory -----------------------------------------------------------------------

    private record Entry(int tag, int type, long count, long valuePosition) {
    }

    private static int typeSize(int type) {
        return switch (type) {
            case 1, 2, 6, 7 -> 1; // BYTE, ASCII, SBYTE, UNDEFINED
            case 3, 8 -> 2; // SHORT, SSHORT
            case 4, 9, 11, 13 -> 4; // LONG, SLONG, FLOAT, IFD
            case 5, 10, 12, 16, 17, 18 -> 8; // RATIONAL, SRATIONAL, DOUBLE, LONG8, SLONG8, IFD8
            default -> 0;
        };
    }

    private static final class Ifd {
        final Source source;
        final int index;
        final Map<Integer, Entry> entries = new HashMap<>();

        Ifd(Source source, int index) {
            this.source = source;
            this.index = index;
        }

        boolean has(int tag) {
            return entries.containsKey(tag);
        }

        long[] longs(int tag, String name) throws IOException {
            Entry e = entries.get(tag);
            if (e == null) {
                return null;
            }
            int size = typeSize(e.type());
            if (e.count() > Integer.MAX_VALUE / 8) {
                throw source.error("is corrupt: tag " + name + " of page " + index + " claims " + e.count()
                        + " values");
            }
            int n = (int) e.count();
            ByteBuffer b = source.read(e.valuePosition(), n * size, "tag " + name + " of page " + index);
            long[] values = new long[n];
            for (int i = 0; i < n; i++) {
                values[i] = switch (e.type()) {
                    case 1, 7 -> b.get() & 0xFF;
                    case 6 -> b.get();
                    case 3 -> b.getShort() & 0xFFFF;
                    case 8 -> b.getShort();
                    case 4, 13 -> b.getInt() & 0xFFFFFFFFL;
                    case 9 -> b.getInt();
                    case 16, 17, 18 -> b.getLong();
                    default -> throw source.error("is corrupt: tag " + name + " of page " + index
                            + " has value type " + e.type() + ", not an integer type");
                };
            }
            return values;
        }

        long longValue(int tag, String name, long fallback) throws IOException {
            long[] v = longs(tag, name);
            return v == null || v.length == 0 ? fallback : v[0];
        }

        double rational(int tag, String name) throws IOException {
            Entry e = entries.get(tag);
            if (e == null || e.count() < 1) {
                return Double.NaN;
            }
            ByteBuffer b = source.read(e.valuePosition(), typeSize(e.type()), "tag " + name);
            return switch (e.type()) {
                case 5 -> {
                    long num = b.getInt() & 0xFFFFFFFFL;
                    long den = b.getInt() & 0xFFFFFFFFL;
                    yield den == 0 ? Double.NaN : (double) num / den;
                }
                case 10 -> {
                    int num = b.getInt();
                    int den = b.getInt();
                    yield den == 0 ? Double.NaN : (double) num / den;
                }
                case 11 -> b.getFloat();
                case 12 -> b.getDouble();
                case 3 -> b.getShort() & 0xFFFF;
                case 4 -> b.getInt() & 0xFFFFFFFFL;
                default -> Double.NaN;
            };
        }

        String ascii(int tag) throws IOException {
            Entry e = entries.get(tag);
            if (e == null || (e.type() != 2 && e.type() != 7 && e.type() != 1) || e.count() > (1 << 24)) {
                return null;
            }
            ByteBuffer b = source.read(e.valuePosition(), (int) e.count(), "the image description");
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            int end = 0;
            while (end < bytes.length && bytes[end] != 0) {
                end++;
            }
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, 0, end)).toString();
            } catch (CharacterCodingException notUtf8) {
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
        }
    }

    // ---- decoding -----------------------------------------------------------------------------------------

    /** What one page holds and where its pixel data lie. */
    private record Page(int index, int width, int height, SampleType type, int compression, int predictor,
            boolean tiled, int blockWidth, int blockHeight, long[] offsets, long[] byteCounts) {
    }

    private static final class Decoder {
        private final Source source;
        private final Inflater inflater = new Inflater();
        private byte[] compressed = new byte[0];
        private byte[] decoded = new byte[0];

        Decoder(Source source) {
            this.source = source;
        }

        TiffImage read() throws IOException {
            try {
                long firstIfd = readHeader();
                List<Ifd> ifds = readIfds(firstIfd);
                String description = ifds.get(0).ascii(IMAGE_DESCRIPTION);
                ImageJ imagej = ImageJ.parse(description);
                List<Page> pages = new ArrayList<>();
                for (Ifd ifd : ifds) {
                    if ((ifd.longValue(NEW_SUBFILE_TYPE, "NewSubfileType", 0) & 1) != 0) {
                        continue; // a reduced-resolution thumbnail, not a slice
                    }
                    pages.add(page(ifd));
                }
                if (pages.isEmpty()) {
                    throw source.error("holds only reduced-resolution thumbnails, no full image");
                }
                Page first = pages.get(0);
                for (Page p : pages) {
                    if (p.width() != first.width() || p.height() != first.height() || p.type() != first.type()) {
                        throw source.error("page " + p.index() + " is " + p.width() + "x" + p.height() + " "
                                + p.type() + " but page 0 is " + first.width() + "x" + first.height() + " "
                                + first.type() + ": pages of different sizes or types do not form one stack");
                    }
                }
                int pageCount = pages.size();
                boolean largeStack = false;
                if (imagej != null && imagej.images() > pageCount && pageCount == 1 && first.compression() == 1
                        && contiguous(first)) {
                    pageCount = imagej.images(); // ImageJ's stacks over 4 GiB: one directory, all pixels after it
                    largeStack = true;
                }
                Dimensions dims = dimensions(pageCount, first);
                if (imagej != null && imagej.channels() > 1) {
                    throw source.error("is an ImageJ hyperstack with " + imagej.channels() + " channels; only"
                            + " single-channel images are supported (split the channels in Fiji first)");
                }
                int frames = imagej == null ? 1 : imagej.frames();
                if (frames < 1 || pageCount % frames != 0) {
                    frames = 1;
                }
                Calibration calibration = calibration(ifds.get(0), imagej);
                Object pixels = PixelArrays.allocate(first.type(), dims.voxelCount());
                int planeBytes = first.width() * first.height() * first.type().bytes();
                byte[] plane = new byte[planeBytes];
                int planeSamples = first.width() * first.height();
                for (int z = 0; z < pageCount; z++) {
                    if (largeStack) {
                        source.readInto(ByteBuffer.wrap(plane), first.offsets()[0] + (long) z * planeBytes,
                                "image " + (z + 1) + " of " + pageCount + " (ImageJ large stack)");
                    } else {
                        decodePage(pages.get(z), plane);
                    }
                    PixelArrays.fill(first.type(), ByteBuffer.wrap(plane), source.order, pixels, z * planeSamples,
                            planeSamples);
                }
                return new TiffImage(source.file, dims, first.type(), calibration.voxelSize(),
                        calibration.calibrated(), frames, pixels);
            } finally {
                inflater.end();
            }
        }

        private long readHeader() throws IOException {
            if (source.size == 0) {
                throw source.error("is empty (0 bytes), not a TIFF file");
            }
            if (source.size < 8) {
                throw source.error("is not a TIFF file (only " + source.size + " bytes)");
            }
            ByteBuffer head = source.read(0, (int) Math.min(16, source.size), "the header");
            byte b0 = head.get(0);
            byte b1 = head.get(1);
            if (b0 == 'I' && b1 == 'I') {
                source.order = ByteOrder.LITTLE_ENDIAN;
            } else if (b0 == 'M' && b1 == 'M') {
                source.order = ByteOrder.BIG_ENDIAN;
            } else {
                throw source.error("is not a TIFF file (" + describeSignature(head) + ")");
            }
            head.order(source.order);
            int version = head.getShort(2) & 0xFFFF;
            if (version == 42) {
                return head.getInt(4) & 0xFFFFFFFFL;
            }
            if (version == 43) {
                source.big = true;
                if (source.size < 16 || head.getShort(4) != 8 || head.getShort(6) != 0) {
                    throw source.error("has a corrupt BigTIFF header");
                }
                return head.getLong(8);
            }
            throw source.error("has a TIFF byte-order mark but version " + version
                    + ", not 42 (TIFF) or 43 (BigTIFF)");
        }

        private List<Ifd> readIfds(long offset) throws IOException {
            List<Ifd> ifds = new ArrayList<>();
            Set<Long> seen = new HashSet<>();
            if (offset == 0) {
                throw source.error("holds no image (its first page directory offset is 0)");
            }
            while (offset != 0) {
                if (!seen.add(offset) || ifds.size() >= MAX_PAGES) {
                    throw source.error("is corrupt: its page directories form a loop");
                }
                int index = ifds.size();
                String what = "page directory " + index;
                Ifd ifd = new Ifd(source, index);
                int countBytes = source.big ? 8 : 2;
                int entryBytes = source.big ? 20 : 12;
                ByteBuffer head = source.read(offset, countBytes, what);
                long count = source.big ? head.getLong() : head.getShort() & 0xFFFF;
                if (count < 1 || count > 65535) {
                    throw source.error("is corrupt: " + what + " claims " + count + " entries");
                }
                ByteBuffer body = source.read(offset + countBytes, (int) count * entryBytes + (source.big ? 8 : 4),
                        what);
                for (int i = 0; i < count; i++) {
                    int at = i * entryBytes;
                    int tag = body.getShort(at) & 0xFFFF;
                    int type = body.getShort(at + 2) & 0xFFFF;
                    long n = source.big ? body.getLong(at + 4) : body.getInt(at + 4) & 0xFFFFFFFFL;
                    int size = typeSize(type);
                    if (!TAGS_READ.contains(tag) || size == 0) {
                        continue;
                    }
                    long valueField = offset + countBytes + at + (source.big ? 12 : 8);
                    long inlineBytes = source.big ? 8 : 4;
                    long position;
                    if (n * size <= inlineBytes) {
                        position = valueField;
                    } else {
                        position = source.big ? body.getLong(at + 12) : body.getInt(at + 8) & 0xFFFFFFFFL;
                        if (n < 0 || n > source.size || position + n * size > source.size) {
                            throw source.error("is truncated or corrupt: tag " + tag + " of page " + index
                                    + " points to bytes " + position + ".." + (position + n * size)
                                    + " but the file has only " + source.size);
                        }
                    }
                    ifd.entries.put(tag, new Entry(tag, type, n, position));
                }
                ifds.add(ifd);
                int nextAt = (int) count * entryBytes;
                offset = source.big ? body.getLong(nextAt) : body.getInt(nextAt) & 0xFFFFFFFFL;
            }
            return ifds;
        }

        private Page page(Ifd ifd) throws IOException {
            int index = ifd.index;
            long width = ifd.longValue(IMAGE_WIDTH, "ImageWidth", 0);
            long height = ifd.longValue(IMAGE_LENGTH, "ImageLength", 0);
            if (width < 1 || height < 1) {
                throw source.error("page " + index + " has " + (width < 1 ? "width " + width : "height " + height)
                        + (ifd.has(IMAGE_WIDTH) && ifd.has(IMAGE_LENGTH) ? "" : " (tag missing)")
                        + ": an image needs at least one pixel");
            }
            long samples = ifd.longValue(SAMPLES_PER_PIXEL, "SamplesPerPixel", 1);
            int photometric = (int) ifd.longValue(PHOTOMETRIC, "PhotometricInterpretation", 1);
            if (samples != 1) {
                String kind = samples == 3 && photometric == 2 ? " (RGB colour)"
                        : samples == 4 ? " (RGBA colour or CMYK)" : samples == 2 ? " (grey with alpha)" : "";
                throw source.error("has " + samples + " samples per pixel" + kind
                        + "; only single-channel (grey or label) images are supported (split the channels in Fiji)");
            }
            if (photometric == 2 || photometric == 6) {
                throw source.error("is a colour image (photometric " + photometric
                        + "); only single-channel (grey or label) images are supported");
            }
            long[] bits = ifd.longs(BITS_PER_SAMPLE, "BitsPerSample");
            int bitsPerSample = bits == null || bits.length == 0 ? 1 : (int) bits[0];
            int format = (int) ifd.longValue(SAMPLE_FORMAT, "SampleFormat", 1);
            SampleType type = sampleType(bitsPerSample, format, index);
            int compression = (int) ifd.longValue(COMPRESSION, "Compression", 1);
            checkCompression(compression, index);
            int predictor = (int) ifd.longValue(PREDICTOR, "Predictor", 1);
            if (predictor != 1 && predictor != 2) {
                throw source.error("page " + index + " uses predictor " + predictor
                        + (predictor == 3 ? " (floating point)" : "")
                        + ", which CellINR cannot read; supported: none (1) and horizontal differencing (2)");
            }
            if (predictor == 2 && (type.isFloatingPoint() || compression == 1)) {
                predictor = 1; // differencing is only defined for compressed integer samples; writers that set it otherwise mean nothing by it
            }
            if (width * height * type.bytes() > Integer.MAX_VALUE - 8) {
                throw source.error("page " + index + " of " + width + "x" + height + " " + type
                        + " is larger than 2 GiB, which CellINR cannot hold in one plane");
            }
            boolean tiled = ifd.has(TILE_WIDTH) || ifd.has(TILE_OFFSETS);
            if (tiled) {
                long tw = ifd.longValue(TILE_WIDTH, "TileWidth", 0);
                long th = ifd.longValue(TILE_LENGTH, "TileLength", 0);
                if (tw < 1 || th < 1 || tw * th * type.bytes() > Integer.MAX_VALUE - 8) {
                    throw source.error("page " + index + " has invalid tiles of " + tw + "x" + th + " pixels");
                }
                long across = (width + tw - 1) / tw;
                long down = (height + th - 1) / th;
                long[] offsets = ifd.longs(TILE_OFFSETS, "TileOffsets");
                long[] counts = ifd.longs(TILE_BYTE_COUNTS, "TileByteCounts");
                int needed = (int) (across * down);
                if (offsets == null || offsets.length < needed) {
                    throw source.error("page " + index + " lists " + (offsets == null ? 0 : offsets.length)
                            + " tile offsets but " + needed + " tiles are needed");
                }
                counts = byteCounts(counts, needed, tw * th * type.bytes(), compression, index, "tile");
                return new Page(index, (int) width, (int) height, type, compression, predictor, true, (int) tw,
                        (int) th, offsets, counts);
            }
            long rows = ifd.longValue(ROWS_PER_STRIP, "RowsPerStrip", height);
            if (rows < 1 || rows > height) {
                rows = height;
            }
            int strips = (int) ((height + rows - 1) / rows);
            long[] offsets = ifd.longs(STRIP_OFFSETS, "StripOffsets");
            if (offsets == null || offsets.length < strips) {
                throw source.error("page " + index + " lists " + (offsets == null ? 0 : offsets.length)
                        + " strip offsets but " + strips + " strips of " + rows + " rows are needed");
            }
            long[] counts = ifd.longs(STRIP_BYTE_COUNTS, "StripByteCounts");
            counts = byteCounts(counts, strips, rows * width * type.bytes(), compression, index, "strip");
            return new Page(index, (int) width, (int) height, type, compression, predictor, false, (int) width,
                    (int) rows, offsets, counts);
        }

        private long[] byteCounts(long[] counts, int needed, long fullBlockBytes, int compression, int index,
                String block) {
            if (counts != null && counts.length >= needed) {
                return counts;
            }
            if (compression != 1) {
                throw source.error("page " + index + " lists " + (counts == null ? 0 : counts.length) + " " + block
                        + " byte counts but " + needed + " " + block + "s are compressed");
            }
            long[] full = new long[needed];
            java.util.Arrays.fill(full, fullBlockBytes);
            return full; // uncompressed: the size follows from the geometry, as old writers assumed
        }

        private SampleType sampleType(int bits, int format, int index) {
            SampleType type = switch (format) {
                case 1, 4 -> switch (bits) { // 4 = undefined: treated as unsigned, as libtiff does
                    case 8 -> SampleType.UINT8;
                    case 16 -> SampleType.UINT16;
                    case 32 -> SampleType.UINT32;
                    default -> null;
                };
                case 2 -> switch (bits) {
                    case 8 -> SampleType.INT8;
                    case 16 -> SampleType.INT16;
                    case 32 -> SampleType.INT32;
                    default -> null;
                };
                case 3 -> switch (bits) {
                    case 32 -> SampleType.FLOAT32;
                    case 64 -> SampleType.FLOAT64;
                    default -> null;
                };
                default -> null;
            };
            if (type == null) {
                String kind = switch (format) {
                    case 1, 4 -> "unsigned integer";
                    case 2 -> "signed integer";
                    case 3 -> "floating-point";
                    default -> "sample format " + format;
                };
                throw source.error("page " + index + " has " + bits + "-bit " + kind + " samples, which CellINR"
                        + " cannot read; supported: 8-, 16- and 32-bit integers, 32- and 64-bit floats");
            }
            return type;
        }

        private void checkCompression(int compression, int index) {
            String name = switch (compression) {
                case 1, 5, 8, 32946, 32773 -> null;
                case 2, 3, 4 -> "CCITT fax";
                case 6, 7 -> "JPEG";
                case 34712 -> "JPEG 2000";
                case 34887 -> "LERC";
                case 34925 -> "LZMA";
                case 50000 -> "Zstandard";
                case 50001 -> "WebP";
                case 34892, 50002 -> "lossy JPEG";
                default -> "unknown";
            };
            if (name != null) {
                throw source.error("page " + index + " uses compression " + compression + " (" + name + "), which"
                        + " CellINR cannot read; supported: none, LZW, Deflate/ZIP and PackBits (in Fiji: File >"
                        + " Save As > Tiff writes uncompressed)");
            }
        }

        private Dimensions dimensions(int pages, Page first) {
            long voxels = (long) pages * first.width() * first.height();
            if (voxels > Integer.MAX_VALUE - 8) {
                throw source.error("holds " + pages + " pages of " + first.width() + "x" + first.height() + " = "
                        + voxels + " voxels, more than one Java array can hold (2^31)");
            }
            return new Dimensions(pages, first.height(), first.width());
        }

        private static boolean contiguous(Page p) {
            if (p.tiled()) {
                return false;
            }
            int strips = (p.height() + p.blockHeight() - 1) / p.blockHeight();
            for (int s = 1; s < strips; s++) {
                if (p.offsets()[s] != p.offsets()[s - 1] + p.byteCounts()[s - 1]) {
                    return false;
                }
            }
            return true;
        }

        /** Decodes every strip or tile of {@code p} into {@code plane} (width * height * sample bytes). */
        private void decodePage(Page p, byte[] plane) throws IOException {
            int bytes = p.type().bytes();
            int rowBytes = p.width() * bytes;
            if (!p.tiled()) {
                int strips = (p.height() + p.blockHeight() - 1) / p.blockHeight();
                for (int s = 0; s < strips; s++) {
                    int rows = Math.min(p.blockHeight(), p.height() - s * p.blockHeight());
                    int expected = rows * rowBytes;
                    int at = s * p.blockHeight() * rowBytes;
                    String what = "strip " + s + " of page " + p.index();
                    if (p.compression() == 1) {
                        if (p.byteCounts()[s] < expected) {
                            throw source.error("is corrupt: " + what + " holds " + p.byteCounts()[s]
                                    + " bytes but " + rows + " rows of " + p.width() + " " + p.type() + " pixels need "
                                    + expected);
                        }
                        source.readInto(ByteBuffer.wrap(plane, at, expected), p.offsets()[s], what);
                    } else {
                        decodeBlock(p, s, expected, what);
                        System.arraycopy(decoded, 0, plane, at, expected);
                        if (p.predictor() == 2) {
                            TiffCodecs.undoHorizontalDifferencing(plane, at, rows, p.width(), bytes, source.order);
                        }
                    }
                }
                return;
            }
            int tw = p.blockWidth();
            int th = p.blockHeight();
            int across = (p.width() + tw - 1) / tw;
            int down = (p.height() + th - 1) / th;
            int tileBytes = tw * th * bytes;
            for (int ty = 0; ty < down; ty++) {
                for (int tx = 0; tx < across; tx++) {
                    int t = ty * across + tx;
                    String what = "tile " + t + " of page " + p.index();
                    if (p.compression() == 1) {
                        if (p.byteCounts()[t] < tileBytes) {
                            throw source.error("is corrupt: " + what + " holds " + p.byteCounts()[t]
                                    + " bytes but a " + tw + "x" + th + " tile needs " + tileBytes);
                        }
                        ensureDecoded(tileBytes);
                        source.readInto(ByteBuffer.wrap(decoded, 0, tileBytes), p.offsets()[t], what);
                    } else {
                        decodeBlock(p, t, tileBytes, what);
                        if (p.predictor() == 2) {
                            TiffCodecs.undoHorizontalDifferencing(decoded, 0, th, tw, bytes, source.order);
                        }
                    }
                    int rows = Math.min(th, p.height() - ty * th);
                    int copy = Math.min(tw, p.width() - tx * tw) * bytes;
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(decoded, r * tw * bytes, plane,
                                (ty * th + r) * rowBytes + tx * tw * bytes, copy);
                    }
                }
            }
        }

        /** Decompresses block {@code b} of {@code p} into {@link #decoded}[0..expected). */
        private void decodeBlock(Page p, int b, int expected, String what) throws IOException {
            long count = p.byteCounts()[b];
            if (count > Integer.MAX_VALUE - 8) {
                throw source.error("is corrupt: " + what + " claims " + count + " bytes");
            }
            int n = (int) count;
            if (compressed.length < n) {
                compressed = new byte[n];
            }
            source.readInto(ByteBuffer.wrap(compressed, 0, n), p.offsets()[b], what);
            ensureDecoded(expected);
            int produced;
            try {
                produced = switch (p.compression()) {
                    case 5 -> TiffCodecs.decodeLzw(compressed, n, decoded, expected);
                    case 8, 32946 -> TiffCodecs.inflate(inflater, compressed, n, decoded, expected);
                    case 32773 -> TiffCodecs.decodePackBits(compressed, n, decoded, expected);
                    default -> throw new IllegalStateException("compression " + p.compression());
                };
            } catch (IllegalStateException e) {
                throw source.error("is corrupt: " + what + ": " + e.getMessage());
            }
            if (produced < expected) {
                throw source.error("is truncated or corrupt: " + what + " decompresses to " + produced
                        + " bytes but " + expected + " are needed");
            }
        }

        private void ensureDecoded(int length) {
            if (decoded.length < length) {
                decoded = new byte[length];
            }
        }

        private Calibration calibration(Ifd ifd, ImageJ imagej) throws IOException {
            double xres = ifd.rational(X_RESOLUTION, "XResolution");
            double yres = ifd.rational(Y_RESOLUTION, "YResolution");
            long unitTag = ifd.longValue(RESOLUTION_UNIT, "ResolutionUnit", 2);
            boolean validX = xres > 0 && Double.isFinite(xres);
            boolean validY = yres > 0 && Double.isFinite(yres);
            double unitUm;
            boolean fromImageJ = imagej != null && imagej.unit() != null;
            if (fromImageJ) {
                unitUm = unitInMicrometres(imagej.unit());
            } else if (!validX) {
                unitUm = Double.NaN;
            } else if (unitTag == 3) {
                unitUm = 1e4;
            } else if (unitTag == 2 && xres != 72 && xres != 96) {
                unitUm = 25_400; // 72 and 96 dpi are screen defaults of many writers, not a calibration
            } else {
                unitUm = Double.NaN;
            }
            if (Double.isNaN(unitUm)) {
                return new Calibration(VoxelSize.UNIT, false);
            }
            double xUm = validX ? unitUm / xres : unitUm;
            double yUm = validY ? unitUm / yres : xUm;
            double zUm;
            if (imagej != null && imagej.spacing() > 0) {
                zUm = imagej.spacing() * unitUm;
            } else if (fromImageJ) {
                zUm = unitUm; // ImageJ's default voxel depth is one unit
            } else {
                zUm = xUm;
            }
            return new Calibration(new VoxelSize(zUm, yUm, xUm), true);
        }

        private static String describeSignature(ByteBuffer head) {
            int b0 = head.get(0) & 0xFF;
            int b1 = head.get(1) & 0xFF;
            String hex = String.format(Locale.ROOT, "it starts with bytes %02X %02X", b0, b1);
            if (b0 == 0x89 && b1 == 'P') {
                return hex + ": a PNG file";
            } else if (b0 == 0xFF && b1 == 0xD8) {
                return hex + ": a JPEG file";
            } else if (b0 == 0x89 && b1 == 'H') {
                return hex + ": an HDF5 file";
            } else if (b0 == 'P' && b1 == 'K') {
                return hex + ": a ZIP archive";
            } else if (b0 == 0x1F && b1 == 0x8B) {
                return hex + ": a gzip archive";
            }
            return hex + ", not II or MM";
        }
    }

    private record Calibration(VoxelSize voxelSize, boolean calibrated) {
    }

    /**
     * Micrometres per unit for the unit names ImageJ and tifffile write; NaN for "pixel" and unknown units
     * (which leave the image uncalibrated).
     */
    static double unitInMicrometres(String unit) {
        String u = unit.strip().toLowerCase(Locale.ROOT).replace("\\u00b5", "\u00b5").replace('\u03bc', '\u00b5');
        return switch (u) {
            case "micron", "microns", "um", "\u00b5m", "micrometer", "micrometre", "micrometers", "micrometres" -> 1;
            case "nm", "nanometer", "nanometre", "nanometers", "nanometres" -> 1e-3;
            case "mm", "millimeter", "millimetre", "millimeters", "millimetres" -> 1e3;
            case "cm", "centimeter", "centimetre", "centimeters", "centimetres" -> 1e4;
            case "m", "meter", "metre", "meters", "metres" -> 1e6;
            case "inch", "inches", "in" -> 25_400;
            default -> Double.NaN;
        };
    }

    /** The keys of an ImageJ description that matter here; absent numbers are 0 (channels and frames 1). */
    record ImageJ(int images, int channels, int slices, int frames, double spacing, String unit) {

        static ImageJ parse(String description) {
            if (description == null || !description.startsWith("ImageJ=")) {
                return null;
            }
            Map<String, String> values = new HashMap<>();
            for (String line : description.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                }
            }
            return new ImageJ(intOf(values.get("images"), 0), intOf(values.get("channels"), 1),
                    intOf(values.get("slices"), 0), intOf(values.get("frames"), 1),
                    doubleOf(values.get("spacing")), values.get("unit"));
        }

        private static int intOf(String s, int fallback) {
            try {
                return s == null ? fallback : Integer.parseInt(s);
            } catch (NumberFormatException e) {
                return fallback; // ImageJ ignores what it cannot parse; so do we
            }
        }

        private static double doubleOf(String s) {
            try {
                return s == null ? 0 : Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }
}
