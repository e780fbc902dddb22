package io.github.cellinr.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.FloatVolume;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.VoxelSize;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferFloat;
import java.awt.image.DataBufferUShort;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Writer round trips, and cross-checks against the JDK's own TIFF plugin (javax.imageio), an independent
 * implementation: it decodes what we write, and encodes LZW, PackBits, Deflate, tiles and the predictor
 * for our reader.
 */
class TiffWriterTest {

    @TempDir
    Path dir;

    private static final VoxelSize ANISOTROPIC = new VoxelSize(0.75, 0.2076, 0.2076);

    private static LabelVolume randomLabels(Dimensions d, int maxLabel, long seed) {
        Random r = new Random(seed);
        int[] v = new int[d.voxelCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(maxLabel);
        }
        return new LabelVolume(d, ANISOTROPIC, v);
    }

    @ParameterizedTest
    @EnumSource(TiffWriter.Compression.class)
    void labelsRoundTripWithCalibration(TiffWriter.Compression compression) {
        Dimensions d = new Dimensions(5, 17, 23);
        LabelVolume labels = randomLabels(d, 65535, 1);
        Path f = dir.resolve("labels.tif");
        new TiffWriter(compression).writeLabels(f, labels);
        TiffImage image = TiffReader.read(f);
        assertEquals(SampleType.UINT16, image.sampleType());
        assertEquals(d, image.dimensions());
        assertArrayEquals(labels.labels(), image.toLabelVolume().labels());
        assertTrue(image.isCalibrated());
        assertVoxel(ANISOTROPIC, image.voxelSize());
    }

    @Test
    void largeLabelsAreWrittenAsUint32() {
        Dimensions d = new Dimensions(2, 3, 4);
        LabelVolume labels = randomLabels(d, 3_000_000, 2);
        labels.labels()[0] = Integer.MAX_VALUE;
        Path f = dir.resolve("big-labels.tif");
        new TiffWriter().writeLabels(f, labels);
        TiffImage image = TiffReader.read(f);
        assertEquals(SampleType.UINT32, image.sampleType());
        assertArrayEquals(labels.labels(), image.toLabelVolume().labels());
    }

    @Test
    void negativeLabelIsAnError() {
        LabelVolume labels = LabelVolume.empty(new Dimensions(1, 2, 2), VoxelSize.UNIT);
        labels.set(0, 1, 1, -5);
        Path f = dir.resolve("neg.tif");
        CellInrException e = assertThrows(CellInrException.class, () -> new TiffWriter().writeLabels(f, labels));
        assertTrue(e.getMessage().startsWith(f + ": ") && e.getMessage().contains("-5"), e.getMessage());
        assertTrue(Files.notExists(f));
    }

    @ParameterizedTest
    @EnumSource(TiffWriter.Compression.class)
    void imagesAndFloatsRoundTrip(TiffWriter.Compression compression) {
        Dimensions d = new Dimensions(3, 11, 13);
        Random r = new Random(3);
        byte[] u8 = new byte[d.voxelCount()];
        short[] u16 = new short[d.voxelCount()];
        float[] f32 = new float[d.voxelCount()];
        r.nextBytes(u8);
        for (int i = 0; i < u16.length; i++) {
            u16[i] = (short) r.nextInt(65536);
            f32[i] = (float) r.nextGaussian() * 10;
        }
        f32[0] = Float.NaN;
        f32[1] = Float.NEGATIVE_INFINITY;
        TiffWriter writer = new TiffWriter(compression);
        writer.writeUint8(dir.resolve("u8.tif"), d, ANISOTROPIC, u8);
        writer.writeUint16(dir.resolve("u16.tif"), d, ANISOTROPIC, u16);
        writer.writeFloat32(dir.resolve("f32.tif"), new FloatVolume(d, ANISOTROPIC, f32));
        assertArrayEquals(u8, (byte[]) TiffReader.read(dir.resolve("u8.tif")).pixels());
        assertArrayEquals(u16, (short[]) TiffReader.read(dir.resolve("u16.tif")).pixels());
        TiffImage f = TiffReader.read(dir.resolve("f32.tif"));
        assertEquals(SampleType.FLOAT32, f.sampleType());
        assertArrayEquals(f32, (float[]) f.pixels());
        assertVoxel(ANISOTROPIC, f.voxelSize());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0625, 0.1, 0.2076, 1.0, 2.5, 13.7, 1000})
    void calibrationRoundTripsAcrossScales(double xyUm) {
        VoxelSize v = new VoxelSize(xyUm * 3.3, xyUm * 1.1, xyUm);
        Path f = dir.resolve("cal.tif");
        new TiffWriter().writeUint8(f, new Dimensions(2, 2, 2), v, new byte[8]);
        assertVoxel(v, TiffReader.read(f).voxelSize());
    }

    @Test
    void fijiLayout() throws IOException {
        Path f = dir.resolve("fiji.tif");
        new TiffWriter().writeUint16(f, new Dimensions(4, 3, 2), ANISOTROPIC, new short[24]);
        byte[] b = Files.readAllBytes(f);
        assertEquals('I', b[0]);
        assertEquals('I', b[1]);
        String text = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        String description = text.substring(text.indexOf("ImageJ="), text.indexOf('\0', text.indexOf("ImageJ=")));
        assertEquals("ImageJ=1.54f\nimages=4\nslices=4\nunit=micron\nspacing=0.75\nloop=false\n", description);
        // one directory per slice, and resolution unit "none" (1) so that ImageJ reads the unit from the description
        ImageReader reader = tiffReader(f);
        assertEquals(4, reader.getNumImages(true));
        TIFFDirectory first = TIFFDirectory.createFromMetadata(reader.getImageMetadata(0));
        assertEquals(1, first.getTIFFField(BaselineTIFFTagSet.TAG_RESOLUTION_UNIT).getAsInt(0));
        assertEquals(1 / 0.2076, first.getTIFFField(BaselineTIFFTagSet.TAG_X_RESOLUTION).getAsDouble(0), 1e-6);
        reader.dispose();
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    // ---- cross-checks with the JDK's TIFF plugin --------------------------------------------------------

    @ParameterizedTest
    @EnumSource(TiffWriter.Compression.class)
    void jdkReadsWhatWeWrite(TiffWriter.Compression compression) throws IOException {
        Dimensions d = new Dimensions(3, 9, 14);
        LabelVolume labels = randomLabels(d, 60000, 5);
        Path f = dir.resolve("ours.tif");
        new TiffWriter(compression).writeLabels(f, labels);
        ImageReader reader = tiffReader(f);
        assertEquals(3, reader.getNumImages(true));
        for (int z = 0; z < 3; z++) {
            BufferedImage page = reader.read(z);
            short[] s = ((DataBufferUShort) page.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < s.length; i++) {
                assertEquals(labels.labels()[z * 9 * 14 + i], s[i] & 0xFFFF);
            }
        }
        reader.dispose();
        float[] values = new float[d.voxelCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.37f - 5;
        }
        Path ff = dir.resolve("ours-float.tif");
        new TiffWriter(compression).writeFloat32(ff, new FloatVolume(d, VoxelSize.UNIT, values));
        ImageReader fr = tiffReader(ff);
        BufferedImage p2 = fr.read(2);
        float[] got = ((DataBufferFloat) p2.getRaster().getDataBuffer()).getData();
        assertArrayEquals(java.util.Arrays.copyOfRange(values, 2 * 9 * 14, 3 * 9 * 14), got);
        fr.dispose();
    }

    @ParameterizedTest
    @ValueSource(strings = {"LZW", "PackBits", "ZLib", "Deflate"})
    void weReadWhatJdkCompresses(String compression) throws IOException {
        int w = 45;
        int h = 31;
        Random r = new Random(11);
        BufferedImage[] pages = new BufferedImage[3];
        for (int z = 0; z < pages.length; z++) {
            pages[z] = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
            short[] s = ((DataBufferUShort) pages[z].getRaster().getDataBuffer()).getData();
            for (int i = 0; i < s.length; i++) {
                // runs of equal labels plus noise: exercises both repeat and literal paths of every codec
                s[i] = (short) (r.nextInt(10) < 7 ? (i / 37) * 1000 : r.nextInt(65536));
            }
        }
        for (boolean tiled : new boolean[] {false, true}) {
            Path f = dir.resolve("jdk-" + compression + (tiled ? "-tiled" : "") + ".tif");
            writeWithJdk(f, pages, compression, tiled, false);
            TiffImage image = TiffReader.read(f);
            assertEquals(new Dimensions(3, h, w), image.dimensions());
            short[] all = (short[]) image.pixels();
            for (int z = 0; z < 3; z++) {
                short[] s = ((DataBufferUShort) pages[z].getRaster().getDataBuffer()).getData();
                assertArrayEquals(s, java.util.Arrays.copyOfRange(all, z * w * h, (z + 1) * w * h),
                        compression + (tiled ? " tiled" : "") + " page " + z);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"LZW", "Deflate"})
    void weReadJdkPredictorTwo(String compression) throws IOException {
        int w = 64;
        int h = 40;
        BufferedImage page = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((java.awt.image.DataBufferByte) page.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) ((i % w) * 3 + (i / w) * 5);
        }
        Path f = dir.resolve("jdk-predictor.tif");
        writeWithJdk(f, new BufferedImage[] {page}, compression, false, true);
        ImageReader check = tiffReader(f);
        TIFFDirectory written = TIFFDirectory.createFromMetadata(check.getImageMetadata(0));
        assertEquals(2, written.getTIFFField(BaselineTIFFTagSet.TAG_PREDICTOR).getAsInt(0), "JDK wrote predictor 2");
        check.dispose();
        assertArrayEquals(data, (byte[]) TiffReader.read(f).pixels());
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static void assertVoxel(VoxelSize expected, VoxelSize actual) {
        assertEquals(expected.zUm(), actual.zUm(), 1e-8 * expected.zUm());
        assertEquals(expected.yUm(), actual.yUm(), 1e-8 * expected.yUm());
        assertEquals(expected.xUm(), actual.xUm(), 1e-8 * expected.xUm());
    }

    private static ImageReader tiffReader(Path f) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("tiff");
        ImageReader reader = readers.next();
        ImageInputStream in = ImageIO.createImageInputStream(f.toFile());
        reader.setInput(in);
        return reader;
    }

    private static void writeWithJdk(Path f, BufferedImage[] pages, String compression, boolean tiled,
            boolean predictor) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        Files.deleteIfExists(f);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(f.toFile())) {
            out.setByteOrder(ByteOrder.BIG_ENDIAN);
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionType(compression);
            if (tiled) {
                param.setTilingMode(ImageWriteParam.MODE_EXPLICIT);
                param.setTiling(16, 16, 0, 0);
            }
            writer.prepareWriteSequence(null);
            for (BufferedImage page : pages) {
                IIOMetadata meta = writer.getDefaultImageMetadata(
                        javax.imageio.ImageTypeSpecifier.createFromRenderedImage(page), param);
                if (predictor) {
                    TIFFDirectory dirMeta = TIFFDirectory.createFromMetadata(meta);
                    dirMeta.addTIFFField(new TIFFField(
                            BaselineTIFFTagSet.getInstance().getTag(BaselineTIFFTagSet.TAG_PREDICTOR), 2));
                    meta = dirMeta.getAsMetadata();
                }
                writer.writeToSequence(new IIOImage(page, null, meta), param);
            }
            writer.endWriteSequence();
        }
        writer.dispose();
    }
}
