package io.github.cellinr.io;

import io.github.cellinr.core.AtomicFiles;
import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.VoxelSize;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableDataset;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * HDF5 label volumes and arrays, through jHDF (pure Java; reads any HDF5 file with the gzip, shuffle,
 * LZF or LZ4 filters; writes uncompressed datasets).
 *
 * <p>Label volumes are 3D (z, y, x) integer datasets (2D datasets are one slice; singleton dimensions, as
 * ilastik's {@code (z, y, x, 1)}, are dropped). The voxel size comes from the first of the attributes
 * {@code element_size_um}, {@code resolution}, {@code voxel_size}, {@code spacing} found on the dataset or
 * its parent groups, read in (z, y, x) order and micrometres; without one it is 1 um, and the result says so.
 *
 * <p>Every failure (missing file, not HDF5, truncated or corrupt data, no suitable dataset, values that are
 * not labels) is a {@link CellInrException} naming the file and the problem.
 */
public final class Hdf5Volumes {
    private Hdf5Volumes() {
    }

    /** Dataset names tried, in order, when none is given. */
    public static final List<String> DEFAULT_DATASETS = List.of("segmentation", "label", "labels", "exported_data",
            "data");

    /** Attribute names that hold the voxel size (z, y, x) in micrometres, in order of preference. */
    public static final List<String> VOXEL_SIZE_ATTRIBUTES = List.of("element_size_um", "resolution", "voxel_size",
            "spacing");

    /**
     * A label volume read from HDF5, with where it came from.
     *
     * @param labels  the labels and voxel size
     * @param dataset path of the dataset inside the file
     * @param note    what the reader assumed (e.g. "no voxel size attribute: 1 um assumed"), if anything
     */
    public record Labels(LabelVolume labels, String dataset, Optional<String> note) {
    }

    /**
     * An n-dimensional array read from HDF5, flattened in C order (last index fastest).
     *
     * @param dataset path of the dataset inside the file
     * @param shape   extent of each dimension, slowest first
     * @param data    {@code float[]} for floating-point datasets (float64 narrowed), {@code int[]} for
     *                integer datasets
     */
    public record Array(String dataset, int[] shape, Object data) {

        public boolean isFloat() {
            return data instanceof float[];
        }

        public float[] floats() {
            if (data instanceof float[] f) {
                return f;
            }
            throw new IllegalStateException(dataset + " holds integers, not floats");
        }

        public int[] ints() {
            if (data instanceof int[] i) {
                return i;
            }
            throw new IllegalStateException(dataset + " holds floats, not integers");
        }

        public long elementCount() {
            long n = 1;
            for (int s : shape) {
                n *= s;
            }
            return n;
        }
    }

    /** Reads a label volume: {@code dataset} if given, else the first of {@link #DEFAULT_DATASETS}, else the single 3D integer dataset. */
    public static LabelVolume readLabels(Path file, String datasetOrNull) {
        return read(file, datasetOrNull).labels();
    }

    /** Like {@link #readLabels} but also says which dataset was read and what was assumed. */
    public static Labels read(Path file, String datasetOrNull) {
        return withFile(file, hdf -> {
            Dataset dataset = datasetOrNull != null ? byPath(file, hdf, datasetOrNull) : findLabelDataset(file, hdf);
            int[] dims = squeeze(dataset.getDimensions());
            if (dims.length < 2 || dims.length > 3) {
                throw CellInrException.of(file, "dataset " + dataset.getPath() + " has shape "
                        + Arrays.toString(dataset.getDimensions()) + "; a label volume needs 2 or 3 dimensions (z, y, x)");
            }
            Dimensions d = dims.length == 3 ? new Dimensions(dims[0], dims[1], dims[2])
                    : new Dimensions(1, dims[0], dims[1]);
            checkSize(file, dataset);
            int[] labels = toLabels(file, dataset, dataset.getDataFlat());
            List<String> notes = new ArrayList<>();
            VoxelSize voxel = voxelSize(file, dataset, dims.length, notes);
            return new Labels(new LabelVolume(d, voxel, labels), dataset.getPath(),
                    notes.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", notes)));
        });
    }

    /**
     * Reads any numeric dataset whole, flattened (e.g. the float32 (Z, Y, X, T) SDF volumes of the paper's
     * released code).
     */
    public static Array readArray(Path file, String datasetPath) {
        return withFile(file, hdf -> {
            Dataset dataset = byPath(file, hdf, datasetPath);
            checkSize(file, dataset);
            Object flat = dataset.getDataFlat();
            Object data;
            if (dataset.getDataType() instanceof FloatingPoint) {
                data = toFloats(flat);
            } else if (dataset.getDataType() instanceof FixedPoint) {
                data = toInts(file, dataset, flat, false);
            } else {
                throw CellInrException.of(file, "dataset " + dataset.getPath() + " holds "
                        + dataset.getDataType().getClass().getSimpleName() + " values, not numbers");
            }
            return new Array(dataset.getPath(), dataset.getDimensions().clone(), data);
        });
    }

    /**
     * Writes {@code labels} as an int32 (z, y, x) dataset with the attribute {@code element_size_um}
     * = (z, y, x) micrometres, atomically. Uncompressed (jHDF writes no filters).
     */
    public static void writeLabels(Path file, LabelVolume labels, String datasetPath) {
        Dimensions d = labels.dimensions();
        int[] flat = labels.labels();
        int[][][] nested = new int[d.depth()][d.height()][];
        for (int z = 0; z < d.depth(); z++) {
            for (int y = 0; y < d.height(); y++) {
                nested[z][y] = Arrays.copyOfRange(flat, d.index(z, y, 0), d.index(z, y, 0) + d.width());
            }
        }
        VoxelSize v = labels.voxelSize();
        write(file, datasetPath, nested, new double[] {v.zUm(), v.yUm(), v.xUm()});
    }

    /** Writes a float array of any rank (nested Java arrays) as a float32 dataset, atomically. */
    public static void writeFloats(Path file, String datasetPath, Object nestedFloatArray) {
        write(file, datasetPath, nestedFloatArray, null);
    }

    private static void write(Path file, String datasetPath, Object data, double[] elementSizeUm) {
        Path temp = AtomicFiles.temporaryBeside(file);
        try {
            try (WritableHdfFile out = HdfFile.write(temp)) {
                WritableDataset dataset = putDataset(out, datasetPath, data);
                if (elementSizeUm != null) {
                    dataset.putAttribute("element_size_um", elementSizeUm);
                }
            }
            AtomicFiles.publish(temp, file);
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(temp);
            throw AtomicFiles.writeError(file, e);
        } catch (RuntimeException e) {
            AtomicFiles.deleteQuietly(temp);
            if (e instanceof CellInrException c) {
                throw c;
            }
            Throwable cause = e.getCause() instanceof IOException io ? io : e;
            throw CellInrException.of(file, "cannot write HDF5: " + cause.getMessage(), e);
        }
    }

    private static WritableDataset putDataset(WritableHdfFile out, String path, Object data) {
        String[] parts = path.replaceAll("^/+", "").split("/");
        io.jhdf.api.WritableGroup group = out;
        for (int i = 0; i < parts.length - 1; i++) {
            group = group.putGroup(parts[i]);
        }
        return group.putDataset(parts[parts.length - 1], data);
    }

    // ---- reading helpers --------------------------------------------------------------------------------

    @FunctionalInterface
    private interface HdfBody<T> {
        T apply(HdfFile hdf);
    }

    private static <T> T withFile(Path file, HdfBody<T> body) {
        if (!Files.exists(file)) {
            throw CellInrException.of(file, "file does not exist");
        }
        if (Files.isDirectory(file)) {
            throw CellInrException.of(file, "is a folder, not an HDF5 file");
        }
        checkSignature(file);
        try (HdfFile hdf = new HdfFile(file)) {
            return body.apply(hdf);
        } catch (CellInrException e) {
            throw e;
        } catch (RuntimeException e) {
            // jHDF signals corrupt structures with HdfException, and truncated data often with buffer or index errors
            throw CellInrException.of(file, "is corrupt or truncated, HDF5 reading failed (" + describe(e) + ")", e);
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1A, '\n'};

    /**
     * Finds HDF5's signature (at byte 0, 512, 1024, 2048, ... after an optional user block) and compares the
     * end-of-file address of the superblock with the real size: jHDF alone may read a truncated file
     * without noticing.
     */
    private static void checkSignature(Path file) {
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            long size = channel.size();
            if (size == 0) {
                throw CellInrException.of(file, "is empty (0 bytes), not an HDF5 file");
            }
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8);
            for (long at = 0; at + 8 <= size; at = at == 0 ? 512 : at * 2) {
                buf.clear();
                channel.read(buf, at);
                if (Arrays.equals(buf.array(), SIGNATURE)) {
                    checkEndOfFile(file, channel, at, size);
                    return;
                }
            }
            throw CellInrException.of(file, "is not an HDF5 file (no HDF5 signature)");
        } catch (IOException e) {
            throw CellInrException.of(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static void checkEndOfFile(Path file, java.nio.channels.FileChannel channel, long superblock, long size)
            throws IOException {
        java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(96).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        channel.read(head, superblock);
        head.flip();
        if (head.limit() < 16) {
            throw CellInrException.of(file, "is truncated: the HDF5 superblock is incomplete");
        }
        int version = head.get(8) & 0xFF;
        int offsetSize;
        int baseAt;
        int eofAt;
        if (version == 0 || version == 1) {
            offsetSize = head.get(13) & 0xFF;
            baseAt = version == 0 ? 24 : 28;
            eofAt = baseAt + 2 * offsetSize;
        } else if (version == 2 || version == 3) {
            offsetSize = head.get(9) & 0xFF;
            baseAt = 12;
            eofAt = baseAt + 2 * offsetSize;
        } else {
            return; // a future superblock: leave the checks to jHDF
        }
        if ((offsetSize != 4 && offsetSize != 8) || eofAt + offsetSize > head.limit()) {
            throw CellInrException.of(file, "is corrupt: its HDF5 superblock is incomplete or invalid");
        }
        long base = offsetSize == 8 ? head.getLong(baseAt) : head.getInt(baseAt) & 0xFFFFFFFFL;
        long eof = offsetSize == 8 ? head.getLong(eofAt) : head.getInt(eofAt) & 0xFFFFFFFFL;
        boolean undefined = offsetSize == 8 ? eof == -1L : eof == 0xFFFFFFFFL;
        if (!undefined && base + eof > size) {
            throw CellInrException.of(file, "is truncated: HDF5 says it ends at byte " + (base + eof)
                    + " but the file has only " + size + " bytes");
        }
    }

    private static Dataset byPath(Path file, HdfFile hdf, String path) {
        Node node;
        try {
            node = hdf.getByPath(path);
        } catch (RuntimeException e) {
            node = null;
        }
        if (node instanceof Dataset dataset) {
            return dataset;
        }
        if (node != null) {
            throw CellInrException.of(file, "'" + path + "' is a group, not a dataset; datasets: " + listDatasets(hdf));
        }
        throw CellInrException.of(file, "has no dataset '" + path + "'; datasets: " + listDatasets(hdf));
    }

    private static Dataset findLabelDataset(Path file, HdfFile hdf) {
        for (String name : DEFAULT_DATASETS) {
            Node node = hdf.getChildren().get(name);
            if (node instanceof Dataset dataset && !(dataset.getDataType() instanceof io.jhdf.object.datatype.StringData)) {
                return dataset;
            }
        }
        List<Dataset> candidates = new ArrayList<>();
        collect(hdf, candidates);
        List<Dataset> volumes = candidates.stream().filter(d -> d.getDataType() instanceof FixedPoint)
                .filter(d -> d.getDimensions().length == 3 || squeeze(d.getDimensions()).length == 3).toList();
        if (volumes.size() == 1) {
            return volumes.get(0);
        }
        if (volumes.isEmpty()) {
            throw CellInrException.of(file, "has no 3D integer dataset to read as labels (looked for "
                    + String.join(", ", DEFAULT_DATASETS) + "); datasets: " + listDatasets(hdf));
        }
        throw CellInrException.of(file, "has several 3D integer datasets (" + String.join(", ",
                volumes.stream().map(Dataset::getPath).toList()) + "); name the one to read");
    }

    private static void collect(Group group, List<Dataset> out) {
        for (Node node : group.getChildren().values()) {
            if (node instanceof Dataset dataset) {
                out.add(dataset);
            } else if (node instanceof Group child && !node.isLink()) {
                collect(child, out);
            }
        }
    }

    private static String listDatasets(HdfFile hdf) {
        List<Dataset> all = new ArrayList<>();
        collect(hdf, all);
        if (all.isEmpty()) {
            return "none";
        }
        List<String> names = all.stream().limit(10).map(d -> d.getPath() + " " + Arrays.toString(d.getDimensions()))
                .toList();
        return String.join(", ", names) + (all.size() > 10 ? ", ... (" + all.size() + " in all)" : "");
    }

    private static int[] squeeze(int[] dims) {
        int[] kept = Arrays.stream(dims).filter(n -> n != 1).toArray();
        if (kept.length < 2 && dims.length >= 2) {
            // keep the last two (y, x) when the data are a single row or pixel
            return Arrays.copyOfRange(dims, dims.length - 2, dims.length);
        }
        return kept;
    }

    private static void checkSize(Path file, Dataset dataset) {
        if (dataset.getSize() > Integer.MAX_VALUE - 8) {
            throw CellInrException.of(file, "dataset " + dataset.getPath() + " holds " + dataset.getSize()
                    + " values, more than one Java array can hold (2^31)");
        }
        if (dataset.isEmpty() || dataset.getSize() == 0) {
            throw CellInrException.of(file, "dataset " + dataset.getPath() + " is empty");
        }
    }

    private static int[] toLabels(Path file, Dataset dataset, Object flat) {
        if (dataset.getDataType() instanceof FloatingPoint) {
            float[] f = toFloats(flat);
            int[] labels = new int[f.length];
            for (int i = 0; i < f.length; i++) {
                double v = f[i];
                if (v != Math.rint(v) || v < 0 || v > Integer.MAX_VALUE) {
                    throw CellInrException.of(file, "dataset " + dataset.getPath() + " holds the value " + v
                            + " at index " + i + ": labels must be whole numbers from 0 to 2147483647");
                }
                labels[i] = (int) v;
            }
            return labels;
        }
        if (!(dataset.getDataType() instanceof FixedPoint)) {
            throw CellInrException.of(file, "dataset " + dataset.getPath() + " holds "
                    + dataset.getDataType().getClass().getSimpleName() + " values, not integer labels");
        }
        return toInts(file, dataset, flat, true);
    }

    /** Integer data of any width and signedness as int, with range checks (and no negatives for labels). */
    private static int[] toInts(Path file, Dataset dataset, Object flat, boolean labels) {
        FixedPoint type = (FixedPoint) dataset.getDataType();
        boolean unsigned = !type.isSigned();
        String kind = (unsigned ? "uint" : "int") + type.getSize() * 8;
        int n = java.lang.reflect.Array.getLength(flat);
        int[] out = flat instanceof int[] ? null : new int[n];
        if (flat instanceof byte[] a) {
            for (int i = 0; i < n; i++) {
                out[i] = unsigned ? a[i] & 0xFF : a[i];
            }
        } else if (flat instanceof short[] a) {
            for (int i = 0; i < n; i++) {
                out[i] = unsigned && type.getSize() == 2 ? a[i] & 0xFFFF : a[i];
            }
        } else if (flat instanceof int[] a) {
            if (unsigned && type.getSize() == 4) {
                for (int i = 0; i < n; i++) {
                    if (a[i] < 0) {
                        throw tooLarge(file, dataset, kind, Integer.toUnsignedString(a[i]), i);
                    }
                }
            }
            out = a; // jHDF's array is ours: no copy of what may be hundreds of megabytes
        } else if (flat instanceof long[] a) {
            for (int i = 0; i < n; i++) {
                long v = a[i];
                if ((unsigned && type.getSize() == 8 && v < 0) || v > Integer.MAX_VALUE) {
                    throw tooLarge(file, dataset, kind, unsigned && v < 0 ? Long.toUnsignedString(v) : Long.toString(v), i);
                }
                if (v < Integer.MIN_VALUE) {
                    throw CellInrException.of(file, "dataset " + dataset.getPath() + " holds " + v + " at index " + i
                            + ", below the int range CellINR supports");
                }
                out[i] = (int) v;
            }
        } else if (flat instanceof BigInteger[] a) {
            BigInteger max = BigInteger.valueOf(Integer.MAX_VALUE);
            for (int i = 0; i < n; i++) {
                if (a[i].compareTo(max) > 0) {
                    throw tooLarge(file, dataset, kind, a[i].toString(), i);
                }
                out[i] = a[i].intValue();
            }
        } else {
            throw CellInrException.of(file, "dataset " + dataset.getPath() + " holds " + kind
                    + " values that CellINR cannot convert (" + flat.getClass().getSimpleName() + ")");
        }
        if (labels) {
            for (int i = 0; i < n; i++) {
                if (out[i] < 0) {
                    throw CellInrException.of(file, "dataset " + dataset.getPath() + " holds the negative label "
                            + out[i] + " at index " + i + ": labels must be 0 (background) or positive");
                }
            }
        }
        return out;
    }

    private static CellInrException tooLarge(Path file, Dataset dataset, String kind, String value, int index) {
        return CellInrException.of(file, "dataset " + dataset.getPath() + " (" + kind + ") holds " + value
                + " at index " + index + ", above 2147483647, the largest label CellINR supports");
    }

    private static float[] toFloats(Object flat) {
        if (flat instanceof float[] f) {
            return f;
        }
        if (flat instanceof double[] d) {
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return f;
        }
        throw new IllegalStateException("floating-point dataset returned " + flat.getClass().getSimpleName());
    }

    private static VoxelSize voxelSize(Path file, Dataset dataset, int rank, List<String> notes) {
        for (String name : VOXEL_SIZE_ATTRIBUTES) {
            for (Node node = dataset; node != null; node = node.getParent() == node ? null : node.getParent()) {
                Attribute attribute = attribute(node, name);
                if (attribute == null) {
                    if (node instanceof HdfFile) {
                        break;
                    }
                    continue;
                }
                double[] values = numbers(attribute.getData());
                if (values == null || (values.length != 3 && values.length != rank)) {
                    notes.add("attribute " + name + " of " + node.getPath() + " is not " + rank
                            + " numbers; ignored");
                    break;
                }
                for (double v : values) {
                    if (!(v > 0) || !Double.isFinite(v)) {
                        throw CellInrException.of(file, "attribute " + name + " of " + node.getPath() + " is "
                                + Arrays.toString(values) + "; a voxel size must be positive");
                    }
                }
                if (values.length == 3) {
                    return new VoxelSize(values[0], values[1], values[2]);
                }
                return new VoxelSize(1, values[0], values[1]);
            }
        }
        notes.add("no voxel size attribute (" + String.join(", ", VOXEL_SIZE_ATTRIBUTES) + "): 1 um assumed");
        return VoxelSize.UNIT;
    }

    private static Attribute attribute(Node node, String name) {
        try {
            return node.getAttributes().get(name);
        } catch (RuntimeException e) {
            return null; // an unreadable attribute is as good as none: the note says what was assumed
        }
    }

    private static double[] numbers(Object data) {
        if (data instanceof double[] d) {
            return d;
        }
        if (data instanceof float[] f) {
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        if (data instanceof int[] a) {
            return Arrays.stream(a).asDoubleStream().toArray();
        }
        if (data instanceof long[] a) {
            return Arrays.stream(a).asDoubleStream().toArray();
        }
        if (data instanceof Number n) {
            return new double[] {n.doubleValue()};
        }
        return null;
    }
}
