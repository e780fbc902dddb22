package io.github.cellinr.io.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fixtures {@code codes_*.mat} were written by scipy 1.17.1 {@code scipy.io.savemat} from
 * {@code lat_vecs[i][j] = float32((64 i + j) * 1e-4)} (5 x 64), {@code rot_angs[i][k] = i + k / 10} (5 x 3),
 * {@code note = 'paper model codes'}, {@code counts = int16([[1, -2, 3]])}, {@code scalar = 2.5},
 * {@code empty = zeros((0, 0))}, {@code info = {'a': 1.0}} and {@code cube = arange(24).reshape(2, 3, 4)};
 * the others here are built byte by byte from the format description.
 */
class MatFileTest {
    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"codes_compressed.mat", "codes_uncompressed.mat"})
    void readsWhatScipyWrites(String name) throws Exception {
        MatFile mat = MatFile.read(resource(name));
        MatArray lat = mat.array("lat_vecs");
        assertEquals("single", lat.matlabClass());
        assertArrayEquals(new int[] {5, 64}, lat.dims());
        double[][] codes = lat.asMatrix();
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 64; j++) {
                assertEquals((double) (float) ((64 * i + j) * 1e-4), codes[i][j]);
                assertEquals(codes[i][j], lat.get(i, j));
            }
        }
        double[][] angles = mat.array("rot_angs").asMatrix();
        for (int i = 0; i < 5; i++) {
            for (int k = 0; k < 3; k++) {
                assertEquals(i + k / 10.0, angles[i][k]);
            }
        }
        assertEquals("int16", mat.array("counts").matlabClass());
        assertArrayEquals(new double[] {1, -2, 3}, mat.array("counts").asMatrix()[0]);
        assertEquals(2.5, mat.array("scalar").get(0, 0));
        assertEquals(0, mat.array("empty").numel());
        MatArray cube = mat.array("cube");
        assertArrayEquals(new int[] {2, 3, 4}, cube.dims());
        assertEquals(23.0, cube.get(1, 2, 3)); // numpy's cube[1, 2, 3]
        assertEquals(6.0, cube.get(0, 1, 2));
        assertEquals(null, cube.asMatrix());
        assertEquals(Map.of("note", "char", "info", "struct"), mat.unsupported());
        CellInrException e = assertThrows(CellInrException.class, () -> mat.array("info"));
        assertTrue(e.getMessage().contains("variable 'info' is a struct, not a real numeric array"), e.getMessage());
        e = assertThrows(CellInrException.class, () -> mat.array("lat_vec"));
        assertTrue(e.getMessage().contains("has no variable 'lat_vec'"), e.getMessage());
    }

    @Test
    void levelFourAndSevenThreeFilesAreRefusedWithAHint() throws Exception {
        assertRefused(resource("codes_v4.mat"), "not a level-5 MAT-file");
        byte[] header = header("MATLAB 7.3 MAT-file, Platform: GLNXA64, HDF5 schema 1.00", ByteOrder.LITTLE_ENDIAN);
        assertRefused(Files.write(temp.resolve("v73.mat"), header), "a MATLAB 7.3 (HDF5) MAT-file");
    }

    @Test
    void bigEndianSmallElementsAndNarrowStorageTypes() throws IOException {
        // a double 2x2 stored as miUINT8 (as MATLAB does for small integers), name in the small element format
        ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.BIG_ENDIAN);
        List<byte[]> parts = List.of(
                tag(ByteOrder.BIG_ENDIAN, 6, 8, 6, 0), // miUINT32 flags: class double
                tag(ByteOrder.BIG_ENDIAN, 5, 8, 2, 2), // miINT32 dims 2 x 2
                smallName(ByteOrder.BIG_ENDIAN, "m"),
                element(ByteOrder.BIG_ENDIAN, 2, new byte[] {1, 2, 3, (byte) 250}));
        byte[] matrix = concat(parts);
        b.putInt(14).putInt(matrix.length).put(matrix);
        byte[] file = concat(List.of(header("MATLAB 5.0 MAT-file, test", ByteOrder.BIG_ENDIAN),
                Arrays.copyOf(b.array(), b.position())));
        MatArray m = MatFile.read(Files.write(temp.resolve("be.mat"), file)).array("m");
        assertEquals("double", m.matlabClass());
        // column-major: (0,0)=1 (1,0)=2 (0,1)=3 (1,1)=250
        assertArrayEquals(new double[][] {{1, 3}, {2, 250}}, m.asMatrix());
    }

    @Test
    void complexArraysAreListedNotRead() throws IOException {
        byte[] matrix = concat(List.of(tag(ByteOrder.LITTLE_ENDIAN, 6, 8, 0x0800 | 6, 0),
                tag(ByteOrder.LITTLE_ENDIAN, 5, 8, 1, 1), smallName(ByteOrder.LITTLE_ENDIAN, "c"),
                element(ByteOrder.LITTLE_ENDIAN, 9, new byte[8]), element(ByteOrder.LITTLE_ENDIAN, 9, new byte[8])));
        Path file = write("complex.mat", matrix, false);
        assertEquals(Map.of("c", "complex double"), MatFile.read(file).unsupported());
    }

    @Test
    void truncatedAndCorruptFilesAreRefused() throws Exception {
        byte[] good = Files.readAllBytes(resource("codes_uncompressed.mat"));
        assertRefused(Files.write(temp.resolve("cut.mat"), Arrays.copyOf(good, 700)), "runs past the end (truncated)");
        assertRefused(Files.write(temp.resolve("tiny.mat"), Arrays.copyOf(good, 60)), "shorter than the 128-byte");
        byte[] compressed = Files.readAllBytes(resource("codes_compressed.mat"));
        byte[] corrupt = compressed.clone();
        for (int i = 140; i < 160; i++) {
            corrupt[i] ^= 0x5a;
        }
        assertRefused(Files.write(temp.resolve("corrupt.mat"), corrupt), "compressed data element");
        byte[] nan = concat(List.of(tag(ByteOrder.LITTLE_ENDIAN, 6, 8, 6, 0), tag(ByteOrder.LITTLE_ENDIAN, 5, 8, 1, 1),
                smallName(ByteOrder.LITTLE_ENDIAN, "x"), element(ByteOrder.LITTLE_ENDIAN, 9,
                        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(Double.NaN).array())));
        assertRefused(write("nan.mat", nan, true), "variable 'x' holds NaN");
        assertRefused(temp.resolve("absent.mat"), "no such MAT-file");
    }

    private Path write(String name, byte[] matrix, boolean compress) throws IOException {
        byte[] element = concat(List.of(tagBytes(ByteOrder.LITTLE_ENDIAN, 14, matrix.length), matrix));
        if (compress) {
            Deflater deflater = new Deflater();
            deflater.setInput(element);
            deflater.finish();
            byte[] out = new byte[element.length + 64];
            int n = deflater.deflate(out);
            deflater.end();
            element = concat(List.of(tagBytes(ByteOrder.LITTLE_ENDIAN, 15, n), Arrays.copyOf(out, n)));
        }
        return Files.write(temp.resolve(name), concat(List.of(header("MATLAB 5.0 MAT-file", ByteOrder.LITTLE_ENDIAN),
                element)));
    }

    private static byte[] header(String text, ByteOrder order) {
        byte[] h = new byte[128];
        Arrays.fill(h, 0, 116, (byte) ' ');
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, h, 0, t.length);
        ByteBuffer.wrap(h, 124, 4).order(order).putShort((short) 0x0100).putShort((short) 0x4d49);
        return h;
    }

    /** An 8-byte-padded element holding two int32 values. */
    private static byte[] tag(ByteOrder order, int type, int size, int a, int b) {
        return ByteBuffer.allocate(16).order(order).putInt(type).putInt(size).putInt(a).putInt(b).array();
    }

    private static byte[] tagBytes(ByteOrder order, int type, int size) {
        return ByteBuffer.allocate(8).order(order).putInt(type).putInt(size).array();
    }

    private static byte[] element(ByteOrder order, int type, byte[] data) {
        int padded = (data.length + 7) / 8 * 8;
        return ByteBuffer.allocate(8 + padded).order(order).putInt(type).putInt(data.length).put(data).array();
    }

    private static byte[] smallName(ByteOrder order, String name) {
        ByteBuffer b = ByteBuffer.allocate(8).order(order).putInt((name.length() << 16) | 1);
        b.put(name.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(MatFileTest.class.getResource(name).toURI());
    }

    private static void assertRefused(Path file, String expected) {
        CellInrException e = assertThrows(CellInrException.class, () -> MatFile.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
