package io.github.cellinr.io;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.TriangleMesh;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads PLY (ASCII or binary, either byte order, any numeric vertex type, polygons fanned into triangles),
 * STL (binary or ASCII; identical corners merged into shared vertices) and OBJ ({@code v} and {@code f}
 * records, {@code f a/b/c} forms, negative indices, polygons fanned). Other properties and records are
 * ignored. Malformed files are a {@link CellInrException} naming the file and the problem.
 */
public final class MeshReader {
    private MeshReader() {
    }

    /** Reads a mesh in the format given by the file's extension. */
    public static TriangleMesh read(Path file) {
        return read(file, MeshFormat.of(file));
    }

    public static TriangleMesh read(Path file, MeshFormat format) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw CellInrException.of(file, "file does not exist", e);
        } catch (IOException e) {
            throw CellInrException.of(file, "cannot read: " + e.getMessage(), e);
        }
        try {
            return switch (format) {
                case PLY -> readPly(file, bytes);
                case STL -> readStl(file, bytes);
                case OBJ -> readObj(file, bytes);
            };
        } catch (BufferUnderflowException e) {
            throw CellInrException.of(file, "is truncated: the data end before the counts in its header", e);
        } catch (IllegalArgumentException e) {
            throw CellInrException.of(file, "is corrupt: " + e.getMessage(), e);
        }
    }

    // ---- PLY ---------------------------------------------------------------------------------------------

    private record Property(String name, String type, String countType) {
        boolean isList() {
            return countType != null;
        }
    }

    private record Element(String name, long count, List<Property> properties) {
    }

    private static TriangleMesh readPly(Path file, byte[] bytes) {
        int end = indexOf(bytes, "end_header");
        if (bytes.length < 4 || !new String(bytes, 0, 3, StandardCharsets.US_ASCII).equals("ply") || end < 0) {
            throw CellInrException.of(file, "is not a PLY file (no 'ply' ... 'end_header' header)");
        }
        int dataStart = end + "end_header".length();
        while (dataStart < bytes.length && bytes[dataStart] != '\n') {
            dataStart++;
        }
        dataStart++;
        String header = new String(bytes, 0, end, StandardCharsets.US_ASCII);
        String format = null;
        List<Element> elements = new ArrayList<>();
        for (String raw : header.split("\r?\n")) {
            String[] p = raw.strip().split("\\s+");
            switch (p[0]) {
                case "format" -> format = p.length > 1 ? p[1] : "";
                case "element" -> {
                    if (p.length != 3) {
                        throw CellInrException.of(file, "has a malformed PLY header line '" + raw.strip() + "'");
                    }
                    elements.add(new Element(p[1], Long.parseLong(p[2]), new ArrayList<>()));
                }
                case "property" -> {
                    if (elements.isEmpty()) {
                        throw CellInrException.of(file, "has a PLY property before any element");
                    }
                    Property prop = p.length == 5 && p[1].equals("list") ? new Property(p[4], p[3], p[2])
                            : p.length == 3 ? new Property(p[2], p[1], null) : null;
                    if (prop == null) {
                        throw CellInrException.of(file, "has a malformed PLY header line '" + raw.strip() + "'");
                    }
                    elements.get(elements.size() - 1).properties().add(prop);
                }
                default -> {
                    // ply, comment, obj_info and blank lines carry nothing we need
                }
            }
        }
        if (format == null) {
            throw CellInrException.of(file, "has no PLY format line");
        }
        boolean ascii = format.equals("ascii");
        ByteOrder order = switch (format) {
            case "binary_little_endian", "ascii" -> ByteOrder.LITTLE_ENDIAN;
            case "binary_big_endian" -> ByteOrder.BIG_ENDIAN;
            default -> throw CellInrException.of(file, "has unknown PLY format '" + format + "'");
        };
        PlyData data = ascii ? new AsciiPly(new String(bytes, dataStart, bytes.length - dataStart,
                StandardCharsets.US_ASCII)) : new BinaryPly(ByteBuffer.wrap(bytes, dataStart,
                bytes.length - dataStart).slice().order(order));
        float[] vertices = null;
        IntList triangles = new IntList();
        for (Element e : elements) {
            if (e.count() > Integer.MAX_VALUE / 3) {
                throw CellInrException.of(file, "claims " + e.count() + " " + e.name() + " elements");
            }
            int n = (int) e.count();
            if (e.name().equals("vertex")) {
                int ix = indexOf(e, "x");
                int iy = indexOf(e, "y");
                int iz = indexOf(e, "z");
                if (ix < 0 || iy < 0 || iz < 0) {
                    throw CellInrException.of(file, "has PLY vertices without x, y and z properties");
                }
                vertices = new float[3 * n];
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < e.properties().size(); k++) {
                        Property prop = e.properties().get(k);
                        if (prop.isList()) {
                            skipList(data, prop);
                            continue;
                        }
                        double value = data.next(prop.type());
                        if (k == ix) {
                            vertices[3 * i] = (float) value;
                        } else if (k == iy) {
                            vertices[3 * i + 1] = (float) value;
                        } else if (k == iz) {
                            vertices[3 * i + 2] = (float) value;
                        }
                    }
                }
            } else if (e.name().equals("face")) {
                for (int i = 0; i < n; i++) {
                    for (Property prop : e.properties()) {
                        if (!prop.isList()) {
                            data.next(prop.type());
                        } else if (prop.name().equals("vertex_indices") || prop.name().equals("vertex_index")) {
                            int count = (int) data.next(prop.countType());
                            int first = (int) data.next(prop.type());
                            int previous = count > 1 ? (int) data.next(prop.type()) : first;
                            for (int c = 2; c < count; c++) {
                                int current = (int) data.next(prop.type());
                                triangles.add(first, previous, current);
                                previous = current;
                            }
                        } else {
                            skipList(data, prop);
                        }
                    }
                }
            } else {
                for (int i = 0; i < n; i++) {
                    for (Property prop : e.properties()) {
                        if (prop.isList()) {
                            skipList(data, prop);
                        } else {
                            data.next(prop.type());
                        }
                    }
                }
            }
        }
        if (vertices == null) {
            throw CellInrException.of(file, "has no PLY vertex element");
        }
        return mesh(file, vertices, triangles.toArray());
    }

    private static int indexOf(Element e, String name) {
        for (int k = 0; k < e.properties().size(); k++) {
            if (e.properties().get(k).name().equals(name)) {
                return k;
            }
        }
        return -1;
    }

    private static void skipList(PlyData data, Property prop) {
        int count = (int) data.next(prop.countType());
        for (int c = 0; c < count; c++) {
            data.next(prop.type());
        }
    }

    private interface PlyData {
        double next(String type);
    }

    private static final class BinaryPly implements PlyData {
        private final ByteBuffer buffer;

        BinaryPly(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public double next(String type) {
            return switch (type) {
                case "char", "int8" -> buffer.get();
                case "uchar", "uint8" -> buffer.get() & 0xFF;
                case "short", "int16" -> buffer.getShort();
                case "ushort", "uint16" -> buffer.getShort() & 0xFFFF;
                case "int", "int32" -> buffer.getInt();
                case "uint", "uint32" -> buffer.getInt() & 0xFFFFFFFFL;
                case "float", "float32" -> buffer.getFloat();
                case "double", "float64" -> buffer.getDouble();
                default -> throw new IllegalArgumentException("unknown PLY property type '" + type + "'");
            };
        }
    }

    private static final class AsciiPly implements PlyData {
        private final String text;
        private int pos;

        AsciiPly(String text) {
            this.text = text;
        }

        @Override
        public double next(String type) {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            int start = pos;
            while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw new BufferUnderflowException();
            }
            try {
                return Double.parseDouble(text.substring(start, pos));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("PLY value '" + text.substring(start, pos) + "' is not a number");
            }
        }
    }

    // ---- STL ---------------------------------------------------------------------------------------------

    private static TriangleMesh readStl(Path file, byte[] bytes) {
        if (bytes.length >= 84) {
            long count = ByteBuffer.wrap(bytes, 80, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
            if (84 + 50 * count == bytes.length) {
                ByteBuffer b = ByteBuffer.wrap(bytes, 84, bytes.length - 84).slice().order(ByteOrder.LITTLE_ENDIAN);
                Welder welder = new Welder();
                for (long t = 0; t < count; t++) {
                    b.position(b.position() + 12); // the stored normal follows from the corners
                    for (int c = 0; c < 3; c++) {
                        welder.add(b.getFloat(), b.getFloat(), b.getFloat());
                    }
                    b.getShort();
                }
                return mesh(file, welder.vertices(), welder.triangles.toArray());
            }
        }
        String start = new String(bytes, 0, Math.min(bytes.length, 512), StandardCharsets.US_ASCII).stripLeading();
        if (!start.startsWith("solid")) {
            throw CellInrException.of(file, bytes.length < 84 ? "is truncated: too short for a binary STL"
                    : "is neither binary STL (its size does not match its triangle count) nor ASCII STL");
        }
        Welder welder = new Welder();
        String[] tokens = new String(bytes, StandardCharsets.US_ASCII).split("\\s+");
        int corners = 0;
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i].equals("vertex")) {
                if (i + 3 >= tokens.length) {
                    throw CellInrException.of(file, "is truncated inside an ASCII STL vertex");
                }
                try {
                    welder.add(Float.parseFloat(tokens[i + 1]), Float.parseFloat(tokens[i + 2]),
                            Float.parseFloat(tokens[i + 3]));
                } catch (NumberFormatException e) {
                    throw CellInrException.of(file, "has an ASCII STL vertex that is not three numbers", e);
                }
                corners++;
                i += 3;
            }
        }
        if (corners % 3 != 0) {
            throw CellInrException.of(file, "has " + corners + " ASCII STL vertices, not a multiple of 3");
        }
        return mesh(file, welder.vertices(), welder.triangles.toArray());
    }

    /** Merges bitwise-identical corners into shared vertices. */
    private static final class Welder {
        final FloatList coords = new FloatList();
        final IntList triangles = new IntList();
        private final Map<Corner, Integer> exact = new HashMap<>();

        private record Corner(int x, int y, int z) {
        }

        void add(float x, float y, float z) {
            Corner key = new Corner(Float.floatToIntBits(x), Float.floatToIntBits(y), Float.floatToIntBits(z));
            Integer id = exact.get(key);
            if (id == null) {
                id = coords.size() / 3;
                exact.put(key, id);
                coords.add(x);
                coords.add(y);
                coords.add(z);
            }
            triangles.add(id);
        }

        float[] vertices() {
            return coords.toArray();
        }
    }

    // ---- OBJ ---------------------------------------------------------------------------------------------

    private static TriangleMesh readObj(Path file, byte[] bytes) {
        FloatList v = new FloatList();
        IntList t = new IntList();
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r?\n");
        for (int number = 1; number <= lines.length; number++) {
            String line = lines[number - 1].strip();
            if (line.startsWith("v ") || line.startsWith("v\t")) {
                String[] p = line.split("\\s+");
                if (p.length < 4) {
                    throw CellInrException.of(file, "line " + number + ": a vertex needs x y z");
                }
                try {
                    v.add(Float.parseFloat(p[1]));
                    v.add(Float.parseFloat(p[2]));
                    v.add(Float.parseFloat(p[3]));
                } catch (NumberFormatException e) {
                    throw CellInrException.of(file, "line " + number + ": vertex coordinates are not numbers", e);
                }
            } else if (line.startsWith("f ") || line.startsWith("f\t")) {
                String[] p = line.split("\\s+");
                if (p.length < 4) {
                    throw CellInrException.of(file, "line " + number + ": a face needs at least 3 vertices");
                }
                int vertexCount = v.size() / 3;
                int[] ids = new int[p.length - 1];
                for (int k = 1; k < p.length; k++) {
                    String first = p[k].split("/", 2)[0];
                    int id;
                    try {
                        id = Integer.parseInt(first);
                    } catch (NumberFormatException e) {
                        throw CellInrException.of(file, "line " + number + ": face index '" + first
                                + "' is not a whole number", e);
                    }
                    int zeroBased = id > 0 ? id - 1 : vertexCount + id;
                    if (id == 0 || zeroBased < 0 || zeroBased >= vertexCount) {
                        throw CellInrException.of(file, "line " + number + ": face index " + id + " refers to no vertex"
                                + " (" + vertexCount + " defined so far)");
                    }
                    ids[k - 1] = zeroBased;
                }
                for (int k = 2; k < ids.length; k++) {
                    t.add(ids[0], ids[k - 1], ids[k]);
                }
            }
        }
        return mesh(file, v.toArray(), t.toArray());
    }

    // ---- shared ------------------------------------------------------------------------------------------

    private static TriangleMesh mesh(Path file, float[] vertices, int[] triangles) {
        try {
            return new TriangleMesh(vertices, triangles);
        } catch (IllegalArgumentException e) {
            throw CellInrException.of(file, "is corrupt: " + e.getMessage(), e);
        }
    }

    private static int indexOf(byte[] bytes, String marker) {
        byte[] m = marker.getBytes(StandardCharsets.US_ASCII);
        int limit = Math.min(bytes.length - m.length, 1 << 20);
        outer:
        for (int i = 0; i <= limit; i++) {
            for (int k = 0; k < m.length; k++) {
                if (bytes[i + k] != m[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static final class IntList {
        private int[] data = new int[1024];
        private int size;

        void add(int v) {
            if (size == data.length) {
                data = java.util.Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }

        void add(int a, int b, int c) {
            add(a);
            add(b);
            add(c);
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(data, size);
        }
    }

    private static final class FloatList {
        private float[] data = new float[1024];
        private int size;

        void add(float v) {
            if (size == data.length) {
                data = java.util.Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }

        int size() {
            return size;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(data, size);
        }
    }
}
