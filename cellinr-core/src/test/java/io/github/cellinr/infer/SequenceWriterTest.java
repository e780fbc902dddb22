package io.github.cellinr.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.FloatVolume;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.core.Rotation;
import io.github.cellinr.core.TriangleMesh;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.io.Lineage;
import io.github.cellinr.io.MeshFormat;
import io.github.cellinr.io.MeshReader;
import io.github.cellinr.io.OmeZarrReader;
import io.github.cellinr.io.TiffImage;
import io.github.cellinr.io.TiffReader;
import io.github.cellinr.io.Track;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files of one sequence, from an analytic dividing cell (two spheres that overlap, then separate): CTC masks
 * with calibration and the division in {@code res_track.txt}, closed meshes in micrometres, an OME-Zarr that
 * validates against the NGFF 0.4 schemas, provenance everywhere, and nothing published by a failed run.
 */
class SequenceWriterTest {
    private static final int FRAMES = 6;
    private static final double MPU = 10.0;

    @TempDir
    Path dir;

    /** Two spheres of radius 3 um, centres 2 apart (one cell) at frame 0, 9 apart (two cells) from frame 3 on. */
    private static FrameSdf frame(OutputGrid grid, int t, boolean speck) {
        float[] xs = grid.xs();
        float[] ys = grid.ys();
        float[] zs = grid.zs();
        double half = t < 3 ? 1.0 + 0.3 * t : 4.5;
        float[] v = new float[grid.dimensions().voxelCount()];
        int i = 0;
        for (float z : zs) {
            for (float y : ys) {
                for (float x : xs) {
                    double px = x * MPU;
                    double py = y * MPU;
                    double pz = z * MPU;
                    double a = Math.sqrt((px - half) * (px - half) + py * py + pz * pz) - 3;
                    double b = Math.sqrt((px + half) * (px + half) + py * py + pz * pz) - 3;
                    double s = Math.min(a, b);
                    if (speck) {
                        s = Math.min(s, Math.sqrt(px * px + (py - 7) * (py - 7) + (pz - 7) * (pz - 7)) - 0.4);
                    }
                    v[i++] = (float) s;
                }
            }
        }
        double time = -1 + 2.0 * t / (FRAMES - 1);
        return new FrameSdf(t, time, new FloatVolume(grid.dimensions(), grid.voxelSize(), v),
                new EvaluationStats(v.length, v.length, 0, 0, 1, 0));
    }

    private Provenance provenance() {
        return Provenance.builder(List.of("test")).seed(3).modelId("abc").build();
    }

    @Test
    void writesTrackedMasksMeshesZarrAndProvenance() throws IOException {
        OutputGrid grid = OutputGrid.ofVoxelSize(new VoxelSize(0.8, 0.5, 0.5), MPU);
        Shape shape = new Shape("cell_1", new float[] {0.1f, 0.2f}, Rotation.IDENTITY, "test");
        OutputOptions options = OutputOptions.masksOnly().withMesh(MeshFormat.PLY).withZarr(true);
        SequenceSummary summary;
        try (SequenceWriter w = new SequenceWriter(dir, shape, grid, Inference.evenTimes(FRAMES), options,
                provenance(), 2)) {
            for (int t = 0; t < FRAMES; t++) {
                w.accept(frame(grid, t, t == 4));
            }
            summary = w.finish();
        }
        Path seq = dir.resolve("cell_1");
        assertEquals(seq, summary.folder());
        assertEquals(List.of("cell_1"), names(dir), "no staging folder left behind");
        assertEquals(1, summary.divisions());
        assertTrue(summary.dividesAfterMiddle());
        assertEquals(List.of(1, 1, 1, 2, 2, 2), java.util.Arrays.stream(summary.cellsPerFrame()).boxed().toList());

        // masks: uint16 labels with the grid's calibration; one cell that divides into two new tracks
        TiffImage image = TiffReader.read(seq.resolve("masks/mask003.tif"));
        assertEquals(grid.voxelSize(), image.voxelSize());
        assertEquals(grid.dimensions(), image.dimensions());
        Lineage lineage = Lineage.read(seq.resolve("masks/res_track.txt"));
        assertEquals(List.of(new Track(1, 0, 2, 0), new Track(2, 3, 5, 1), new Track(3, 3, 5, 1)), lineage.tracks());
        LabelVolume m0 = TiffReader.readLabels(seq.resolve("masks/mask000.tif"));
        LabelVolume m5 = TiffReader.readLabels(seq.resolve("masks/mask005.tif"));
        assertEquals(1, m0.maxLabel());
        assertEquals(Map.of(2, 1L, 3, 1L), sidesOf(m5, grid), "each daughter on its own side");
        // the speck at frame 4 is far below 1 % of the cells: left out of the mask
        LabelVolume m4 = TiffReader.readLabels(seq.resolve("masks/mask004.tif"));
        int[] d = {m4.depth() - 1, m4.height() - 1, m4.width() / 2};
        assertEquals(0, m4.get((int) Math.round((7 / MPU + 1) / 2 * d[0]), (int) Math.round((7 / MPU + 1) / 2 * d[1]),
                d[2]));

        // meshes: closed, outward, micrometres: the volume of two separated 3 um spheres
        TriangleMesh mesh = MeshReader.read(seq.resolve("meshes/mesh005.ply"));
        double sphere = 4.0 / 3 * Math.PI * 27;
        assertEquals(2 * sphere, mesh.enclosedVolumeUm3(), 0.05 * 2 * sphere);

        // OME-Zarr: the SDF series with micrometre scale, metadata valid NGFF 0.4
        OmeZarrReader zarr = OmeZarrReader.open(seq.resolve(SequenceWriter.ZARR));
        assertEquals(FRAMES, zarr.frames());
        assertEquals(grid.voxelSize(), zarr.voxelSize(0));
        FloatVolume f2 = zarr.readFrame(0, 2);
        assertEquals(frame(grid, 2, false).sdfUm().values()[1234], f2.values()[1234]);
        JsonNode zattrs = Json.mapper().readTree(seq.resolve(SequenceWriter.ZARR).resolve(".zattrs").toFile());
        for (String schema : List.of("image.schema", "strict_image.schema")) {
            List<Error> errors = schema(schema).validate(zattrs);
            assertTrue(errors.isEmpty(), schema + ": " + errors);
        }
        assertEquals("abc", zattrs.at("/cellinr/provenance/modelId").asText());

        for (Path p : List.of(seq, seq.resolve("masks"), seq.resolve("meshes"), seq.resolve(SequenceWriter.ZARR))) {
            Provenance read = Provenance.read(p.resolve(Provenance.FILE_NAME));
            assertEquals(3L, read.seed());
        }
    }

    /** For each label of the last frame, how many sides (x < centre, x > centre) it occupies. */
    private static Map<Integer, Long> sidesOf(LabelVolume m, OutputGrid grid) {
        Map<Integer, java.util.Set<Boolean>> sides = new HashMap<>();
        float[] xs = grid.xs();
        for (int z = 0; z < m.depth(); z++) {
            for (int y = 0; y < m.height(); y++) {
                for (int x = 0; x < m.width(); x++) {
                    int l = m.get(z, y, x);
                    if (l != 0) {
                        sides.computeIfAbsent(l, k -> new java.util.HashSet<>()).add(xs[x] > 0);
                    }
                }
            }
        }
        Map<Integer, Long> count = new HashMap<>();
        sides.forEach((l, s) -> count.put(l, (long) s.size()));
        return count;
    }

    @Test
    void aFailedRunPublishesNothingAndAnExistingFolderNeedsOverwrite() throws IOException {
        OutputGrid grid = OutputGrid.ofEdge(24, MPU);
        Shape shape = new Shape("cell_2", new float[] {0f}, Rotation.IDENTITY, "test");
        OutputOptions options = OutputOptions.masksOnly().withZarr(true).withMesh(MeshFormat.STL);
        try (SequenceWriter w = new SequenceWriter(dir, shape, grid, Inference.evenTimes(FRAMES), options,
                provenance(), 1)) {
            w.accept(frame(grid, 0, false));
            w.accept(frame(grid, 1, false));
            // the run dies here (an exception, a kill): close without finish
        }
        assertEquals(List.of(), names(dir), "nothing that looks like a sequence folder");

        Files.createDirectories(dir.resolve("cell_2"));
        CellInrException e = assertThrows(CellInrException.class, () -> new SequenceWriter(dir, shape, grid,
                Inference.evenTimes(FRAMES), options, provenance(), 1));
        assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
        try (SequenceWriter w = new SequenceWriter(dir, shape, grid, Inference.evenTimes(2),
                options.withOverwrite(true), provenance(), 1)) {
            w.accept(frame(grid, 0, false));
            w.accept(frame(grid, 1, false));
            w.finish();
        }
        assertTrue(Files.exists(dir.resolve("cell_2/masks/res_track.txt")));
        assertFalse(Files.exists(dir.resolve("cell_2/masks/mask002.tif")));
        assertEquals(List.of("cell_2"), names(dir));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static Schema schema(String name) throws IOException {
        String base = "https://ngff.openmicroscopy.org/0.4/schemas/";
        Map<String, String> local = Map.of(base + "image.schema", resource("image.schema"),
                base + "strict_image.schema", resource("strict_image.schema"));
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(local));
        return registry.getSchema(SchemaLocation.of(base + name));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SequenceWriterTest.class.getResourceAsStream("/ngff/0.4/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
