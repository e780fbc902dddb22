package io.github.cellinr.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OmeZarrWriterTest {

    @TempDir
    Path dir;

    private static final Dimensions FRAME = new Dimensions(13, 17, 19); // no side a multiple of the chunk
    private static final VoxelSize VOXEL = new VoxelSize(0.8, 0.4, 0.4);

    private static float[] frame(int t) {
        Random r = new Random(100 + t);
        float[] v = new float[FRAME.voxelCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian() * 3 + t;
        }
        return v;
    }

    private Path write(String name, OmeZarrWriter.Options options, int frames, int[] order) {
        Path out = dir.resolve(name);
        try (OmeZarrWriter w = OmeZarrWriter.create(out, FRAME, frames, VOXEL, options)) {
            for (int t : order) {
                w.writeFrame(t, new FloatVolume(FRAME, VOXEL, frame(t)));
            }
            w.finish();
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(OmeZarrWriter.Compressor.class)
    void roundTripIsExactIncludingEdgeChunksAndLevels(OmeZarrWriter.Compressor compressor) {
        OmeZarrWriter.Options options = OmeZarrWriter.Options.defaults().withChunks(1, 8, 8, 8).withLevels(3)
                .withCompressor(compressor, 6);
        Path out = write("sdf.ome.zarr", options, 3, new int[] {2, 0, 1});
        OmeZarrReader r = OmeZarrReader.open(out);
        assertEquals(3, r.frames());
        assertEquals(3, r.levels());
        assertEquals(FRAME, r.dimensions(0));
        assertEquals(new Dimensions(7, 9, 10), r.dimensions(1));
        assertEquals(new Dimensions(4, 5, 5), r.dimensions(2));
        for (int t = 0; t < 3; t++) {
            assertArrayEquals(frame(t), r.readFrame(0, t).values(), "frame " + t);
            float[] half = referenceMean(frame(t), FRAME, r.dimensions(1));
            assertArrayEquals(half, r.readFrame(1, t).values(), 1e-5f);
            assertArrayEquals(referenceMean(half, r.dimensions(1), r.dimensions(2)), r.readFrame(2, t).values(), 1e-5f);
        }
        assertEquals(VOXEL, r.voxelSize(0));
        assertEquals(new VoxelSize(3.2, 1.6, 1.6), r.voxelSize(2));
        assertEquals(List.of("sdf.ome.zarr"), names(dir), "no staging folder left");
    }

    @Test
    void timeChunksAcrossFramesWithAPartialLastChunk() {
        OmeZarrWriter.Options options = OmeZarrWriter.Options.defaults().withChunks(2, 16, 16, 16)
                .withCompressor(OmeZarrWriter.Compressor.GZIP, 1).withTimeStep(30, "second");
        Path out = write("t.zarr", options, 5, new int[] {4, 1, 0, 3, 2});
        OmeZarrReader r = OmeZarrReader.open(out);
        assertArrayEquals(new int[] {2, 13, 16, 16}, r.chunks(0), "chunks are clipped to the array");
        assertEquals(30.0, r.timeStep());
        for (int t = 0; t < 5; t++) {
            assertArrayEquals(frame(t), r.readFrame(0, t).values(), "frame " + t);
        }
        assertTrue(Files.isRegularFile(out.resolve("0/2/0/1/1")), "nested chunk keys t/z/y/x");
    }

    @Test
    void chunkFilesFollowZarrV2ByteForByte() throws IOException {
        Path zlib = write("z.zarr", OmeZarrWriter.Options.defaults().withChunks(1, 8, 8, 8), 1, new int[] {0});
        JsonNode zarray = Json.mapper().readTree(zlib.resolve("0/.zarray").toFile());
        assertEquals(2, zarray.get("zarr_format").asInt());
        assertEquals("<f4", zarray.get("dtype").asText());
        assertEquals("/", zarray.get("dimension_separator").asText());
        assertEquals("C", zarray.get("order").asText());
        assertEquals("NaN", zarray.get("fill_value").asText());
        assertEquals("zlib", zarray.get("compressor").get("id").asText());
        assertEquals("[1,13,17,19]", zarray.get("shape").toString());
        assertEquals("[1,8,8,8]", zarray.get("chunks").toString());
        assertEquals("{\n  \"zarr_format\" : 2\n}\n", Files.readString(zlib.resolve(".zgroup")));
        // the last chunk in every direction: full 8x8x8 size, NaN outside the 13x17x19 array
        float[] chunk = decode(Files.readAllBytes(zlib.resolve("0/0/1/2/2")), false);
        assertEquals(512, chunk.length);
        float[] v = frame(0);
        for (int z = 0; z < 8; z++) {
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    int gz = 8 + z;
                    int gy = 16 + y;
                    int gx = 16 + x;
                    float got = chunk[(z * 8 + y) * 8 + x];
                    if (gz < 13 && gy < 17 && gx < 19) {
                        assertEquals(v[FRAME.index(gz, gy, gx)], got);
                    } else {
                        assertTrue(Float.isNaN(got), "padding at " + z + "," + y + "," + x);
                    }
                }
            }
        }
        Path gz = write("g.zarr", OmeZarrWriter.Options.defaults().withChunks(1, 8, 8, 8)
                .withCompressor(OmeZarrWriter.Compressor.GZIP, 9), 1, new int[] {0});
        assertEquals(v[0], decode(Files.readAllBytes(gz.resolve("0/0/0/0/0")), true)[0]);
    }

    @Test
    void zattrsValidateAgainstTheNgff04Schemas() throws IOException {
        Path out = write("v.zarr", OmeZarrWriter.Options.defaults().withChunks(1, 8, 8, 8).withLevels(2)
                .withTimeStep(2.5, "minute").withAttributes(Map.of("cellinr", Map.of("seed", 7))), 2,
                new int[] {0, 1});
        JsonNode zattrs = Json.mapper().readTree(out.resolve(".zattrs").toFile());
        for (String schema : List.of("image.schema", "strict_image.schema")) {
            List<Error> errors = schema(schema).validate(zattrs);
            assertTrue(errors.isEmpty(), schema + ": " + errors);
        }
        JsonNode ms = zattrs.get("multiscales").get(0);
        assertEquals("0.4", ms.get("version").asText());
        assertEquals("[{\"name\":\"t\",\"type\":\"time\",\"unit\":\"minute\"},"
                + "{\"name\":\"z\",\"type\":\"space\",\"unit\":\"micrometer\"},"
                + "{\"name\":\"y\",\"type\":\"space\",\"unit\":\"micrometer\"},"
                + "{\"name\":\"x\",\"type\":\"space\",\"unit\":\"micrometer\"}]", ms.get("axes").toString());
        assertEquals("[2.5,0.8,0.4,0.4]", ms.get("datasets").get(0).get("coordinateTransformations").get(0)
                .get("scale").toString());
        assertEquals(7, zattrs.get("cellinr").get("seed").asInt());
        // the validator is live: metadata without axes, or with a bad version, is rejected
        ObjectNode broken = zattrs.deepCopy();
        ((ObjectNode) broken.get("multiscales").get(0)).remove("axes");
        assertFalse(schema("image.schema").validate(broken).isEmpty());
        ObjectNode badVersion = zattrs.deepCopy();
        ((ObjectNode) badVersion.get("multiscales").get(0)).put("version", "0.3");
        assertFalse(schema("image.schema").validate(badVersion).isEmpty());
    }

    private static Schema schema(String name) throws IOException {
        String base = "https://ngff.openmicroscopy.org/0.4/schemas/";
        Map<String, String> local = Map.of(base + "image.schema", resource("image.schema"),
                base + "strict_image.schema", resource("strict_image.schema"));
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(local));
        return registry.getSchema(SchemaLocation.of(base + name));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = OmeZarrWriterTest.class.getResourceAsStream("/ngff/0.4/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void unfinishedOrIncompleteSeriesPublishNothing() {
        Path out = dir.resolve("partial.zarr");
        try (OmeZarrWriter w = OmeZarrWriter.create(out, FRAME, 3, VOXEL, OmeZarrWriter.Options.defaults())) {
            w.writeFrame(0, frame(0));
            CellInrException e = assertThrows(CellInrException.class, w::finish);
            assertTrue(e.getMessage().contains("2 of 3 frames were not written"), e.getMessage());
            e = assertThrows(CellInrException.class, () -> w.writeFrame(1, new float[5]));
            assertTrue(e.getMessage().contains("was created for 13x17x19"), e.getMessage());
        }
        assertEquals(List.of(), names(dir));
    }

    @Test
    void replacesAnOldImageButNothingElse() throws IOException {
        Path out = write("img.zarr", OmeZarrWriter.Options.defaults(), 2, new int[] {0, 1});
        write("img.zarr", OmeZarrWriter.Options.defaults(), 1, new int[] {0});
        assertEquals(1, OmeZarrReader.open(out).frames());
        assertEquals(List.of("img.zarr"), names(dir));
        Path other = Files.createDirectories(dir.resolve("notes"));
        Files.writeString(other.resolve("keep.txt"), "mine");
        CellInrException e = assertThrows(CellInrException.class,
                () -> write("notes", OmeZarrWriter.Options.defaults(), 1, new int[] {0}));
        assertTrue(e.getMessage().contains("not an OME-Zarr folder"), e.getMessage());
        assertEquals("mine", Files.readString(other.resolve("keep.txt")));
        assertEquals(List.of("img.zarr", "notes"), names(dir));
    }

    @Test
    void readerErrors() throws IOException {
        CellInrException e = assertThrows(CellInrException.class, () -> OmeZarrReader.open(dir.resolve("none")));
        assertTrue(e.getMessage().contains("does not exist"));
        Path out = write("r.zarr", OmeZarrWriter.Options.defaults().withChunks(1, 8, 8, 8), 1, new int[] {0});
        Files.write(out.resolve("0/0/0/0/0"), new byte[] {1, 2, 3});
        e = assertThrows(CellInrException.class, () -> OmeZarrReader.open(out).readFrame(0, 0));
        assertTrue(e.getMessage().contains("0/0/0/0/0") && e.getMessage().contains("corrupt zlib chunk"),
                e.getMessage());
    }

    /** An independent 2x2x2 mean: sums the block voxels that exist, divides by their count. */
    private static float[] referenceMean(float[] v, Dimensions from, Dimensions to) {
        float[] out = new float[to.voxelCount()];
        for (int i = 0; i < out.length; i++) {
            int x = i % to.width();
            int y = (i / to.width()) % to.height();
            int z = i / (to.width() * to.height());
            double sum = 0;
            int n = 0;
            for (int sz = 2 * z; sz < Math.min(2 * z + 2, from.depth()); sz++) {
                for (int sy = 2 * y; sy < Math.min(2 * y + 2, from.height()); sy++) {
                    for (int sx = 2 * x; sx < Math.min(2 * x + 2, from.width()); sx++) {
                        sum += v[(sz * from.height() + sy) * from.width() + sx];
                        n++;
                    }
                }
            }
            out[i] = (float) (sum / n);
        }
        return out;
    }

    private static float[] decode(byte[] compressed, boolean gzip) throws IOException {
        try (InputStream in = gzip ? new GZIPInputStream(new ByteArrayInputStream(compressed))
                : new InflaterInputStream(new ByteArrayInputStream(compressed))) {
            byte[] raw = in.readAllBytes();
            float[] f = new float[raw.length / 4];
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
            return f;
        }
    }

    private static List<String> names(Path d) {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
