package io.github.cellinr.phantom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.io.CtcKind;
import io.github.cellinr.io.CtcLayout;
import io.github.cellinr.io.CtcSequence;
import io.github.cellinr.io.Lineage;
import io.github.cellinr.io.Track;
import io.github.cellinr.shape.DistanceTransform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PhantomTest {

    @TempDir
    Path dir;

    /** Number of 26-connected components of the non-zero voxels. */
    static int components(LabelVolume v) {
        Dimensions d = v.dimensions();
        boolean[] seen = new boolean[d.voxelCount()];
        int count = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int start = 0; start < seen.length; start++) {
            if (seen[start] || v.labels()[start] == 0) {
                continue;
            }
            count++;
            seen[start] = true;
            queue.add(start);
            while (!queue.isEmpty()) {
                int i = queue.poll();
                int x = i % d.width(), y = (i / d.width()) % d.height(), z = i / (d.width() * d.height());
                for (int dz = -1; dz <= 1; dz++) {
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            if (d.contains(z + dz, y + dy, x + dx)) {
                                int j = d.index(z + dz, y + dy, x + dx);
                                if (!seen[j] && v.labels()[j] != 0) {
                                    seen[j] = true;
                                    queue.add(j);
                                }
                            }
                        }
                    }
                }
            }
        }
        return count;
    }

    static TreeSet<Integer> labels(LabelVolume v) {
        TreeSet<Integer> s = new TreeSet<>();
        for (int l : v.labels()) {
            if (l != 0) {
                s.add(l);
            }
        }
        return s;
    }

    @ParameterizedTest
    @EnumSource(PhantomType.class)
    void deterministicFromTheSeedAndIndependentOfTheCount(PhantomType type) {
        PhantomSpec a = new PhantomSpec(type, 3, 6, 48, null, 11);
        PhantomSpec b = new PhantomSpec(type, 5, 6, 48, null, 11);
        PhantomSpec other = new PhantomSpec(type, 3, 6, 48, null, 12);
        for (int i = 0; i < 3; i++) {
            for (int t : new int[] {0, 5}) {
                LabelVolume first = PhantomGenerator.sequence(a, i).frame(t);
                assertArrayEquals(first.labels(), PhantomGenerator.sequence(a, i).frame(t).labels(), "same spec");
                assertArrayEquals(first.labels(), PhantomGenerator.sequence(b, i).frame(t).labels(),
                        "sequence i does not depend on --count");
                assertFalse(java.util.Arrays.equals(first.labels(), PhantomGenerator.sequence(other, i).frame(t).labels()),
                        "another seed gives another cell");
            }
        }
        assertFalse(java.util.Arrays.equals(PhantomGenerator.sequence(a, 0).frame(0).labels(),
                PhantomGenerator.sequence(a, 1).frame(0).labels()), "sequences differ");
    }

    @ParameterizedTest
    @EnumSource(PhantomType.class)
    void cellsStayInsideTheFieldAndGrow(PhantomType type) {
        PhantomSpec spec = new PhantomSpec(type, 4, 8, 48, null, 3);
        for (PhantomSequence s : PhantomGenerator.sequences(spec)) {
            long firstVolume = 0;
            long lastVolume = 0;
            for (int t = 0; t < spec.frames(); t++) {
                LabelVolume v = s.frame(t);
                Dimensions d = v.dimensions();
                long count = 0;
                for (int z = 0; z < d.depth(); z++) {
                    for (int y = 0; y < d.height(); y++) {
                        for (int x = 0; x < d.width(); x++) {
                            if (v.get(z, y, x) != 0) {
                                count++;
                                boolean border = z == 0 || y == 0 || x == 0 || z == d.depth() - 1
                                        || y == d.height() - 1 || x == d.width() - 1;
                                assertFalse(border, type + " sequence " + s.index() + " frame " + t + " touches the border");
                            }
                        }
                    }
                }
                assertTrue(count > 100, "cell present");
                if (t == 0) {
                    firstVolume = count;
                }
                lastVolume = count;
            }
            if (type != PhantomType.FILOPODIAL) { // filopodial bodies grow little; their filopodia grow
                assertTrue(lastVolume > firstVolume, type + " grows: " + firstVolume + " -> " + lastVolume);
            }
        }
    }

    @Test
    void dividingPhantomHasTwoComponentsAfterMidSequenceWithTheRightLineage() {
        int frames = 12;
        PhantomSpec spec = new PhantomSpec(PhantomType.DIVIDING, 3, frames, 64, null, 5);
        for (PhantomSequence s : PhantomGenerator.sequences(spec)) {
            int division = frames / 2;
            assertEquals(List.of(new PhantomTrack(1, 0, division - 1, 0), new PhantomTrack(2, division, frames - 1, 1),
                    new PhantomTrack(3, division, frames - 1, 1)), s.tracks());
            for (int t = 0; t < frames; t++) {
                LabelVolume v = s.frame(t);
                if (t < division) {
                    assertEquals(1, components(v), "one mother before the division, frame " + t);
                    assertEquals(new TreeSet<>(List.of(1)), labels(v));
                } else {
                    assertEquals(2, components(v), "two daughters after mid-sequence, frame " + t);
                    assertEquals(new TreeSet<>(List.of(2, 3)), labels(v));
                }
            }
        }
    }

    /**
     * Filopodia are 1-3 voxels wide at 128^3: no protrusion voxel is more than 2 voxels from the nearest
     * outside voxel (a 3-voxel-wide cross-section has its centre 2 voxels from the outside, a 4-wide one 2.5).
     */
    @Test
    void filopodiaAreOneToThreeVoxelsWideAt128() {
        PhantomSpec spec = new PhantomSpec(PhantomType.FILOPODIAL, 2, 3, 128, null, 2);
        for (PhantomSequence s : PhantomGenerator.sequences(spec)) {
            LabelVolume v = s.frame(2);
            VoxelSize vs = v.voxelSize();
            boolean[] inside = new boolean[v.labels().length];
            for (int i = 0; i < inside.length; i++) {
                inside[i] = v.labels()[i] != 0;
            }
            float[] sdf = DistanceTransform.signedDistanceUm(inside, v.dimensions(), vs.xUm(), 2);
            FilopodialCell cell = (FilopodialCell) PhantomGeneratorAccess.cell(s);
            double bodyBound = cell.bodyBoundUm();
            double[] c = s.centreUm();
            Dimensions d = v.dimensions();
            int protrusion = 0;
            double deepest = 0;
            for (int z = 0; z < d.depth(); z++) {
                for (int y = 0; y < d.height(); y++) {
                    for (int x = 0; x < d.width(); x++) {
                        int i = d.index(z, y, x);
                        double r = Math.sqrt(sq(x * vs.xUm() - c[0]) + sq(y * vs.yUm() - c[1]) + sq(z * vs.zUm() - c[2]));
                        if (inside[i] && r > bodyBound) {
                            protrusion++;
                            // -sdf = (distance to the nearest outside voxel centre) - h/2
                            deepest = Math.max(deepest, -sdf[i] / vs.xUm() + 0.5);
                        }
                    }
                }
            }
            assertTrue(protrusion > 50, "filopodia reach beyond the body: " + protrusion + " voxels");
            assertTrue(deepest <= 2 + 1e-6, "a protrusion voxel lies " + deepest + " voxels deep: wider than 3 voxels");
            assertTrue(deepest >= 1, "protrusions are at least one voxel wide");
        }
    }

    private static double sq(double v) {
        return v * v;
    }

    @Test
    void anisotropicVoxelsKeepTheFieldOfView() {
        PhantomSpec spec = new PhantomSpec(PhantomType.GROWING, 1, 2, 128, new VoxelSize(1.0, 0.25, 0.25), 1);
        assertEquals(new Dimensions(32, 128, 128), spec.dimensions());
        LabelVolume v = PhantomGenerator.sequence(spec, 0).frame(0);
        assertEquals(new VoxelSize(1.0, 0.25, 0.25), v.voxelSize());
        CellInrException e = assertThrows(CellInrException.class,
                () -> new PhantomSpec(PhantomType.GROWING, 1, 2, 64, VoxelSize.isotropic(0.25), 1));
        assertTrue(e.getMessage().contains("field of view") && e.getMessage().contains("--size 128"), e.getMessage());
        e = assertThrows(CellInrException.class, () -> new PhantomSpec(PhantomType.DIVIDING, 1, 1, 64, null, 1));
        assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
    }

    @Test
    void writesACtcFolderWithLineageCalibrationAndProvenance() throws Exception {
        PhantomSpec spec = new PhantomSpec(PhantomType.DIVIDING, 2, 4, 40, new VoxelSize(1.0, 0.8, 0.8), 9);
        Path out = dir.resolve("p");
        PhantomWriter.Result r = PhantomWriter.write(spec, out, false, 2, List.of("cellinr", "phantom"), ProgressSink.NONE);
        assertEquals(2, r.sequences());
        CtcLayout.Discovery found = CtcLayout.discover(out);
        List<CtcSequence> tra = found.ofKind(CtcKind.TRACKING);
        assertEquals(2, tra.size());
        assertEquals(2, found.ofKind(CtcKind.SEGMENTATION).size());
        for (CtcSequence s : tra) {
            Lineage lineage = s.readLineage().orElseThrow();
            assertEquals(List.of(new Track(1, 0, 1, 0), new Track(2, 2, 3, 1), new Track(3, 2, 3, 1)), lineage.tracks());
            LabelVolume frame = s.readLabels(3);
            assertEquals(new VoxelSize(1.0, 0.8, 0.8), frame.voxelSize());
            int index = Integer.parseInt(s.name()) - 1;
            assertArrayEquals(PhantomGenerator.sequence(spec, index).frame(3).labels(), frame.labels(),
                    "the file holds exactly the rasterised phantom");
        }
        Provenance p = Provenance.read(out.resolve("provenance.json"));
        assertEquals(9L, p.seed());
        assertTrue(p.parameters().containsKey("sequences"));
        assertTrue(Files.readString(out.resolve("provenance.json")).contains("radius0Um"));
        CellInrException e = assertThrows(CellInrException.class,
                () -> PhantomWriter.write(spec, out, false, 1, List.of(), ProgressSink.NONE));
        assertTrue(e.getMessage().contains("--force"), e.getMessage());
        PhantomWriter.write(spec, out, true, 1, List.of(), ProgressSink.NONE); // replaces its own output
    }
}
