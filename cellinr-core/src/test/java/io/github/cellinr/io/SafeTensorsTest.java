package io.github.cellinr.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeTensorsTest {

    @TempDir
    Path dir;

    @Test
    void roundTripKeepsNamesOrderShapesValuesAndMetadata() {
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        tensors.put("decoder.lin0.weight", SafeTensors.Tensor.f32(new float[] {1.5f, -2f, Float.MIN_VALUE, 3e30f, 0f, -0f}, 2, 3));
        tensors.put("scalar", SafeTensors.Tensor.f64(new double[] {Math.PI}));
        tensors.put("empty", SafeTensors.Tensor.f32(new float[0], 0, 64));
        tensors.put("steps", SafeTensors.Tensor.i64(new long[] {Long.MAX_VALUE, -1}, 2));
        Path file = dir.resolve("a.safetensors");
        SafeTensors.write(file, tensors, Map.of("format", "pt", "note", "ünïcode"));

        SafeTensors.Contents c = SafeTensors.read(file);
        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(c.tensors().keySet()));
        assertArrayEquals(tensors.get("decoder.lin0.weight").floats(), c.tensors().get("decoder.lin0.weight").floats());
        assertArrayEquals(new long[] {2, 3}, c.tensors().get("decoder.lin0.weight").shape());
        assertEquals(Math.PI, c.tensors().get("scalar").doubles()[0]);
        assertArrayEquals(new long[0], c.tensors().get("scalar").shape());
        assertArrayEquals(new long[] {0, 64}, c.tensors().get("empty").shape());
        assertArrayEquals(new long[] {Long.MAX_VALUE, -1}, c.tensors().get("steps").longs());
        assertEquals("ünïcode", c.metadata().get("note"));
    }

    @Test
    void fileLayoutFollowsTheSpecification() throws IOException {
        Path file = dir.resolve("b.safetensors");
        SafeTensors.write(file, Map.of("x", SafeTensors.Tensor.f32(new float[] {1f, 2f}, 2)), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "header padded to 8 bytes");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8).strip();
        assertEquals("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", header);
        assertEquals(8 + n + 8, bytes.length);
        assertEquals(1f, ByteBuffer.wrap(bytes, (int) (8 + n), 4).order(ByteOrder.LITTLE_ENDIAN).getFloat());
    }

    @Test
    void readsAFileWrittenByHandAsOtherToolsWriteIt() throws IOException {
        // unpadded header, tensors listed out of data order, metadata last
        String header = "{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]},"
                + "\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},\"__metadata__\":{\"format\":\"pt\"}}";
        ByteBuffer data = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putDouble(2.5).putFloat(-1f);
        Path file = write("c.safetensors", header, data.array());
        SafeTensors.Contents c = SafeTensors.read(file);
        assertEquals(List.of("a", "b"), List.copyOf(c.tensors().keySet()));
        assertEquals(2.5, c.tensors().get("a").doubles()[0]);
        assertEquals(-1f, c.tensors().get("b").floats()[0]);
        assertEquals("pt", c.metadata().get("format"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "truncated-data", "trailing-bytes", "header-too-long", "zero-header", "not-json", "not-object",
        "duplicate-key", "overlap", "gap", "bad-dtype", "size-mismatch", "negative-shape", "missing-offsets",
        "metadata-not-string", "tiny"})
    void rejectsACorruptFileWithOneLineNamingIt(String kind) throws IOException {
        String good = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        byte[] data = new byte[8];
        Path file = switch (kind) {
            case "truncated-data" -> write(kind, good, new byte[5]);
            case "trailing-bytes" -> write(kind, good, new byte[12]);
            case "header-too-long" -> raw(kind, lengthPrefix(1L << 40));
            case "zero-header" -> raw(kind, lengthPrefix(0));
            case "not-json" -> write(kind, "{\"a\": [", data);
            case "not-object" -> write(kind, "[1, 2]", data);
            case "duplicate-key" -> write(kind, good.substring(0, good.length() - 1)
                    + ",\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,8]}}", data);
            case "overlap" -> write(kind, "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                    + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", data);
            case "gap" -> write(kind, "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", data);
            case "bad-dtype" -> write(kind, good.replace("F32", "Q7"), data);
            case "size-mismatch" -> write(kind, good.replace("[2]", "[3]"), data);
            case "negative-shape" -> write(kind, good.replace("[2]", "[-2]"), data);
            case "missing-offsets" -> write(kind, "{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", data);
            case "metadata-not-string" -> write(kind, "{\"__metadata__\":{\"k\":1}}", new byte[0]);
            case "tiny" -> raw(kind, new byte[] {1, 2, 3});
            default -> throw new IllegalArgumentException(kind);
        };
        CellInrException e = assertThrows(CellInrException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }

    @Test
    void missingFileIsAOneLineError() {
        CellInrException e = assertThrows(CellInrException.class, () -> SafeTensors.read(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("no such file"));
    }

    private Path write(String name, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[8 + h.length + data.length];
        System.arraycopy(lengthPrefix(h.length), 0, all, 0, 8);
        System.arraycopy(h, 0, all, 8, h.length);
        System.arraycopy(data, 0, all, 8 + h.length, data.length);
        return raw(name, all);
    }

    private Path raw(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name + ".safetensors");
        Files.write(file, bytes);
        return file;
    }

    private static byte[] lengthPrefix(long n) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(n).array();
    }

    @Test
    void tensorRejectsDataThatDoesNotFitItsShape() {
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.Tensor.f32(new float[5], 2, 3));
        assertTrue(Arrays.equals(new long[] {2, 3}, SafeTensors.Tensor.f32(new float[6], 2, 3).shape()));
    }
}
