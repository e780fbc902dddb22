package io.github.cellinr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.dataset.MappedSdfDataset;
import io.github.cellinr.io.TiffWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data verbs through the real command line: happy paths and bad input (one line, exit 2, no trace). */
class DataCommandsTest {

    @TempDir
    Path dir;

    /** Bad input: exit 2 and one line on stderr that names the problem, never a stack trace. */
    static void assertOneLineError(MainTest.Run r, String... expected) {
        assertEquals(2, r.exitCode, "exit code; stderr: " + r.err);
        String line = r.err.strip();
        assertEquals(1, line.lines().count(), "one line: " + r.err);
        assertTrue(line.startsWith("cellinr: error: "), line);
        assertFalse(line.contains("Exception") || line.contains("\tat "), "no stack trace: " + line);
        for (String e : expected) {
            assertTrue(line.contains(e), "'" + e + "' in: " + line);
        }
    }

    static LabelVolume ball(int label) {
        Dimensions d = new Dimensions(16, 24, 24);
        LabelVolume v = LabelVolume.empty(d, new VoxelSize(1.0, 0.5, 0.5));
        for (int z = 0; z < d.depth(); z++) {
            for (int y = 0; y < d.height(); y++) {
                for (int x = 0; x < d.width(); x++) {
                    double dz = (z - 8) * 1.0, dy = (y - 12) * 0.5, dx = (x - 12) * 0.5;
                    if (dx * dx + dy * dy + dz * dz < 16) {
                        v.set(z, y, x, label);
                    }
                }
            }
        }
        return v;
    }

    @Test
    void phantomThenPrepareThroughTheCommandLine() throws Exception {
        Path masks = dir.resolve("masks");
        MainTest.Run p = MainTest.run("phantom", "--type", "dividing", "--count", "2", "--frames", "4", "--size", "32",
                "--seed", "3", "--out", masks.toString(), "--threads", "2");
        assertEquals(0, p.exitCode, p.err);
        assertTrue(p.out.contains("wrote 2 dividing phantom sequences"), p.out);
        Path data = dir.resolve("data");
        MainTest.Run r = MainTest.run("prepare", "--in", masks.toString(), "--out", data.toString(), "--grid", "24",
                "--json", "--threads", "2");
        assertEquals(0, r.exitCode, r.err);
        JsonNode summary = Json.mapper().readTree(r.out);
        assertEquals(data.toAbsolutePath().normalize().toString(), summary.get("output").asText());
        assertEquals(2, summary.get("sequences").asInt());
        assertEquals(8, summary.get("frames").asInt());
        assertEquals(2, summary.get("divisions").asInt());
        try (MappedSdfDataset d = MappedSdfDataset.open(data)) {
            assertEquals(24, d.info().gridSize());
            assertEquals(3, d.info().seed(), "the phantoms' seed is carried into the dataset");
            assertEquals(2, d.info().sequences().get(0).divisionFrame());
        }
        JsonNode provenance = Json.mapper().readTree(data.resolve("provenance.json").toFile());
        assertEquals("prepare", provenance.get("command").get(1).asText());
        assertEquals(64, provenance.get("inputs").get(0).get("sha256").asText().length());
        MainTest.Run again = MainTest.run("prepare", "--in", masks.toString(), "--out", data.toString(), "--grid", "24");
        assertOneLineError(again, "--force");
    }

    @Test
    void helpShowsEveryOptionWithItsDefault() {
        MainTest.Run r = MainTest.run("prepare", "--help");
        assertEquals(0, r.exitCode);
        for (String option : new String[] {"--in", "--out", "--grid", "--frames", "--precision", "--near-um",
            "--background-label", "--keep-border-cells", "--extent-um", "--tracking", "--voxel-size", "--threads"}) {
            assertTrue(r.out.contains(option), option + " in help");
        }
        assertTrue(r.out.contains("Default: 128") && r.out.contains("Default: 0.6") && r.out.contains("Default: auto"),
                r.out);
        MainTest.Run p = MainTest.run("phantom", "--help");
        assertTrue(p.out.contains("--voxel-size") && p.out.contains("Default: growing"), p.out);
    }

    @Test
    void missingFolder() {
        Path missing = dir.resolve("nowhere");
        assertOneLineError(MainTest.run("prepare", "--in", missing.toString(), "--out", dir.resolve("o").toString()),
                missing.toString(), "does not exist");
    }

    @Test
    void truncatedTiff() throws Exception {
        Path file = dir.resolve("cells.tif");
        new TiffWriter().writeLabels(file, ball(1));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        assertOneLineError(MainTest.run("prepare", "--in", file.toString(), "--out", dir.resolve("o").toString()),
                file.toString());
    }

    @Test
    void wrongMagic() throws Exception {
        Path file = dir.resolve("cells.tif");
        Files.writeString(file, "GIF89a this is not a TIFF at all");
        assertOneLineError(MainTest.run("prepare", "--in", file.toString(), "--out", dir.resolve("o").toString()),
                file.toString());
    }

    @Test
    void emptyMask() throws Exception {
        Path file = dir.resolve("empty.tif");
        new TiffWriter().writeLabels(file, LabelVolume.empty(new Dimensions(8, 16, 16), VoxelSize.UNIT));
        assertOneLineError(MainTest.run("prepare", "--in", file.toString(), "--out", dir.resolve("o").toString()),
                "no cells");
        assertFalse(Files.exists(dir.resolve("o")), "nothing half-written");
    }

    /** A lineage that lists a label in a frame whose mask lacks it: reported, and the rest is prepared. */
    @Test
    void labelVanishingMidSequenceIsAReportedSkip() throws Exception {
        Path tra = dir.resolve("in").resolve("01_GT").resolve("TRA"); // --out may not lie inside --in
        Files.createDirectories(tra);
        TiffWriter w = new TiffWriter();
        LabelVolume both = ball(1);
        LabelVolume small = ball(2);
        for (int i = 0; i < both.labels().length; i++) {
            if (small.labels()[i] != 0 && both.labels()[i] != 0 && (i % 24) < 12) {
                both.labels()[i] = 2; // left half of the ball is label 2
            }
        }
        w.writeLabels(tra.resolve("man_track000.tif"), both);
        w.writeLabels(tra.resolve("man_track001.tif"), ball(1)); // label 2 vanished
        w.writeLabels(tra.resolve("man_track002.tif"), both);
        Files.writeString(tra.resolve("man_track.txt"), "1 0 2 0\n2 0 2 0\n");
        MainTest.Run r = MainTest.run("prepare", "--in", dir.resolve("in").toString(), "--out",
                dir.resolve("o").toString(), "--grid", "16", "--min-voxels", "10");
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("label 2 is absent from") && r.out.contains("man_track001.tif"), r.out);
        assertTrue(r.out.contains("1 sequence cut short"), r.out);
    }

    @Test
    void twoDimensionalCtcData() {
        String shared = System.getProperty("cellinr.shared.data");
        Assumptions.assumeTrue(shared != null && Files.isDirectory(Path.of(shared, "ctc_layout_fixture_2dt")),
                "../shared/data/ctc_layout_fixture_2dt is not available");
        assertOneLineError(MainTest.run("prepare", "--in", Path.of(shared, "ctc_layout_fixture_2dt").toString(),
                "--out", dir.resolve("o").toString()), "2D");
    }

    @Test
    void badOptions() {
        MainTest.Run r = MainTest.run("phantom", "--type", "blob", "--out", dir.resolve("p").toString());
        assertOneLineError(r, "unknown phantom type 'blob'");
        assertOneLineError(MainTest.run("phantom", "--size", "4", "--out", dir.resolve("p").toString()), "--size");
        assertOneLineError(MainTest.run("prepare", "--in", dir.toString(), "--precision", "f8"), "f16 or f32");
        assertOneLineError(MainTest.run("prepare", "--in", dir.toString(), "--background-label", "sky"),
                "--background-label");
        assertOneLineError(MainTest.run("prepare", "--in", dir.toString(), "--extent-percentile", "20"),
                "--extent-percentile must be between 50 and 100, got 20");
        assertOneLineError(MainTest.run("prepare", "--in", dir.toString(), "--min-volume-fraction", "-1"),
                "--min-volume-fraction");
    }
}
