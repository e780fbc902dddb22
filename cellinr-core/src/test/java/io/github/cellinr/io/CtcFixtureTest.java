package io.github.cellinr.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.LabelVolume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real LZW-compressed CTC folder of ../shared/data/ctc_layout_fixture_2dt (from java-ctcmetrics). */
class CtcFixtureTest {

    private static Path fixture;

    @BeforeAll
    static void locate() {
        String data = System.getProperty("cellinr.shared.data");
        Assumptions.assumeTrue(data != null, "system property cellinr.shared.data not set (run through Maven)");
        fixture = Path.of(data, "ctc_layout_fixture_2dt");
        Assumptions.assumeTrue(Files.isDirectory(fixture), "shared test data not present: " + fixture);
    }

    @Test
    void discoversTheThreeFamilies() {
        CtcLayout.Discovery found = CtcLayout.discover(fixture);
        assertEquals(3, found.sequences().size(), found.toString());
        CtcSequence seg = found.ofKind(CtcKind.SEGMENTATION).get(0);
        CtcSequence tra = found.ofKind(CtcKind.TRACKING).get(0);
        CtcSequence res = found.ofKind(CtcKind.RESULT).get(0);
        assertEquals("GT/SEG", seg.name());
        assertEquals("res", res.name());
        for (CtcSequence s : List.of(seg, tra, res)) {
            assertEquals(6, s.frameCount());
            assertEquals(0, s.firstFrame());
            assertTrue(s.isContiguous());
        }
        assertTrue(seg.lineage().isEmpty());
        assertEquals(fixture.resolve("GT/TRA/man_track.txt"), tra.lineage().orElseThrow());
        assertEquals(fixture.resolve("res/res_track.txt"), res.lineage().orElseThrow());
    }

    @Test
    void bareFolderIsOneSequence() {
        CtcLayout.Discovery found = CtcLayout.discover(fixture.resolve("GT/TRA"));
        assertEquals(1, found.sequences().size());
        CtcSequence tra = found.sequences().get(0);
        assertEquals(CtcKind.TRACKING, tra.kind());
        assertEquals("TRA", tra.name());
        assertEquals(6, tra.frameCount());
    }

    @Test
    void lzwMasksHaveTheDocumentedShapeAndLabels() {
        CtcLayout.Discovery found = CtcLayout.discover(fixture);
        CtcSequence seg = found.ofKind(CtcKind.SEGMENTATION).get(0);
        CtcSequence res = found.ofKind(CtcKind.RESULT).get(0);
        for (int t = 0; t < 6; t++) {
            TiffImage image = seg.readImage(t);
            assertEquals(SampleType.UINT16, image.sampleType());
            assertEquals(new Dimensions(1, 279, 189), image.dimensions(), "189 x 279 pixels, one page");
            LabelVolume gt = image.toLabelVolume();
            LabelVolume mask = res.readLabels(t);
            assertEquals(new TreeSet<>(List.of(0, 13, 20, 24)), labels(gt), "GT labels in frame " + t);
            assertEquals(new TreeSet<>(List.of(0, 130, 200, 240)), labels(mask), "result labels in frame " + t);
            // the fixture's result is its ground truth relabelled x10: the same pixels, label for label
            Map<Integer, Integer> mapping = new HashMap<>();
            int[] g = gt.labels();
            int[] m = mask.labels();
            for (int i = 0; i < g.length; i++) {
                Integer previous = mapping.putIfAbsent(g[i], m[i]);
                assertEquals(previous == null ? m[i] : previous, m[i], "one-to-one at pixel " + i);
            }
            assertEquals(Map.of(0, 0, 13, 130, 20, 200, 24, 240), mapping);
        }
        // frame 0: exact pixel counts of each object
        assertEquals(Map.of(0, 49214, 13, 1182, 20, 1126, 24, 1209), histogram(seg.readLabels(0)));
    }

    @Test
    void lineageFilesParseToTheirTracks() {
        CtcLayout.Discovery found = CtcLayout.discover(fixture);
        Lineage gt = found.ofKind(CtcKind.TRACKING).get(0).readLineage().orElseThrow();
        Lineage res = found.ofKind(CtcKind.RESULT).get(0).readLineage().orElseThrow();
        assertEquals(List.of(Track.root(13, 0, 5), Track.root(20, 0, 5), Track.root(24, 0, 5)), gt.tracks());
        assertEquals(List.of(Track.root(130, 0, 5), Track.root(200, 0, 5), Track.root(240, 0, 5)), res.tracks());
        // the tracking markers agree with their lineage in every frame
        CtcSequence tra = found.ofKind(CtcKind.TRACKING).get(0);
        for (int t = 0; t < 6; t++) {
            TreeSet<Integer> present = labels(tra.readLabels(t));
            present.remove(0);
            assertEquals(new TreeSet<>(gt.labelsIn(t)), present);
        }
    }

    @Test
    void fixtureRoundTripsThroughOurWriter(@org.junit.jupiter.api.io.TempDir Path dir) {
        CtcSequence res = CtcLayout.discover(fixture).ofKind(CtcKind.RESULT).get(0);
        Lineage lineage = res.readLineage().orElseThrow();
        Path out = dir.resolve("01_RES");
        try (CtcWriter writer = CtcWriter.result(out, res.frameCount())) {
            for (int t = 0; t < res.frameCount(); t++) {
                writer.writeFrame(t, res.readLabels(t));
            }
            writer.finish(lineage);
        }
        CtcSequence back = CtcLayout.discover(dir).sequences().get(0);
        assertEquals("01", back.name());
        assertEquals(lineage, back.readLineage().orElseThrow());
        for (int t = 0; t < res.frameCount(); t++) {
            assertArrayEquals(res.readLabels(t).labels(), back.readLabels(t).labels());
        }
    }

    private static TreeSet<Integer> labels(LabelVolume v) {
        TreeSet<Integer> set = new TreeSet<>();
        for (int l : v.labels()) {
            set.add(l);
        }
        return set;
    }

    private static Map<Integer, Integer> histogram(LabelVolume v) {
        Map<Integer, Integer> h = new TreeMap<>();
        for (int l : v.labels()) {
            h.merge(l, 1, Integer::sum);
        }
        return h;
    }
}
