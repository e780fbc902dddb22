package io.github.cellinr.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.io.CtcKind;
import io.github.cellinr.io.CtcLayout;
import io.github.cellinr.io.CtcSequence;
import io.github.cellinr.io.CtcWriter;
import io.github.cellinr.io.Lineage;
import io.github.cellinr.io.TiffImage;
import io.github.cellinr.io.TiffReader;
import io.github.cellinr.io.Track;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CtcRenderTest {
    private static final VoxelSize VOXEL = new VoxelSize(0.25, 0.2, 0.2);

    /** Writes a synthetic sequence (with a division) as CTC tracking ground truth, as the phantom stage does. */
    static SyntheticSequence writeMasks(Path folder, int frames) {
        SyntheticSequence masks = new SyntheticSequence(32, VOXEL, frames, 2, 4);
        Map<Integer, int[]> spans = new TreeMap<>();
        try (CtcWriter writer = CtcWriter.groundTruth(folder.resolve("01_GT"), frames)) {
            for (int t = 0; t < frames; t++) {
                LabelVolume m = masks.frame(t);
                writer.writeFrame(t, m);
                for (int l : m.labels()) {
                    if (l > 0) {
                        final int frame = t;
                        spans.computeIfAbsent(l, k -> new int[] {frame, frame})[1] = frame;
                    }
                }
            }
            List<Track> tracks = new ArrayList<>();
            spans.forEach((l, s) -> tracks.add(new Track(l, s[0], s[1], masks.parents().getOrDefault(l, 0))));
            writer.finish(Lineage.of(tracks));
        }
        return masks;
    }

    @Test
    void writesACtcDatasetThatTheProjectsReaderReads(@TempDir Path dir) throws Exception {
        int frames = 5;
        SyntheticSequence masks = writeMasks(dir.resolve("in"), frames);
        Path out = dir.resolve("out");
        RenderSettings settings = RenderSettings.defaults().withMip(true).withSeed(3).withThreads(2);
        CtcRender.Result result = CtcRender.run(dir.resolve("in"), out, settings, null, List.of("render", "test"),
                ProgressSink.NONE);
        assertEquals(1, result.sequences().size());
        assertTrue(result.sequences().get(0).tracking());

        CtcLayout.Discovery found = CtcLayout.discover(out);
        CtcSequence images = found.ofKind(CtcKind.IMAGES).stream().filter(s -> s.name().equals("01")).findFirst()
                .orElseThrow();
        CtcSequence seg = found.ofKind(CtcKind.SEGMENTATION).stream().filter(s -> s.name().equals("01"))
                .findFirst().orElseThrow();
        CtcSequence tra = found.ofKind(CtcKind.TRACKING).stream().filter(s -> s.name().equals("01"))
                .findFirst().orElseThrow();
        assertEquals(frames, images.frameCount());
        assertEquals(frames, seg.frameCount());
        Lineage written = tra.readLineage().orElseThrow();
        Lineage original = Lineage.read(dir.resolve("in/01_GT/TRA/man_track.txt"));
        assertEquals(original.tracks(), written.tracks());
        for (int t = 0; t < frames; t++) {
            TiffImage image = images.readImage(t);
            assertEquals(masks.size(), image.dimensions());
            assertEquals(0.25, image.voxelSize().zUm(), 1e-6);
            assertEquals(0.2, image.voxelSize().xUm(), 1e-6);
            assertEquals(16, image.sampleType().bits());
            assertArrayEquals(masks.frame(t).labels(), seg.readLabels(t).labels());
            assertArrayEquals(masks.frame(t).labels(), tra.readLabels(t).labels());
        }
        // projections: a 2D+t dataset of its own
        CtcLayout.Discovery mip = CtcLayout.discover(out.resolve("mip"));
        CtcSequence mipImages = mip.ofKind(CtcKind.IMAGES).get(0);
        assertEquals(1, mipImages.readImage(0).dimensions().depth());
        assertEquals(frames, mip.ofKind(CtcKind.SEGMENTATION).get(0).frameCount());

        JsonNode provenance = Json.mapper().readTree(out.resolve("provenance.json").toFile());
        assertEquals(3, provenance.get("seed").asLong());
        assertEquals("CYTOPLASM", provenance.at("/parameters/settings/staining/mode").asText());
        assertTrue(provenance.at("/parameters/sequences/0/render/psf/fwhm_lateral_um").asDouble() > 0);
        assertTrue(Files.exists(out.resolve("mip/provenance.json")));
        try (var list = Files.list(dir)) {
            assertFalse(list.anyMatch(p -> p.getFileName().toString().startsWith(".")), "no staging left");
        }
    }

    @Test
    void sameSeedSameFiles(@TempDir Path dir) {
        writeMasks(dir.resolve("in"), 3);
        RenderSettings settings = RenderSettings.defaults().withSeed(11).withThreads(2)
                .withCamera(new Camera(50, 10, 2, 0.5, 10, 8, 0));
        CtcRender.run(dir.resolve("in"), dir.resolve("a"), settings, null, List.of(), ProgressSink.NONE);
        CtcRender.run(dir.resolve("in"), dir.resolve("b"), settings.withThreads(1), null, List.of(),
                ProgressSink.NONE);
        for (int t = 0; t < 3; t++) {
            String name = String.format("01/t%03d.tif", t);
            TiffImage a = TiffReader.read(dir.resolve("a").resolve(name));
            TiffImage b = TiffReader.read(dir.resolve("b").resolve(name));
            assertEquals(8, a.sampleType().bits());
            assertArrayEquals((byte[]) a.pixels(), (byte[]) b.pixels());
        }
    }

    @Test
    void refusesANonEmptyOutputAndMissingInput(@TempDir Path dir) throws Exception {
        writeMasks(dir.resolve("in"), 2);
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("keep.txt"), "mine");
        CellInrException e = assertThrows(CellInrException.class, () -> CtcRender.run(dir.resolve("in"), out,
                RenderSettings.defaults(), null, List.of(), ProgressSink.NONE));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        assertEquals("mine", Files.readString(out.resolve("keep.txt")));
        e = assertThrows(CellInrException.class, () -> CtcRender.run(dir.resolve("nothing"), dir.resolve("o2"),
                RenderSettings.defaults(), null, List.of(), ProgressSink.NONE));
        assertTrue(e.getMessage().contains("nothing"), e.getMessage());
    }

    /** Real 2D+t CTC ground truth (tracking markers with lineage) renders to a 2D+t dataset. */
    @Test
    void rendersTheSharedTwoDimensionalFixture(@TempDir Path dir) {
        String data = System.getProperty("cellinr.shared.data");
        Assumptions.assumeTrue(data != null && Files.isDirectory(Path.of(data, "ctc_layout_fixture_2dt")),
                "shared test data not available (run through Maven beside ../shared/data)");
        Path tra = Path.of(data, "ctc_layout_fixture_2dt", "GT", "TRA");
        RenderSettings settings = RenderSettings.defaults().withThreads(2)
                .withCamera(new Camera(0, 20, 1.5, 1, 100, 16, 5));
        CtcRender.Result result = CtcRender.run(tra, dir.resolve("out"), settings, VoxelSize.isotropic(0.2),
                List.of(), ProgressSink.NONE);
        CtcRender.SequenceResult r = result.sequences().get(0);
        assertEquals(6, r.summary().frames());
        assertEquals(1, r.summary().outputSize().depth());
        CtcSequence seg = CtcLayout.discover(dir.resolve("out")).ofKind(CtcKind.SEGMENTATION).get(0);
        CtcSequence input = CtcLayout.open(tra, CtcKind.TRACKING);
        for (int t = 0; t < 6; t++) {
            assertArrayEquals(input.readLabels(t).labels(), seg.readLabels(t).labels());
        }
        assertEquals(5, r.summary().meanSnr(), 1.5);
    }
}
