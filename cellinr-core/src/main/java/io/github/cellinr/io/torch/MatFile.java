package io.github.cellinr.io.torch;

import io.github.cellinr.core.CellInrException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A reader of level-5 MATLAB MAT-files (MATLAB 5 to 7.x, and what {@code scipy.io.savemat} writes) that keeps
 * their numeric arrays: a 128-byte header, then data elements, each either {@code miMATRIX} or an
 * {@code miCOMPRESSED} (zlib) wrapper around one. Numeric classes (double, single, integers) are read as
 * {@code double}, whatever smaller type MATLAB stored them in; other variables (char, cell, struct, sparse,
 * complex, objects) are listed by name and class but refused when asked for. Both byte orders are read.
 *
 * <p>Written by hand (about two hundred lines of the published format) because the Java MAT-file libraries
 * on Maven Central are either unmaintained or GPL/LGPL.
 */
public final class MatFile {
    private static final int HEADER_BYTES = 128;
    /** A latent-code file is kilobytes; this bounds what a compressed element may inflate to. */
    private static final int MAX_INFLATED_BYTES = 1 << 30;

    // data types (miXXX)
    private static final int MI_INT8 = 1;
    private static final int MI_UINT8 = 2;
    private static final int MI_INT16 = 3;
    private static final int MI_UINT16 = 4;
    private static final int MI_INT32 = 5;
    private static final int MI_UINT32 = 6;
    private static final int MI_SINGLE = 7;
    private static final int MI_DOUBLE = 9;
    private static final int MI_INT64 = 12;
    private static final int MI_UINT64 = 13;
    private static final int MI_MATRIX = 14;
    private static final int MI_COMPRESSED = 15;

    private static final String[] CLASS_NAMES = {"unknown", "cell", "struct", "object", "char", "sparse", "double",
        "single", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "function"};

    private final Path file;
    private final Map<String, MatArray> arrays;
    private final Map<String, String> unsupported;

    private MatFile(Path file, Map<String, MatArray> arrays, Map<String, String> unsupported) {
        this.file = file;
        this.arrays = Collections.unmodifiableMap(arrays);
        this.unsupported = Collections.unmodifiableMap(unsupported);
    }

    /** Reads every variable of a level-5 MAT-file. */
    public static MatFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw CellInrException.of(file, "no such MAT-file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw CellInrException.of(file, "cannot read: " + e.getMessage(), e);
        }
        return new Parser(file).parse(bytes);
    }

    public Path file() {
        return file;
    }

    /** The numeric arrays by variable name, in file order. */
    public Map<String, MatArray> arrays() {
        return arrays;
    }

    /** Variables that are not numeric arrays, with their MATLAB class (e.g. {@code struct}). */
    public Map<String, String> unsupported() {
        return unsupported;
    }

    /** The numeric array {@code name}, or a one-line error naming the file and the variable. */
    public MatArray array(String name) {
        MatArray a = arrays.get(name);
        if (a != null) {
            return a;
        }
        String kind = unsupported.get(name);
        if (kind != null) {
            throw CellInrException.of(file, "variable '" + name + "' is a " + kind + ", not a real numeric array");
        }
        throw CellInrException.of(file, "has no variable '" + name + "' (it has " + arrays.keySet()
                + (unsupported.isEmpty() ? "" : " and " + unsupported.keySet()) + ")");
    }

    private static final class Parser {
        private final Path file;
        private final Map<String, MatArray> arrays = new LinkedHashMap<>();
        private final Map<String, String> unsupported = new LinkedHashMap<>();
        private ByteOrder order;

        Parser(Path file) {
            this.file = file;
        }

        MatFile parse(byte[] bytes) {
            if (bytes.length < HEADER_BYTES) {
                throw error("shorter than the 128-byte MAT-file header (truncated or not a MAT-file)");
            }
            String text = new String(bytes, 0, 116, StandardCharsets.US_ASCII);
            if (text.startsWith("MATLAB 7.3")) {
                throw error("a MATLAB 7.3 (HDF5) MAT-file; save it with -v7 (or scipy.io.savemat) to read it here");
            }
            if (!text.startsWith("MATLAB 5.0 MAT-file")) {
                throw error("not a level-5 MAT-file (no 'MATLAB 5.0 MAT-file' header; level-4 files are not read)");
            }
            if (bytes[126] == 'I' && bytes[127] == 'M') {
                order = ByteOrder.LITTLE_ENDIAN;
            } else if (bytes[126] == 'M' && bytes[127] == 'I') {
                order = ByteOrder.BIG_ENDIAN;
            } else {
                throw error("header has no byte-order mark 'MI'");
            }
            ByteBuffer in = ByteBuffer.wrap(bytes).order(order);
            in.position(HEADER_BYTES);
            while (in.remaining() > 0) {
                topLevelElement(in);
            }
            return new MatFile(file, arrays, unsupported);
        }

        private void topLevelElement(ByteBuffer in) {
            Element e = element(in, "top-level data element");
            if (e.type == MI_COMPRESSED) {
                ByteBuffer inflated = ByteBuffer.wrap(inflate(e.data)).order(order);
                while (inflated.remaining() > 0) {
                    Element inner = element(inflated, "compressed data element");
                    if (inner.type != MI_MATRIX) {
                        throw error("compressed element holds data type " + inner.type + ", not miMATRIX");
                    }
                    matrix(inner.data);
                }
            } else if (e.type == MI_MATRIX) {
                matrix(e.data);
            } else {
                throw error("top-level data element of type " + e.type + ", not miMATRIX or miCOMPRESSED");
            }
        }

        /** One miMATRIX: flags, dimensions, name, real part (imaginary part refused). */
        private void matrix(ByteBuffer m) {
            if (m.remaining() == 0) {
                return; // MATLAB writes empty cells of a cell array so; nothing to keep
            }
            Element flags = element(m, "array flags");
            if (flags.type != MI_UINT32 || flags.data.remaining() < 8) {
                throw error("array flags are not two uint32 values");
            }
            int word = flags.data.getInt();
            int mxClass = word & 0xff;
            boolean complex = (word & 0x0800) != 0;
            Element dimsElement = element(m, "dimensions");
            if (dimsElement.type != MI_INT32 || dimsElement.data.remaining() % 4 != 0 || dimsElement.data.remaining() < 8) {
                throw error("array dimensions are not at least two int32 values");
            }
            int[] dims = new int[dimsElement.data.remaining() / 4];
            long count = 1;
            for (int d = 0; d < dims.length; d++) {
                dims[d] = dimsElement.data.getInt();
                if (dims[d] < 0) {
                    throw error("array has a negative dimension " + dims[d]);
                }
                count *= dims[d];
                if (count > Integer.MAX_VALUE) {
                    throw error("array of more than 2^31 elements");
                }
            }
            Element nameElement = element(m, "array name");
            if (nameElement.type != MI_INT8 && nameElement.type != MI_UINT8) {
                throw error("array name is not an int8 string");
            }
            byte[] nameBytes = new byte[nameElement.data.remaining()];
            nameElement.data.get(nameBytes);
            String name = new String(nameBytes, StandardCharsets.US_ASCII);
            String className = mxClass < CLASS_NAMES.length ? CLASS_NAMES[mxClass] : "class " + mxClass;
            if (mxClass < 6 || mxClass > 15) {
                unsupported.put(name, className);
                return;
            }
            if (complex) {
                unsupported.put(name, "complex " + className);
                return;
            }
            Element real = element(m, "real part of '" + name + "'");
            double[] values = numbers(real, name);
            if (values.length != count) {
                throw error("variable '" + name + "' has " + values.length + " values for dimensions "
                        + java.util.Arrays.toString(dims));
            }
            for (double v : values) {
                if (!Double.isFinite(v)) {
                    throw error("variable '" + name + "' holds " + v);
                }
            }
            arrays.put(name, new MatArray(name, className, dims, values));
        }

        private double[] numbers(Element e, String name) {
            ByteBuffer b = e.data;
            int size = switch (e.type) {
                case MI_INT8, MI_UINT8 -> 1;
                case MI_INT16, MI_UINT16 -> 2;
                case MI_INT32, MI_UINT32, MI_SINGLE -> 4;
                case MI_DOUBLE, MI_INT64, MI_UINT64 -> 8;
                default -> throw error("variable '" + name + "' stores its values as data type " + e.type
                        + ", not a numeric type");
            };
            if (b.remaining() % size != 0) {
                throw error("variable '" + name + "' has " + b.remaining() + " bytes of data, not a multiple of "
                        + size);
            }
            double[] v = new double[b.remaining() / size];
            for (int i = 0; i < v.length; i++) {
                v[i] = switch (e.type) {
                    case MI_INT8 -> b.get();
                    case MI_UINT8 -> b.get() & 0xff;
                    case MI_INT16 -> b.getShort();
                    case MI_UINT16 -> b.getShort() & 0xffff;
                    case MI_INT32 -> b.getInt();
                    case MI_UINT32 -> b.getInt() & 0xffffffffL;
                    case MI_SINGLE -> b.getFloat();
                    case MI_DOUBLE -> b.getDouble();
                    case MI_INT64 -> b.getLong();
                    default -> unsigned64(b.getLong());
                };
            }
            return v;
        }

        private static double unsigned64(long bits) {
            double v = (double) (bits >>> 1) * 2.0;
            return v + (bits & 1);
        }

        /** A data element: the normal 8-byte tag, or the small format (size in the upper half of the first word). */
        private Element element(ByteBuffer in, String what) {
            if (in.remaining() < 8) {
                throw error(what + ": the file ends inside a data element tag (truncated)");
            }
            int first = in.getInt();
            int type;
            int size;
            ByteBuffer data;
            if ((first >>> 16) != 0) {
                type = first & 0xffff;
                size = first >>> 16;
                if (size > 4) {
                    throw error(what + ": small data element of " + size + " bytes (at most 4)");
                }
                data = slice(in, size);
                in.position(in.position() + 4 - size);
            } else {
                type = first;
                long n = in.getInt() & 0xffffffffL;
                if (n > in.remaining()) {
                    throw error(what + ": element of " + n + " bytes runs past the end (truncated)");
                }
                size = (int) n;
                data = slice(in, size);
                // elements are padded to 8 bytes, except compressed ones (whose size is exact)
                int pad = type == MI_COMPRESSED ? 0 : (8 - size % 8) % 8;
                in.position(Math.min(in.limit(), in.position() + pad));
            }
            return new Element(type, data);
        }

        private ByteBuffer slice(ByteBuffer in, int size) {
            ByteBuffer s = in.slice().order(order);
            s.limit(size);
            in.position(in.position() + size);
            return s;
        }

        private byte[] inflate(ByteBuffer compressed) {
            Inflater inflater = new Inflater();
            try {
                inflater.setInput(compressed);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buffer = new byte[1 << 16];
                while (!inflater.finished()) {
                    int n = inflater.inflate(buffer);
                    if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        throw error("compressed data element ends early (truncated)");
                    }
                    out.write(buffer, 0, n);
                    if (out.size() > MAX_INFLATED_BYTES) {
                        throw error("compressed data element inflates past " + (MAX_INFLATED_BYTES >> 20) + " MiB");
                    }
                }
                return out.toByteArray();
            } catch (DataFormatException e) {
                throw CellInrException.of(file, "compressed data element is corrupt: " + e.getMessage(), e);
            } finally {
                inflater.end();
            }
        }

        private CellInrException error(String problem) {
            return CellInrException.of(file, problem);
        }
    }

    private record Element(int type, ByteBuffer data) {
    }
}
