package io.github.cellinr.io;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.FloatVolume;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.VoxelSize;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Reads the float32 (t, z, y, x) OME-Zarr images that {@link OmeZarrWriter} writes (and others of that
 * shape): Zarr v2 arrays with zlib, gzip or no compression, nested ({@code /}) or flat ({@code .}) chunk keys,
 * either byte order; missing chunks read as the fill value. One frame at a time.
 */
public final class OmeZarrReader {
    private final Path root;
    private final JsonNode attributes;
    private final List<Level> levels;

    private record Level(String path, long[] shape, int[] chunks, ByteOrder order, String compressor,
            String separator, float fill, double[] scale) {
    }

    private OmeZarrReader(Path root, JsonNode attributes, List<Level> levels) {
        this.root = root;
        this.attributes = attributes;
        this.levels = levels;
    }

    /** Opens an OME-Zarr image folder (its {@code .zattrs} with {@code multiscales}). */
    public static OmeZarrReader open(Path root) {
        if (!Files.isDirectory(root)) {
            throw CellInrException.of(root, Files.exists(root) ? "is a file, not an OME-Zarr folder"
                    : "folder does not exist");
        }
        JsonNode attrs = json(root.resolve(".zattrs"));
        JsonNode ms = attrs.path("multiscales").path(0);
        if (ms.isMissingNode()) {
            throw CellInrException.of(root.resolve(".zattrs"), "has no multiscales metadata");
        }
        if (ms.path("axes").size() != 4) {
            throw CellInrException.of(root.resolve(".zattrs"), "has " + ms.path("axes").size()
                    + " axes; this reader reads (t, z, y, x) images");
        }
        List<Level> levels = new ArrayList<>();
        for (JsonNode ds : ms.path("datasets")) {
            String path = ds.path("path").asText();
            Path zarray = root.resolve(path).resolve(".zarray");
            JsonNode a = json(zarray);
            String dtype = a.path("dtype").asText();
            if (!dtype.equals("<f4") && !dtype.equals(">f4")) {
                throw CellInrException.of(zarray, "has dtype " + dtype + "; this reader reads float32 (<f4, >f4)");
            }
            if (!a.path("order").asText("C").equals("C") || (a.hasNonNull("filters") && a.get("filters").size() > 0)) {
                throw CellInrException.of(zarray, "uses Fortran order or filters, which this reader does not support");
            }
            long[] shape = longs(a.path("shape"));
            int[] chunks = new int[4];
            for (int i = 0; i < 4; i++) {
                chunks[i] = a.path("chunks").path(i).asInt();
            }
            if (shape.length != 4 || chunks[0] < 1) {
                throw CellInrException.of(zarray, "is not a 4D chunked array");
            }
            JsonNode comp = a.path("compressor");
            String compressor = comp.isNull() || comp.isMissingNode() ? null : comp.path("id").asText();
            if (compressor != null && !compressor.equals("zlib") && !compressor.equals("gzip")) {
                throw CellInrException.of(zarray, "uses compressor '" + compressor + "'; this reader reads zlib, gzip"
                        + " or uncompressed chunks");
            }
            JsonNode fillNode = a.path("fill_value");
            float fill = fillNode.isNumber() ? fillNode.floatValue()
                    : fillNode.isTextual() ? Float.parseFloat(fillNode.asText()) : 0f;
            double[] scale = new double[] {1, 1, 1, 1};
            for (JsonNode tr : ds.path("coordinateTransformations")) {
                if (tr.path("type").asText().equals("scale")) {
                    for (int i = 0; i < 4; i++) {
                        scale[i] = tr.path("scale").path(i).asDouble(1);
                    }
                }
            }
            levels.add(new Level(path, shape, chunks, dtype.startsWith("<") ? ByteOrder.LITTLE_ENDIAN
                    : ByteOrder.BIG_ENDIAN, compressor, a.path("dimension_separator").asText("."), fill, scale));
        }
        if (levels.isEmpty()) {
            throw CellInrException.of(root.resolve(".zattrs"), "lists no datasets");
        }
        return new OmeZarrReader(root, attrs, levels);
    }

    /** The parsed {@code .zattrs}. */
    public JsonNode attributes() {
        return attributes;
    }

    public int levels() {
        return levels.size();
    }

    public int frames() {
        return (int) levels.get(0).shape()[0];
    }

    public Dimensions dimensions(int level) {
        long[] s = levels.get(level).shape();
        return new Dimensions((int) s[1], (int) s[2], (int) s[3]);
    }

    /** Voxel size of a level from its scale transformation (z, y, x), in the axes' unit. */
    public VoxelSize voxelSize(int level) {
        double[] s = levels.get(level).scale();
        return new VoxelSize(s[1], s[2], s[3]);
    }

    /** Scale of the t axis. */
    public double timeStep() {
        return levels.get(0).scale()[0];
    }

    /** Chunk shape (t, z, y, x) of a level. */
    public int[] chunks(int level) {
        return levels.get(level).chunks().clone();
    }

    /** Reads frame {@code t} of resolution {@code level}. */
    public FloatVolume readFrame(int level, int t) {
        Level l = levels.get(level);
        Dimensions d = dimensions(level);
        if (t < 0 || t >= frames()) {
            throw new IndexOutOfBoundsException("frame " + t + " of " + frames());
        }
        float[] out = new float[d.voxelCount()];
        int[] c = l.chunks();
        int tc = t / c[0];
        int tOffset = t % c[0];
        int nz = (d.depth() + c[1] - 1) / c[1];
        int ny = (d.height() + c[2] - 1) / c[2];
        int nx = (d.width() + c[3] - 1) / c[3];
        int chunkVoxels = c[0] * c[1] * c[2] * c[3];
        for (int cz = 0; cz < nz; cz++) {
            for (int cy = 0; cy < ny; cy++) {
                for (int cx = 0; cx < nx; cx++) {
                    String sep = l.separator();
                    Path file = root.resolve(l.path()).resolve(tc + sep + cz + sep + cy + sep + cx);
                    float[] chunk = readChunk(file, l, chunkVoxels);
                    int x0 = cx * c[3];
                    int inside = Math.min(c[3], d.width() - x0);
                    for (int z = 0; z < c[1] && cz * c[1] + z < d.depth(); z++) {
                        int gz = cz * c[1] + z;
                        for (int y = 0; y < c[2] && cy * c[2] + y < d.height(); y++) {
                            int gy = cy * c[2] + y;
                            System.arraycopy(chunk, ((tOffset * c[1] + z) * c[2] + y) * c[3], out,
                                    d.index(gz, gy, x0), inside);
                        }
                    }
                }
            }
        }
        return new FloatVolume(d, voxelSize(level), out);
    }

    private static float[] readChunk(Path file, Level l, int voxels) {
        float[] values = new float[voxels];
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            java.util.Arrays.fill(values, l.fill());
            return values;
        } catch (IOException e) {
            throw CellInrException.of(file, "cannot read chunk: " + e.getMessage(), e);
        }
        byte[] bytes;
        if (l.compressor() == null) {
            bytes = raw;
        } else {
            try (InputStream in = l.compressor().equals("gzip") ? new GZIPInputStream(new ByteArrayInputStream(raw))
                    : new InflaterInputStream(new ByteArrayInputStream(raw))) {
                bytes = in.readNBytes(voxels * 4 + 1);
            } catch (IOException e) {
                throw CellInrException.of(file, "is a corrupt " + l.compressor() + " chunk: " + e.getMessage(), e);
            }
        }
        if (bytes.length != voxels * 4) {
            throw CellInrException.of(file, "chunk holds " + bytes.length + " bytes, expected " + voxels * 4);
        }
        ByteBuffer.wrap(bytes).order(l.order()).asFloatBuffer().get(values);
        return values;
    }

    private static JsonNode json(Path file) {
        try {
            return Json.mapper().readTree(file.toFile());
        } catch (IOException e) {
            if (Files.notExists(file)) {
                throw CellInrException.of(file, "file does not exist", e);
            }
            throw CellInrException.of(file, "is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }
}
