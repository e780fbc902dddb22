package io.github.cellinr.io;

import io.github.cellinr.core.AtomicFiles;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cellinr.core.CellInrException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format (Hugging Face): an 8-byte little-endian header length N, N bytes of
 * JSON ({@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ...,
 * "__metadata__": {"key": "string"}}}), then the raw little-endian tensor bytes, offsets relative to the end
 * of the header. Written by hand because the format is a few dozen lines and no maintained Java library on
 * Maven Central covers it.
 *
 * <p>Reading validates everything a corrupt, truncated or hostile file could get wrong (header size, JSON
 * syntax, duplicate names, dtypes, shapes, offsets that overlap, leave gaps or run past the end) and rejects
 * it with one line naming the file. Tensors are kept in the order of their data.
 */
public final class SafeTensors {
    /** Headers larger than this are rejected (the reference implementation's limit). */
    static final long MAX_HEADER_BYTES = 100L << 20;
    public static final String METADATA_KEY = "__metadata__";

    private static final ObjectMapper STRICT = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    private SafeTensors() {
    }

    /** Element types this project reads and writes. */
    public enum DType {
        F32(4), F64(8), I32(4), I64(8);

        private final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }

        public int bytes() {
            return bytes;
        }
    }

    /** One tensor: shape and data, row-major. The data array is not copied: treat it as read-only. */
    public record Tensor(DType dtype, long[] shape, Object data) {

        public Tensor {
            shape = shape.clone();
            long n = elementCount(shape);
            long length = switch (dtype) {
                case F32 -> ((float[]) data).length;
                case F64 -> ((double[]) data).length;
                case I32 -> ((int[]) data).length;
                case I64 -> ((long[]) data).length;
            };
            if (n != length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n
                        + " elements, data has " + length);
            }
        }

        public static Tensor f32(float[] data, long... shape) {
            return new Tensor(DType.F32, shape, data);
        }

        public static Tensor f64(double[] data, long... shape) {
            return new Tensor(DType.F64, shape, data);
        }

        public static Tensor i64(long[] data, long... shape) {
            return new Tensor(DType.I64, shape, data);
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        public long elementCount() {
            return elementCount(shape);
        }

        public float[] floats() {
            if (dtype != DType.F32) {
                throw new IllegalStateException("tensor is " + dtype + ", not F32");
            }
            return (float[]) data;
        }

        public double[] doubles() {
            if (dtype != DType.F64) {
                throw new IllegalStateException("tensor is " + dtype + ", not F64");
            }
            return (double[]) data;
        }

        public long[] longs() {
            if (dtype != DType.I64) {
                throw new IllegalStateException("tensor is " + dtype + ", not I64");
            }
            return (long[]) data;
        }

        /** True when the shape equals {@code expected}. */
        public boolean hasShape(long... expected) {
            return Arrays.equals(shape, expected);
        }

        private static long elementCount(long[] shape) {
            long n = 1;
            for (long d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
                }
                n = Math.multiplyExact(n, d);
            }
            return n;
        }
    }

    /** A file's tensors (in data order) and its string metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
        public Contents {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    /** Writes the tensors (in the map's order) and the metadata atomically. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        ObjectNode header = STRICT.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA_KEY);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals(METADATA_KEY) || e.getKey().isEmpty()) {
                throw new IllegalArgumentException("invalid tensor name '" + e.getKey() + "'");
            }
            Tensor t = e.getValue();
            long size = t.elementCount() * t.dtype().bytes();
            ObjectNode node = header.putObject(e.getKey());
            node.put("dtype", t.dtype().name());
            ArrayNode shape = node.putArray("shape");
            for (long d : t.shape) {
                shape.add(d);
            }
            node.putArray("data_offsets").add(offset).add(offset + size);
            offset += size;
        }
        byte[] json;
        try {
            json = STRICT.writeValueAsBytes(header);
        } catch (IOException e) {
            throw new IllegalStateException("header is not serialisable", e);
        }
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = Arrays.copyOf(json, padded);
        Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
        AtomicFiles.write(file, (AtomicFiles.StreamWriter) out -> {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(length.array());
            out.write(headerBytes);
            for (Tensor t : tensors.values()) {
                writeData(out, t);
            }
        });
    }

    private static void writeData(java.io.OutputStream out, Tensor t) throws IOException {
        int n = (int) t.elementCount();
        int per = Math.max(1, (1 << 16) / t.dtype().bytes());
        ByteBuffer buffer = ByteBuffer.allocate(per * t.dtype().bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < n; start += per) {
            int end = Math.min(n, start + per);
            buffer.clear();
            switch (t.dtype()) {
                case F32 -> buffer.asFloatBuffer().put((float[]) t.data(), start, end - start);
                case F64 -> buffer.asDoubleBuffer().put((double[]) t.data(), start, end - start);
                case I32 -> buffer.asIntBuffer().put((int[]) t.data(), start, end - start);
                case I64 -> buffer.asLongBuffer().put((long[]) t.data(), start, end - start);
            }
            out.write(buffer.array(), 0, (end - start) * t.dtype().bytes());
        }
    }

    /** Reads and validates a whole file. */
    public static Contents read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            if (fileSize < 8) {
                throw bad(file, "truncated (" + fileSize + " bytes, not even a header length)");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0, file);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES) {
                throw bad(file, "invalid header length " + Long.toUnsignedString(headerLength));
            }
            if (8 + headerLength > fileSize) {
                throw bad(file, "truncated: header of " + headerLength + " bytes but the file has " + fileSize);
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(channel, headerBytes, 8, file);
            JsonNode header;
            try {
                header = STRICT.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw bad(file, "header is not valid JSON (" + firstLine(e.getMessage()) + ")");
            }
            if (header == null || !header.isObject()) {
                throw bad(file, "header is not a JSON object");
            }
            long dataStart = 8 + headerLength;
            long dataSize = fileSize - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = new ArrayList<>();
            for (Map.Entry<String, JsonNode> f : header.properties()) {
                if (f.getKey().equals(METADATA_KEY)) {
                    readMetadata(file, f.getValue(), metadata);
                } else {
                    entries.add(parseEntry(file, f.getKey(), f.getValue()));
                }
            }
            entries.sort((a, b) -> Long.compare(a.begin, b.begin));
            long expected = 0;
            for (Entry e : entries) {
                if (e.begin != expected) {
                    throw bad(file, "tensor '" + e.name + "' starts at byte " + e.begin + ", expected " + expected
                            + " (data overlaps or has a gap)");
                }
                expected = e.end;
            }
            if (expected != dataSize) {
                throw bad(file, expected > dataSize
                        ? "truncated: tensors need " + expected + " data bytes but the file has " + dataSize
                        : "has " + (dataSize - expected) + " bytes after the last tensor");
            }
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Entry e : entries) {
                long bytes = e.end - e.begin;
                if (bytes > Integer.MAX_VALUE - 16) {
                    throw bad(file, "tensor '" + e.name + "' is too large for this reader (" + bytes + " bytes)");
                }
                ByteBuffer data = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
                readFully(channel, data, dataStart + e.begin, file);
                data.flip();
                tensors.put(e.name, decode(e, data));
            }
            return new Contents(tensors, metadata);
        } catch (NoSuchFileException e) {
            throw CellInrException.of(file, "no such file", e);
        } catch (IOException e) {
            throw CellInrException.of(file, "cannot read (" + e.getMessage() + ")", e);
        }
    }

    private record Entry(String name, DType dtype, long[] shape, long begin, long end) {
    }

    private static Entry parseEntry(Path file, String name, JsonNode node) {
        if (!node.isObject()) {
            throw bad(file, "tensor '" + name + "' is not described by an object");
        }
        JsonNode dtypeNode = node.get("dtype");
        JsonNode shapeNode = node.get("shape");
        JsonNode offsets = node.get("data_offsets");
        if (dtypeNode == null || !dtypeNode.isTextual() || shapeNode == null || !shapeNode.isArray()
                || offsets == null || !offsets.isArray() || offsets.size() != 2) {
            throw bad(file, "tensor '" + name + "' lacks a dtype, shape or data_offsets pair");
        }
        DType dtype;
        try {
            dtype = DType.valueOf(dtypeNode.asText());
        } catch (IllegalArgumentException e) {
            throw bad(file, "tensor '" + name + "' has unsupported dtype " + dtypeNode.asText()
                    + " (supported: F32, F64, I32, I64)");
        }
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
                throw bad(file, "tensor '" + name + "' has an invalid shape " + shapeNode);
            }
            shape[i] = d.asLong();
            try {
                count = Math.multiplyExact(count, shape[i]);
            } catch (ArithmeticException e) {
                throw bad(file, "tensor '" + name + "' has an absurd shape " + shapeNode);
            }
        }
        JsonNode b = offsets.get(0);
        JsonNode e = offsets.get(1);
        if (!b.isIntegralNumber() || !e.isIntegralNumber() || !b.canConvertToLong() || !e.canConvertToLong()
                || b.asLong() < 0 || e.asLong() < b.asLong()) {
            throw bad(file, "tensor '" + name + "' has invalid data_offsets " + offsets);
        }
        long begin = b.asLong();
        long end = e.asLong();
        long expectedBytes;
        try {
            expectedBytes = Math.multiplyExact(count, dtype.bytes());
        } catch (ArithmeticException ex) {
            throw bad(file, "tensor '" + name + "' has an absurd shape " + shapeNode);
        }
        if (end - begin != expectedBytes) {
            throw bad(file, "tensor '" + name + "' of shape " + shapeNode + " " + dtype + " needs " + expectedBytes
                    + " bytes but its offsets span " + (end - begin));
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static void readMetadata(Path file, JsonNode node, Map<String, String> metadata) {
        if (!node.isObject()) {
            throw bad(file, METADATA_KEY + " is not an object of strings");
        }
        for (Map.Entry<String, JsonNode> m : node.properties()) {
            if (!m.getValue().isTextual()) {
                throw bad(file, METADATA_KEY + " entry '" + m.getKey() + "' is not a string");
            }
            metadata.put(m.getKey(), m.getValue().asText());
        }
    }

    private static Tensor decode(Entry e, ByteBuffer data) {
        int n = data.remaining() / e.dtype.bytes();
        return switch (e.dtype) {
            case F32 -> {
                float[] a = new float[n];
                data.asFloatBuffer().get(a);
                yield new Tensor(DType.F32, e.shape, a);
            }
            case F64 -> {
                double[] a = new double[n];
                data.asDoubleBuffer().get(a);
                yield new Tensor(DType.F64, e.shape, a);
            }
            case I32 -> {
                int[] a = new int[n];
                data.asIntBuffer().get(a);
                yield new Tensor(DType.I32, e.shape, a);
            }
            case I64 -> {
                long[] a = new long[n];
                data.asLongBuffer().get(a);
                yield new Tensor(DType.I64, e.shape, a);
            }
        };
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position, Path file)
            throws IOException {
        long p = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, p);
            if (n < 0) {
                throw bad(file, "truncated (unexpected end of file at byte " + p + ")");
            }
            p += n;
        }
    }

    private static CellInrException bad(Path file, String problem) {
        return CellInrException.of(file, "not a valid safetensors file: " + problem);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
