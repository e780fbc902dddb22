package io.github.cellinr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.io.CtcWriter;
import io.github.cellinr.io.Lineage;
import io.github.cellinr.io.Track;
import io.github.cellinr.render.SyntheticSequence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {

    @Test
    void rendersAMaskFolderAndSaysWhereItWrote(@TempDir Path dir) throws Exception {
        SyntheticSequence masks = new SyntheticSequence(24, VoxelSize.isotropic(0.25), 2, 1, 1);
        try (CtcWriter w = CtcWriter.result(dir.resolve("in"), 2)) {
            for (int t = 0; t < 2; t++) {
                LabelVolume m = masks.frame(t);
                w.writeFrame(t, m);
            }
            w.finish(Lineage.of(List.of(Track.root(1, 0, 1))));
        }
        MainTest.Run r = MainTest.run("render", "--masks", dir.resolve("in").toString(), "--out",
                dir.resolve("out").toString(), "--stain", "membrane", "--psf", "gaussian", "--microscope",
                "widefield", "--mip", "--snr", "6", "--bits", "8", "--gain", "0.5", "--threads", "1", "--json");
        assertEquals(0, r.exitCode, r.err);
        JsonNode json = Json.mapper().readTree(r.out);
        assertTrue(json.get("out").asText().endsWith("out"));
        assertTrue(Files.exists(dir.resolve("out/01/t001.tif")));
        assertTrue(Files.exists(dir.resolve("out/01_GT/SEG/man_seg001.tif")));
        assertTrue(Files.exists(dir.resolve("out/01_GT/TRA/man_track.txt")));
        assertTrue(Files.exists(dir.resolve("out/mip/01/t000.tif")));
        JsonNode provenance = Json.mapper().readTree(dir.resolve("out/provenance.json").toFile());
        assertEquals("render", provenance.get("command").get(0).asText());
        assertEquals("MEMBRANE", provenance.at("/parameters/settings/staining/mode").asText());
    }

    @Test
    void badInputIsOneLineWithExitTwo(@TempDir Path dir) {
        MainTest.Run r = MainTest.run("render", "--masks", dir.resolve("missing").toString(), "--out",
                dir.resolve("out").toString());
        assertEquals(2, r.exitCode);
        assertTrue(r.err.contains("missing") && r.err.strip().lines().count() == 1, r.err);
        r = MainTest.run("render", "--masks", dir.toString(), "--out", dir.resolve("o").toString(), "--na", "1.6");
        assertEquals(2, r.exitCode);
        assertTrue(r.err.contains("numerical aperture"), r.err);
    }

    @Test
    void helpShowsDefaultsAndTheSnrDefinition() {
        MainTest.Run r = MainTest.run("render", "--help");
        assertEquals(0, r.exitCode);
        assertTrue(r.out.contains("--snr"), r.out);
        assertTrue(r.out.contains("std_bg") && r.out.contains("Cell Tracking"), r.out);
        assertTrue(r.out.contains("Default: confocal"), r.out);
    }

    @Test
    void benchRenderReportsSecondsPerFrame() throws Exception {
        MainTest.Run r = MainTest.run("bench", "render", "--size", "24", "--frames", "3", "--threads", "1",
                "--json");
        assertEquals(0, r.exitCode, r.err);
        JsonNode json = Json.mapper().readTree(r.out);
        assertEquals(3, json.get("frames").asInt());
        assertTrue(json.get("seconds_per_frame").asDouble() > 0);
    }
}
