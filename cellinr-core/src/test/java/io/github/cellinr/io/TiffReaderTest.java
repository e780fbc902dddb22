package io.github.cellinr.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.VoxelSize;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reader tests on hand-built files with known pixels: every code path of the decoder is reached by one. */
class TiffReaderTest {

    @TempDir
    Path dir;

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    private Path save(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private static short[] ramp16(int n, int seed) {
        Random r = new Random(seed);
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) r.nextInt(65536);
        }
        return s;
    }

    @ParameterizedTest
    @ValueSource(strings = {"classic-LE", "classic-BE", "big-LE", "big-BE"})
    void readsUncompressedMultiPageStacksInEveryVariant(String variant) throws IOException {
        ByteOrder order = variant.endsWith("LE") ? LE : BE;
        TiffBuilder b = variant.startsWith("big") ? TiffBuilder.bigTiff(order) : TiffBuilder.classic(order);
        int w = 7;
        int h = 5;
        short[][] planes = {ramp16(w * h, 1), ramp16(w * h, 2), ramp16(w * h, 3)};
        for (short[] plane : planes) {
            byte[] raw = TiffBuilder.bytes16(plane, order);
            // two strips: rows 0-2 and 3-4 (the last one short)
            byte[] s0 = java.util.Arrays.copyOfRange(raw, 0, 3 * w * 2);
            byte[] s1 = java.util.Arrays.copyOfRange(raw, 3 * w * 2, raw.length);
            b.page(w, h, 16, 1, 1, List.of(s0, s1)).longs(TiffReader.ROWS_PER_STRIP, 3);
        }
        TiffImage image = TiffReader.read(save("stack.tif", b.build()));
        assertEquals(3, image.dimensions().depth());
        assertEquals(h, image.dimensions().height());
        assertEquals(w, image.dimensions().width());
        assertEquals(SampleType.UINT16, image.sampleType());
        short[] all = (short[]) image.pixels();
        for (int z = 0; z < 3; z++) {
            assertArrayEquals(planes[z], java.util.Arrays.copyOfRange(all, z * w * h, (z + 1) * w * h));
        }
        assertFalse(image.isCalibrated());
        assertEquals(VoxelSize.UNIT, image.voxelSize());
    }

    @Test
    void decodesPackBitsKnownSequence() throws IOException {
        // the worked example of Apple's PackBits technical note: literal, repeat and no-op runs
        byte[] packed = hex("FE AA 02 80 00 2A FD AA 03 80 00 2A 22 F7 AA");
        byte[] expected = hex("AA AA AA 80 00 2A AA AA AA AA 80 00 2A 22 AA AA AA AA AA AA AA AA AA AA");
        byte[] noop = new byte[packed.length + 1];
        noop[0] = (byte) 0x80; // -128 is a no-op and must be skipped
        System.arraycopy(packed, 0, noop, 1, packed.length);
        TiffImage image = TiffReader.read(save("packbits.tif",
                TiffBuilder.classic(BE).page(8, 3, 8, 1, 32773, List.of(noop)).build()));
        assertArrayEquals(expected, (byte[]) image.pixels());
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 32946})
    void decodesDeflateWithAndWithoutPredictor(int code) throws IOException {
        int w = 33;
        int h = 9;
        short[] pixels = new short[w * h];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (short) (1000 + 37 * (i % w) + 500 * (i / w)); // smooth: what predictor 2 is for
        }
        for (ByteOrder order : List.of(LE, BE)) {
            // plain deflate
            byte[] raw = TiffBuilder.bytes16(pixels, order);
            byte[] z = zlib(raw);
            TiffImage plain = TiffReader.read(save("deflate.tif",
                    TiffBuilder.classic(order).page(w, h, 16, 1, code, List.of(z)).build()));
            assertArrayEquals(pixels, (short[]) plain.pixels());
            // horizontal differencing, computed here sample by sample
            short[] diff = new short[pixels.length];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    diff[i] = (short) (x == 0 ? pixels[i] : pixels[i] - pixels[i - 1]);
                }
            }
            byte[] zd = zlib(TiffBuilder.bytes16(diff, order));
            TiffImage predicted = TiffReader.read(save("predictor.tif",
                    TiffBuilder.classic(order).page(w, h, 16, 1, code, List.of(zd)).shorts(TiffReader.PREDICTOR, 2)
                            .build()));
            assertArrayEquals(pixels, (short[]) predicted.pixels(), "predictor 2 " + order);
        }
    }

    @Test
    void readsTilesWithPartialEdgeTiles() throws IOException {
        int w = 40;
        int h = 20;
        int tw = 16;
        int th = 16;
        short[] pixels = ramp16(w * h, 7);
        List<byte[]> tiles = new ArrayList<>();
        for (int ty = 0; ty < 2; ty++) {
            for (int tx = 0; tx < 3; tx++) {
                short[] tile = new short[tw * th];
                for (int y = 0; y < th; y++) {
                    for (int x = 0; x < tw; x++) {
                        int gx = tx * tw + x;
                        int gy = ty * th + y;
                        tile[y * tw + x] = gx < w && gy < h ? pixels[gy * w + gx] : (short) 12345; // padding
                    }
                }
                tiles.add(zlib(TiffBuilder.bytes16(tile, BE)));
            }
        }
        TiffImage image = TiffReader.read(save("tiled.tif",
                TiffBuilder.bigTiff(BE).page(w, h, 16, 1, 8, tiles).tiles(tw, th).build()));
        assertArrayEquals(pixels, (short[]) image.pixels());
    }

    @Test
    void readsEverySampleType() throws IOException {
        int n = 6;
        float[] f = {0f, -1.5f, 3.25f, Float.MAX_VALUE, 1e-30f, 7f};
        double[] d = {0, -1.5, Math.PI, 1e300, -0.0, 2};
        int[] i32 = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 5, 6};
        TiffImage fi = TiffReader.read(save("f.tif",
                TiffBuilder.classic(BE).page(n, 1, 32, 3, 1, List.of(TiffBuilder.bytes32f(f, BE))).build()));
        assertEquals(SampleType.FLOAT32, fi.sampleType());
        assertArrayEquals(f, (float[]) fi.pixels());
        TiffImage di = TiffReader.read(save("d.tif",
                TiffBuilder.classic(LE).page(n, 1, 64, 3, 1, List.of(TiffBuilder.bytes64f(d, LE))).build()));
        assertEquals(SampleType.FLOAT64, di.sampleType());
        assertArrayEquals(d, (double[]) di.pixels());
        TiffImage ii = TiffReader.read(save("i.tif",
                TiffBuilder.classic(BE).page(n, 1, 32, 2, 1, List.of(TiffBuilder.bytes32i(i32, BE))).build()));
        assertEquals(SampleType.INT32, ii.sampleType());
        assertArrayEquals(i32, (int[]) ii.pixels());
        TiffImage ui = TiffReader.read(save("u.tif",
                TiffBuilder.classic(BE).page(n, 1, 32, 1, 1, List.of(TiffBuilder.bytes32i(i32, BE))).build()));
        assertEquals(SampleType.UINT32, ui.sampleType());
        assertEquals(4294967295.0, ui.value(0, 0, 1));
        byte[] s8 = {-128, -1, 0, 1, 127, 5};
        TiffImage b8 = TiffReader.read(save("s8.tif",
                TiffBuilder.classic(LE).page(n, 1, 8, 2, 1, List.of(s8)).build()));
        assertEquals(SampleType.INT8, b8.sampleType());
        assertEquals(-128.0, b8.value(0, 0, 0));
        short[] s16 = {-32768, -1, 0, 1, 32767, 5};
        TiffImage i16 = TiffReader.read(save("s16.tif",
                TiffBuilder.classic(BE).page(n, 1, 16, 2, 1, List.of(TiffBuilder.bytes16(s16, BE))).build()));
        assertEquals(SampleType.INT16, i16.sampleType());
        assertEquals(-32768.0, i16.value(0, 0, 0));
        TiffImage u8 = TiffReader.read(save("u8.tif",
                TiffBuilder.classic(LE).page(n, 1, 8, 1, 1, List.of(s8)).build()));
        assertEquals(128.0, u8.value(0, 0, 0));
        assertEquals(255.0, u8.value(0, 0, 1));
    }

    @Test
    void imageJCalibrationAndHyperstackFrames() throws IOException {
        int w = 4;
        int h = 3;
        TiffBuilder b = TiffBuilder.classic(LE);
        short[][] planes = new short[6][];
        for (int z = 0; z < 6; z++) {
            planes[z] = ramp16(w * h, 10 + z);
            b.page(w, h, 16, 1, 1, List.of(TiffBuilder.bytes16(planes[z], LE)));
            if (z == 0) {
                b.ascii(TiffReader.IMAGE_DESCRIPTION,
                        "ImageJ=1.53t\nimages=6\nslices=3\nframes=2\nhyperstack=true\nunit=nm\nspacing=500\nloop=false\n")
                        .rational(TiffReader.X_RESOLUTION, 1, 100) // 100 nm per pixel
                        .rational(TiffReader.Y_RESOLUTION, 1, 125)
                        .shorts(TiffReader.RESOLUTION_UNIT, 1);
            }
        }
        TiffImage image = TiffReader.read(save("hyper.tif", b.build()));
        assertTrue(image.isCalibrated());
        assertEquals(0.1, image.voxelSize().xUm(), 1e-12);
        assertEquals(0.125, image.voxelSize().yUm(), 1e-12);
        assertEquals(0.5, image.voxelSize().zUm(), 1e-12);
        assertEquals(2, image.frames());
        assertEquals(3, image.slicesPerFrame());
        TiffImage second = image.frame(1);
        assertEquals(3, second.dimensions().depth());
        short[] s = (short[]) second.pixels();
        assertArrayEquals(planes[4], java.util.Arrays.copyOfRange(s, w * h, 2 * w * h));
    }

    @ParameterizedTest
    @ValueSource(strings = {"micron", "um", "\u00b5m", "\\u00B5m", "microns"})
    void imageJMicronSpellings(String unit) throws IOException {
        byte[] file = TiffBuilder.classic(BE).page(2, 2, 8, 1, 1, List.of(new byte[4]))
                .ascii(TiffReader.IMAGE_DESCRIPTION, "ImageJ=1.54f\nunit=" + unit + "\nspacing=2.5\n")
                .rational(TiffReader.X_RESOLUTION, 5, 1).shorts(TiffReader.RESOLUTION_UNIT, 1).build();
        TiffImage image = TiffReader.read(save("u.tif", file));
        assertEquals(new VoxelSize(2.5, 0.2, 0.2), image.voxelSize());
    }

    @Test
    void resolutionTagsInCentimetreAndInch() throws IOException {
        byte[] cm = TiffBuilder.classic(LE).page(2, 2, 8, 1, 1, List.of(new byte[4]))
                .rational(TiffReader.X_RESOLUTION, 50_000, 1).rational(TiffReader.Y_RESOLUTION, 25_000, 1)
                .shorts(TiffReader.RESOLUTION_UNIT, 3).build();
        TiffImage c = TiffReader.read(save("cm.tif", cm));
        assertTrue(c.isCalibrated());
        assertEquals(0.2, c.voxelSize().xUm(), 1e-12);
        assertEquals(0.4, c.voxelSize().yUm(), 1e-12);
        byte[] inch72 = TiffBuilder.classic(LE).page(2, 2, 8, 1, 1, List.of(new byte[4]))
                .rational(TiffReader.X_RESOLUTION, 72, 1).rational(TiffReader.Y_RESOLUTION, 72, 1)
                .shorts(TiffReader.RESOLUTION_UNIT, 2).build();
        assertFalse(TiffReader.read(save("dpi.tif", inch72)).isCalibrated(), "72 dpi is a screen default");
        byte[] inch = TiffBuilder.classic(LE).page(2, 2, 8, 1, 1, List.of(new byte[4]))
                .rational(TiffReader.X_RESOLUTION, 25_400, 1).shorts(TiffReader.RESOLUTION_UNIT, 2).build();
        assertEquals(1.0, TiffReader.read(save("inch.tif", inch)).voxelSize().xUm(), 1e-12);
    }

    @Test
    void imageJLargeStackWithOneDirectory() throws IOException {
        int w = 5;
        int h = 4;
        int n = 4;
        short[] all = ramp16(w * h * n, 99);
        byte[] data = TiffBuilder.bytes16(all, BE);
        byte[] firstPlane = java.util.Arrays.copyOfRange(data, 0, w * h * 2);
        byte[] file = TiffBuilder.classic(BE).page(w, h, 16, 1, 1, List.of(data))
                .longs(TiffReader.STRIP_BYTE_COUNTS, firstPlane.length) // the directory describes image 1 only
                .ascii(TiffReader.IMAGE_DESCRIPTION, "ImageJ=1.54f\nimages=" + n + "\nslices=" + n + "\n").build();
        TiffImage image = TiffReader.read(save("large.tif", file));
        assertEquals(n, image.dimensions().depth());
        assertArrayEquals(all, (short[]) image.pixels());
    }

    @Test
    void skipsThumbnails() throws IOException {
        byte[] file = TiffBuilder.classic(LE).page(3, 1, 8, 1, 1, List.of(new byte[] {1, 2, 3}))
                .page(1, 1, 8, 1, 1, List.of(new byte[] {9})).longs(TiffReader.NEW_SUBFILE_TYPE, 1).build();
        TiffImage image = TiffReader.read(save("thumb.tif", file));
        assertEquals(1, image.dimensions().depth());
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) image.pixels());
    }

    @Test
    void labelConversions() throws IOException {
        float[] integral = {0, 1, 2, 70000};
        TiffImage f = TiffReader.read(save("labels-float.tif",
                TiffBuilder.classic(LE).page(4, 1, 32, 3, 1, List.of(TiffBuilder.bytes32f(integral, LE))).build()));
        assertArrayEquals(new int[] {0, 1, 2, 70000}, f.toLabelVolume().labels());
        float[] fractional = {0, 1.5f, 2, 3};
        Path frac = save("intensity.tif",
                TiffBuilder.classic(LE).page(4, 1, 32, 3, 1, List.of(TiffBuilder.bytes32f(fractional, LE))).build());
        CellInrException e = assertThrows(CellInrException.class, () -> TiffReader.readLabels(frac));
        assertTrue(e.getMessage().contains(frac.toString()) && e.getMessage().contains("whole numbers"), e.getMessage());
        Path negative = save("negative.tif", TiffBuilder.classic(LE)
                .page(2, 1, 16, 2, 1, List.of(TiffBuilder.bytes16(new short[] {3, -2}, LE))).build());
        e = assertThrows(CellInrException.class, () -> TiffReader.readLabels(negative));
        assertTrue(e.getMessage().contains("-2"), e.getMessage());
        float[] asFloat = TiffReader.readFloats(negative).values();
        assertArrayEquals(new float[] {3, -2}, asFloat);
    }

    // ---- bad input: one line naming the file and the problem --------------------------------------------

    private void assertProblem(Path file, String... words) {
        CellInrException e = assertThrows(CellInrException.class, () -> TiffReader.read(file));
        String m = e.getMessage();
        assertTrue(m.startsWith(file.toString() + ": "), m);
        assertFalse(m.contains("\n"), m);
        for (String w : words) {
            assertTrue(m.contains(w), "'" + w + "' missing in: " + m);
        }
    }

    @Test
    void missingFileAndFolder() {
        assertProblem(dir.resolve("nope.tif"), "does not exist");
        assertProblem(dir, "folder");
    }

    @Test
    void wrongMagic() throws IOException {
        assertProblem(save("png.tif", hex("89 50 4E 47 0D 0A 1A 0A 00 00 00 0D")), "not a TIFF", "PNG");
        assertProblem(save("empty.tif", new byte[0]), "empty");
        assertProblem(save("v.tif", hex("49 49 2B 01 08 00 00 00")), "version");
    }

    @Test
    void truncatedFile() throws IOException {
        byte[] full = TiffBuilder.classic(LE).page(64, 64, 16, 1, 1, List.of(new byte[64 * 64 * 2])).build();
        // strips come first in the built layout: cut the pixel data while keeping the directory
        byte[] cut = full.clone();
        Path shortStrip = save("short-strip.tif", TiffBuilder.classic(LE)
                .page(64, 64, 16, 1, 1, List.of(new byte[100])).build());
        assertProblem(shortStrip, "strip 0 of page 0", "100 bytes");
        Path half = save("half.tif", java.util.Arrays.copyOf(cut, full.length / 2));
        assertProblem(half, "truncated");
        Path written = dir.resolve("written.tif");
        new TiffWriter().writeUint16(written, new io.github.cellinr.core.Dimensions(3, 64, 64), VoxelSize.UNIT,
                new short[3 * 64 * 64]);
        byte[] w = Files.readAllBytes(written);
        Path writtenCut = save("written-cut.tif", java.util.Arrays.copyOf(w, w.length - 1000));
        assertProblem(writtenCut, "truncated");
    }

    @Test
    void unsupportedContent() throws IOException {
        assertProblem(save("jpeg.tif", TiffBuilder.classic(LE).page(2, 2, 8, 1, 7, List.of(new byte[4])).build()),
                "compression 7", "JPEG");
        assertProblem(save("rgb.tif", TiffBuilder.classic(LE).page(2, 2, 8, 1, 1, List.of(new byte[12]))
                .shorts(TiffReader.SAMPLES_PER_PIXEL, 3).shorts(TiffReader.PHOTOMETRIC, 2)
                .shorts(TiffReader.BITS_PER_SAMPLE, 8, 8, 8).build()), "3 samples per pixel", "RGB");
        assertProblem(save("12bit.tif", TiffBuilder.classic(LE).page(2, 2, 12, 1, 1, List.of(new byte[6])).build()),
                "12-bit");
        assertProblem(save("1bit.tif", TiffBuilder.classic(LE).page(8, 1, 1, 1, 1, List.of(new byte[1])).build()),
                "1-bit");
        assertProblem(save("zero.tif", TiffBuilder.classic(LE).page(0, 2, 8, 1, 1, List.of(new byte[2])).build()),
                "width 0");
        assertProblem(save("sizes.tif", TiffBuilder.classic(LE).page(2, 2, 8, 1, 1, List.of(new byte[4]))
                .page(3, 2, 8, 1, 1, List.of(new byte[6])).build()), "page 1 is 3x2", "different sizes");
        assertProblem(save("channels.tif", TiffBuilder.classic(LE).page(2, 2, 8, 1, 1, List.of(new byte[4]))
                .ascii(TiffReader.IMAGE_DESCRIPTION, "ImageJ=1.54f\nimages=1\nchannels=3\n").build()), "3 channels");
        assertProblem(save("lzw-bad.tif", TiffBuilder.classic(LE).page(4, 4, 8, 1, 5,
                List.of(hex("80 7F FF FF FF FF"))).build()), "corrupt");
        assertProblem(save("deflate-bad.tif", TiffBuilder.classic(LE).page(4, 4, 8, 1, 8,
                List.of(hex("01 02 03 04 05"))).build()), "corrupt", "Deflate");
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    static byte[] hex(String s) {
        String[] parts = s.trim().split("\\s+");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return b;
    }

    static byte[] zlib(byte[] raw) {
        Deflater d = new Deflater();
        d.setInput(raw);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }
}
