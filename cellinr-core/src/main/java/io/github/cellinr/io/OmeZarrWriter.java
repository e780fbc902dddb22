package io.github.cellinr.io;

import io.github.cellinr.core.AtomicFiles;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.FloatVolume;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.VoxelSize;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Streams a float32 time series of 3D volumes (an SDF over time) into an OME-Zarr image: OME-NGFF 0.4 on
 * Zarr v2, axes (t, z, y, x), space in micrometres.
 *
 * <p>The caller hands over one frame at a time ({@link #writeFrame}); a frame is cut into chunks (default
 * 1 x 64 x 64 x 64), each compressed with zlib or gzip (numcodecs ids {@code "zlib"} / {@code "gzip"}, so
 * zarr-python, napari and Fiji's n5-zarr read them) and written as {@code <level>/t/z/y/x} (nested keys,
 * {@code "dimension_separator": "/"}, as NGFF 0.4 requires). Edge chunks are stored full size, padded with
 * the fill value NaN, as Zarr v2 defines. Optional extra resolution levels halve z, y and x by 2x2x2 means.
 * Memory: one frame per level, times the time-chunk size.
 *
 * <p>Everything goes to a hidden staging folder; {@link #finish()} writes {@code .zattrs} last and renames
 * the folder to the target. An existing OME-Zarr (or empty folder) at the target is replaced; any other
 * existing file or folder is left alone and reported.
 */
public final class OmeZarrWriter implements AutoCloseable {

    /** Chunk compression (numcodecs ids). */
    public enum Compressor {
        NONE(null),
        ZLIB("zlib"),
        GZIP("gzip");

        final String id;

        Compressor(String id) {
            this.id = id;
        }
    }

    /**
     * Layout options.
     *
     * @param chunkT     frames per chunk (memory holds this many frames per level)
     * @param chunkZ     chunk depth in voxels
     * @param chunkY     chunk height
     * @param chunkX     chunk width
     * @param levels     resolution levels, 1 = full resolution only; each further level halves z, y, x
     * @param timeStep   scale of the t axis (time between frames, in {@code timeUnit}, or in frames)
     * @param timeUnit   a UDUNITS time unit ("second", "minute", ...) or null when time is in frames
     * @param compressor chunk compression
     * @param level      compression level 1 (fast) to 9 (small)
     * @param name       image name in the metadata
     * @param attributes extra top-level {@code .zattrs} entries (e.g. provenance), serialised with Jackson
     */
    public record Options(int chunkT, int chunkZ, int chunkY, int chunkX, int levels, double timeStep,
            String timeUnit, Compressor compressor, int level, String name, Map<String, Object> attributes) {

        public Options {
            if (chunkT < 1 || chunkZ < 1 || chunkY < 1 || chunkX < 1) {
                throw CellInrException.of("OME-Zarr chunk sizes must be positive, got " + chunkT + "x" + chunkZ + "x"
                        + chunkY + "x" + chunkX);
            }
            if (levels < 1 || levels > 16) {
                throw CellInrException.of("OME-Zarr resolution levels must be 1..16, got " + levels);
            }
            if (!(timeStep > 0) || !Double.isFinite(timeStep)) {
                throw CellInrException.of("OME-Zarr time step must be positive, got " + timeStep);
            }
            if (level < 0 || level > 9) {
                throw CellInrException.of("compression level must be 0..9, got " + level);
            }
            Objects.requireNonNull(compressor, "compressor");
            Objects.requireNonNull(name, "name");
            attributes = Map.copyOf(attributes);
        }

        /** 1 x 64 x 64 x 64 chunks, one level, time in frames, zlib level 1 (numcodecs' default level). */
        public static Options defaults() {
            return new Options(1, 64, 64, 64, 1, 1.0, null, Compressor.ZLIB, 1, "sdf", Map.of());
        }

        public Options withChunks(int t, int z, int y, int x) {
            return new Options(t, z, y, x, levels, timeStep, timeUnit, compressor, level, name, attributes);
        }

        public Options withLevels(int n) {
            return new Options(chunkT, chunkZ, chunkY, chunkX, n, timeStep, timeUnit, compressor, level, name,
                    attributes);
        }

        public Options withTimeStep(double step, String unit) {
            return new Options(chunkT, chunkZ, chunkY, chunkX, levels, step, unit, compressor, level, name,
                    attributes);
        }

        public Options withCompressor(Compressor c, int compressionLevel) {
            return new Options(chunkT, chunkZ, chunkY, chunkX, levels, timeStep, timeUnit, c, compressionLevel,
                    name, attributes);
        }

        public Options withName(String imageName) {
            return new Options(chunkT, chunkZ, chunkY, chunkX, levels, timeStep, timeUnit, compressor, level,
                    imageName, attributes);
        }

        public Options withAttributes(Map<String, Object> extra) {
            return new Options(chunkT, chunkZ, chunkY, chunkX, levels, timeStep, timeUnit, compressor, level, name,
                    extra);
        }
    }

    private final Path target;
    private final Path staging;
    private final int frames;
    private final VoxelSize voxel;
    private final Options options;
    private final Dimensions[] levelDims;
    private final int[][] levelChunks;
    private final boolean[] written;
    private final Map<Integer, float[][][]> pending = new HashMap<>(); // t chunk -> [level][t offset][voxels]
    private boolean closed;

    private OmeZarrWriter(Path target, Dimensions frame, int frames, VoxelSize voxel, Options options) {
        this.target = target.toAbsolutePath().normalize();
        this.frames = frames;
        this.voxel = Objects.requireNonNull(voxel, "voxel");
        this.options = Objects.requireNonNull(options, "options");
        if (frames < 1) {
            throw CellInrException.of(target, "an OME-Zarr time series needs at least one frame, got " + frames);
        }
        levelDims = new Dimensions[options.levels()];
        levelChunks = new int[options.levels()][];
        Dimensions d = frame;
        for (int l = 0; l < options.levels(); l++) {
            levelDims[l] = d;
            levelChunks[l] = new int[] {Math.min(options.chunkT(), frames), Math.min(options.chunkZ(), d.depth()),
                    Math.min(options.chunkY(), d.height()), Math.min(options.chunkX(), d.width())};
            d = new Dimensions((d.depth() + 1) / 2, (d.height() + 1) / 2, (d.width() + 1) / 2);
        }
        written = new boolean[frames];
        Path parent = this.target.getParent();
        AtomicFiles.createDirectories(parent);
        staging = parent.resolve("." + this.target.getFileName() + ".tmp-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.createDirectories(staging);
            Files.writeString(staging.resolve(".zgroup"), "{\n  \"zarr_format\" : 2\n}\n");
            for (int l = 0; l < options.levels(); l++) {
                Files.createDirectories(staging.resolve(Integer.toString(l)));
                Files.writeString(staging.resolve(l + "/.zarray"), zarray(l));
            }
        } catch (IOException e) {
            deleteTree(staging);
            throw AtomicFiles.writeError(this.target, e);
        }
    }

    /**
     * Starts a series of {@code frames} volumes of {@code frame} dimensions and voxel size {@code voxel}.
     * Close it (try-with-resources) so that an unfinished series leaves nothing behind.
     */
    public static OmeZarrWriter create(Path target, Dimensions frame, int frames, VoxelSize voxel, Options options) {
        return new OmeZarrWriter(target, frame, frames, voxel, options);
    }

    /** The folder {@link #finish()} publishes. */
    public Path target() {
        return target;
    }

    /** Dimensions of resolution level {@code l} (0 = full resolution). */
    public Dimensions levelDimensions(int l) {
        return levelDims[l];
    }

    /** Writes frame {@code t} (any order; each frame once). The volume's voxel size is not checked. */
    public void writeFrame(int t, FloatVolume frame) {
        writeFrame(t, frame.values(), frame.dimensions());
    }

    /** Writes frame {@code t} from an x-fastest array of the series' frame dimensions. */
    public void writeFrame(int t, float[] values) {
        writeFrame(t, values, levelDims[0]);
    }

    private void writeFrame(int t, float[] values, Dimensions dims) {
        checkOpen();
        if (t < 0 || t >= frames) {
            throw new IllegalArgumentException("frame " + t + " outside 0.." + (frames - 1));
        }
        if (written[t]) {
            throw new IllegalStateException("frame " + t + " written twice");
        }
        if (!dims.equals(levelDims[0]) || values.length != levelDims[0].voxelCount()) {
            throw CellInrException.of(target, "frame " + t + " is " + dims + " but the series was created for "
                    + levelDims[0]);
        }
        int ct = levelChunks[0][0];
        int tChunk = t / ct;
        int inChunk = Math.min(ct, frames - tChunk * ct);
        float[][][] buffer = pending.computeIfAbsent(tChunk, k -> new float[options.levels()][ct][]);
        float[] level = values;
        for (int l = 0; l < options.levels(); l++) {
            if (l > 0) {
                level = downsample(level, levelDims[l - 1], levelDims[l]);
            }
            buffer[l][t % ct] = level;
        }
        written[t] = true;
        long received = Arrays.stream(buffer[0]).filter(Objects::nonNull).count();
        if (received == inChunk) {
            pending.remove(tChunk);
            for (int l = 0; l < options.levels(); l++) {
                writeChunks(l, tChunk, buffer[l]);
            }
        }
    }

    /** Writes {@code .zattrs} (the multiscales metadata) and publishes the folder. */
    public void finish() {
        checkOpen();
        List<Integer> missing = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            if (!written[t]) {
                missing.add(t);
            }
        }
        if (!missing.isEmpty()) {
            throw CellInrException.of(target, missing.size() + " of " + frames + " frames were not written (first: "
                    + missing.get(0) + ")");
        }
        try {
            Files.writeString(staging.resolve(".zattrs"),
                    Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(zattrs()));
            publish();
        } catch (IOException e) {
            throw AtomicFiles.writeError(target, e);
        }
        closed = true;
    }

    /** Removes the staging folder unless {@link #finish()} published it. */
    @Override
    public void close() {
        if (!closed) {
            deleteTree(staging);
            closed = true;
        }
    }

    // ---- metadata --------------------------------------------------------------------------------------

    private String zarray(int l) throws IOException {
        Dimensions d = levelDims[l];
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("zarr_format", 2);
        a.put("shape", new long[] {frames, d.depth(), d.height(), d.width()});
        a.put("chunks", levelChunks[l]);
        a.put("dtype", "<f4");
        if (options.compressor() == Compressor.NONE) {
            a.put("compressor", null);
        } else {
            a.put("compressor", Map.of("id", options.compressor().id, "level", options.level()));
        }
        a.put("fill_value", "NaN");
        a.put("order", "C");
        a.put("filters", null);
        a.put("dimension_separator", "/");
        return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(a);
    }

    /** The NGFF 0.4 {@code .zattrs} of this image (exposed for tests and for callers that show it). */
    ObjectNode zattrs() {
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode ms = root.putArray("multiscales").addObject();
        ms.put("version", "0.4");
        ms.put("name", options.name());
        ms.put("type", options.levels() > 1 ? "mean" : "none");
        ObjectNode meta = ms.putObject("metadata");
        meta.put("description", options.levels() > 1
                ? "each level halves z, y and x by the mean of 2x2x2 voxels (fewer at odd edges)"
                : "single resolution level");
        meta.put("writer", "CellINR " + io.github.cellinr.core.Version.get());
        ArrayNode axes = ms.putArray("axes");
        ObjectNode t = axes.addObject().put("name", "t").put("type", "time");
        if (options.timeUnit() != null) {
            t.put("unit", options.timeUnit());
        }
        for (String name : List.of("z", "y", "x")) {
            axes.addObject().put("name", name).put("type", "space").put("unit", "micrometer");
        }
        ArrayNode datasets = ms.putArray("datasets");
        for (int l = 0; l < options.levels(); l++) {
            double f = Math.pow(2, l);
            ObjectNode ds = datasets.addObject().put("path", Integer.toString(l));
            ArrayNode transforms = ds.putArray("coordinateTransformations");
            ObjectNode scale = transforms.addObject().put("type", "scale");
            scale.putArray("scale").add(options.timeStep()).add(voxel.zUm() * f).add(voxel.yUm() * f)
                    .add(voxel.xUm() * f);
            if (l > 0) {
                // a mean of 2^l voxels sits at the centre of the block it pools
                ObjectNode shift = transforms.addObject().put("type", "translation");
                shift.putArray("translation").add(0.0).add(voxel.zUm() * (f - 1) / 2).add(voxel.yUm() * (f - 1) / 2)
                        .add(voxel.xUm() * (f - 1) / 2);
            }
        }
        for (var e : options.attributes().entrySet()) {
            root.set(e.getKey(), Json.mapper().valueToTree(e.getValue()));
        }
        return root;
    }

    // ---- chunks ----------------------------------------------------------------------------------------

    private void writeChunks(int l, int tChunk, float[][] frameValues) {
        Dimensions d = levelDims[l];
        int[] c = levelChunks[l];
        int nz = (d.depth() + c[1] - 1) / c[1];
        int ny = (d.height() + c[2] - 1) / c[2];
        int nx = (d.width() + c[3] - 1) / c[3];
        try {
            for (int z = 0; z < nz; z++) {
                for (int y = 0; y < ny; y++) {
                    Files.createDirectories(staging.resolve(l + "/" + tChunk + "/" + z + "/" + y));
                }
            }
            IntStream.range(0, nz * ny * nx).parallel().forEach(index -> {
                int cz = index / (ny * nx);
                int cy = (index / nx) % ny;
                int cx = index % nx;
                byte[] encoded = encode(chunk(d, c, frameValues, cz, cy, cx));
                Path file = staging.resolve(l + "/" + tChunk + "/" + cz + "/" + cy + "/" + cx);
                try {
                    Files.write(file, encoded);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw AtomicFiles.writeError(target, e);
        } catch (UncheckedIOException e) {
            throw AtomicFiles.writeError(target, e.getCause());
        }
    }

    /** The chunk's values in C order (t, z, y, x), NaN outside the array, as little-endian bytes. */
    private static byte[] chunk(Dimensions d, int[] c, float[][] frameValues, int cz, int cy, int cx) {
        byte[] bytes = new byte[c[0] * c[1] * c[2] * c[3] * 4];
        java.nio.FloatBuffer out = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] padding = new float[c[3]];
        Arrays.fill(padding, Float.NaN);
        int x0 = cx * c[3];
        int inside = Math.max(0, Math.min(c[3], d.width() - x0));
        for (int t = 0; t < c[0]; t++) {
            float[] v = frameValues[t];
            for (int z = 0; z < c[1]; z++) {
                int gz = cz * c[1] + z;
                for (int y = 0; y < c[2]; y++) {
                    int gy = cy * c[2] + y;
                    if (v != null && gz < d.depth() && gy < d.height()) {
                        out.put(v, d.index(gz, gy, x0), inside); // one row at a time: bulk copies, not voxels
                        out.put(padding, 0, c[3] - inside);
                    } else {
                        out.put(padding, 0, c[3]);
                    }
                }
            }
        }
        return bytes;
    }

    private byte[] encode(byte[] raw) {
        switch (options.compressor()) {
            case NONE -> {
                return raw;
            }
            case ZLIB -> {
                Deflater deflater = new Deflater(options.level());
                try {
                    return TiffCodecs.deflate(deflater, raw, 0, raw.length);
                } finally {
                    deflater.end();
                }
            }
            case GZIP -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2);
                int lvl = options.level();
                try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16) {
                    {
                        def.setLevel(lvl);
                    }
                }) {
                    gz.write(raw);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return out.toByteArray();
            }
            default -> throw new IllegalStateException(options.compressor().toString());
        }
    }

    /** 2x2x2 mean, averaging only the voxels that exist at odd edges. */
    static float[] downsample(float[] v, Dimensions from, Dimensions to) {
        float[] out = new float[to.voxelCount()];
        for (int z = 0; z < to.depth(); z++) {
            for (int y = 0; y < to.height(); y++) {
                for (int x = 0; x < to.width(); x++) {
                    double sum = 0;
                    int n = 0;
                    for (int dz = 0; dz < 2; dz++) {
                        for (int dy = 0; dy < 2; dy++) {
                            for (int dx = 0; dx < 2; dx++) {
                                int sz = 2 * z + dz;
                                int sy = 2 * y + dy;
                                int sx = 2 * x + dx;
                                if (sz < from.depth() && sy < from.height() && sx < from.width()) {
                                    sum += v[from.index(sz, sy, sx)];
                                    n++;
                                }
                            }
                        }
                    }
                    out[to.index(z, y, x)] = (float) (sum / n);
                }
            }
        }
        return out;
    }

    // ---- publishing ------------------------------------------------------------------------------------

    private void publish() throws IOException {
        if (Files.notExists(target)) {
            AtomicFiles.publish(staging, target);
            return;
        }
        boolean replaceable = Files.isDirectory(target) && (Files.exists(target.resolve(".zgroup"))
                || isEmpty(target));
        if (!replaceable) {
            throw CellInrException.of(target, "exists and is not an OME-Zarr folder; not replacing it (choose"
                    + " another output or remove it)");
        }
        Path old = target.resolveSibling("." + target.getFileName() + ".old-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        Files.move(target, old);
        try {
            AtomicFiles.publish(staging, target);
        } catch (IOException e) {
            Files.move(old, target); // put the previous image back
            throw e;
        }
        deleteTree(old);
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static void deleteTree(Path root) {
        if (Files.notExists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(AtomicFiles::deleteQuietly);
        } catch (IOException e) {
            // best effort: a stray hidden staging folder is harmless and named as such
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("OmeZarrWriter for " + target + " already finished or closed");
        }
    }
}
