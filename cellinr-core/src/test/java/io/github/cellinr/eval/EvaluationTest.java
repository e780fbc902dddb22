package io.github.cellinr.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.eval.Evaluation.CellRecord;
import io.github.cellinr.eval.ShapeDescriptors.Descriptor;
import io.github.cellinr.eval.report.Charts.SummaryPoint;
import io.github.cellinr.io.Lineage;
import io.github.cellinr.io.Track;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {

    static final VoxelSize VOXEL = VoxelSize.isotropic(0.5);
    static final Dimensions DIMS = Dimensions.cube(40);

    /** Adds a ball of label {@code label} (centre and radius in voxels). */
    static void ball(LabelVolume m, int label, double cz, double cy, double cx, double r) {
        for (int z = 0; z < m.depth(); z++) {
            for (int y = 0; y < m.height(); y++) {
                for (int x = 0; x < m.width(); x++) {
                    if ((z - cz) * (z - cz) + (y - cy) * (y - cy) + (x - cx) * (x - cx) <= r * r) {
                        m.set(z, y, x, label);
                    }
                }
            }
        }
    }

    /** A ball growing from radius r0 by dr per frame. */
    static MaskSequence growing(String name, int frames, double r0, double dr, double shift) {
        List<LabelVolume> f = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            LabelVolume m = LabelVolume.empty(DIMS, VOXEL);
            ball(m, 1, 19.3 + shift, 19.6, 19.8 - shift, r0 + dr * t);
            f.add(m);
        }
        return MaskSequence.inMemory(name, f, null);
    }

    /** One ball, then from frame {@code split} on two balls: one label throughout, or new labels with lineage. */
    static MaskSequence dividing(String name, int frames, int split, boolean withLineage) {
        List<LabelVolume> f = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            LabelVolume m = LabelVolume.empty(DIMS, VOXEL);
            if (t < split) {
                ball(m, 1, 19.5, 19.5, 19.5, 8);
            } else {
                ball(m, withLineage ? 2 : 1, 19.5, 19.5, 10.5, 6 + 0.2 * (t - split));
                ball(m, withLineage ? 3 : 1, 19.5, 19.5, 28.5, 5 + 0.2 * (t - split));
            }
            f.add(m);
        }
        Lineage lineage = withLineage ? Lineage.of(List.of(Track.root(1, 0, split - 1),
                new Track(2, split, frames - 1, 1), new Track(3, split, frames - 1, 1))) : null;
        return MaskSequence.inMemory(name, f, lineage);
    }

    static Evaluation.Settings settings(int threads) {
        return Evaluation.Settings.defaults().withThreads(threads).withSeed(5);
    }

    @Test
    void growingBallsMatchTheirAnalyticVolumeAndArea() {
        List<MaskSequence> real = List.of(growing("a", 5, 8, 1, 0), growing("b", 5, 8, 1, 0.3));
        EvaluationResult r = Evaluation.run(List.of(new Evaluation.SequenceSet("real", real, false)), null,
                settings(2), ProgressSink.NONE);
        List<SummaryPoint> volume = r.perTime("real", Descriptor.VOLUME);
        List<SummaryPoint> surface = r.perTime("real", Descriptor.SURFACE);
        assertEquals(5, volume.size());
        for (int t = 0; t < 5; t++) {
            double radiusUm = (8 + t) * 0.5;
            double v = 4.0 / 3 * Math.PI * Math.pow(radiusUm, 3), a = 4 * Math.PI * radiusUm * radiusUm;
            assertEquals(2, volume.get(t).summary().count());
            assertEquals(v, volume.get(t).summary().mean(), 0.03 * v, "volume at " + t);
            assertEquals(a, surface.get(t).summary().mean(), 0.03 * a, "surface at " + t);
            assertEquals(1.0, r.perTime("real", Descriptor.SPHERICITY).get(t).summary().mean(), 0.02);
        }
        assertEquals(2, r.cellCount("real"));
        assertTrue(r.ks().isEmpty());
        assertTrue(r.dice().isEmpty());
    }

    @Test
    void theReportShowsTheCellsIn3D(@TempDir Path dir) throws Exception {
        List<MaskSequence> real = List.of(growing("s0", 5, 6, 1, 0), growing("s1", 5, 7, 1, 0));
        List<MaskSequence> recon = List.of(growing("s1", 5, 7, 1, 1.0), growing("s0", 5, 6, 1, 1.0));
        List<MaskSequence> synth = List.of(dividing("new0", 5, 3, true));
        EvaluationResult r = Evaluation.run(List.of(new Evaluation.SequenceSet("real", real, false),
                new Evaluation.SequenceSet("reconstructed", recon, true),
                new Evaluation.SequenceSet("synthetic", synth, false)), null, settings(2), ProgressSink.NONE);
        SurfaceViews views = r.views();
        assertEquals(List.of("real", "reconstructed", "synthetic"),
                views.montage().stream().map(s -> s.set()).toList(), "one montage row per set");
        assertEquals("s0", views.montage().get(1).sequence(), "the reconstruction of the real row's cell");
        assertEquals(List.of(0, 1, 3, 4), views.montage().get(0).timePoints(), "four time points, first and last");
        // the montage's surface is the descriptors' surface: same mesh, same area
        double area = r.cells("real").stream().filter(c -> c.sequence().equals("s0") && c.timePoint() == 4)
                .findFirst().orElseThrow().descriptors().surfaceUm2();
        assertEquals(area, views.montage().get(0).meshes().get(3).surfaceAreaUm2(), 1e-6 * area);
        assertEquals(5, views.viewer().size(), "2 real, their 2 reconstructions, 1 synthetic");
        Path html = r.writeTo(dir, Provenance.builder(List.of("evaluate")).build(), "test");
        io.github.cellinr.experiment.ReportChecks.surfaceMontage(dir.resolve("figures/cells-3d.png"));
        io.github.cellinr.experiment.ReportChecks.hasViewer(html);
    }

    @Test
    void reconstructedSetIsPairedByNameForDiceAndTestedByKs() {
        List<MaskSequence> real = new ArrayList<>(), recon = new ArrayList<>(), synth = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            real.add(growing("s" + i, 4, 6 + 0.3 * i, 0.8, 0));
            // Reconstruction: the same cell shifted by one voxel along z and x.
            recon.add(growing("s" + (5 - i), 4, 6 + 0.3 * (5 - i), 0.8, 1.0));
            synth.add(growing("new" + i, 4, 12, 0.5, 0)); // bigger cells: another distribution
        }
        List<Evaluation.SequenceSet> sets = List.of(new Evaluation.SequenceSet("real", real, false),
                new Evaluation.SequenceSet("reconstructed", recon, true),
                new Evaluation.SequenceSet("synthetic", synth, false));
        EvaluationResult r = Evaluation.run(sets, null, settings(3), ProgressSink.NONE);
        assertEquals(List.of("reconstructed"), r.pairedSets());
        assertEquals(6 * 4, r.dice().size());
        for (Evaluation.DiceRecord d : r.dice()) {
            MaskSequence a = real.stream().filter(q -> q.name().equals(d.sequence())).findFirst().orElseThrow();
            MaskSequence b = recon.stream().filter(q -> q.name().equals(d.sequence())).findFirst().orElseThrow();
            assertEquals(Dice.coefficient(a.read(d.timePoint()), b.read(d.timePoint())), d.dice(), 1e-12);
            assertTrue(d.dice() > 0.7 && d.dice() < 1, "a one-voxel shift: " + d.dice());
        }
        // KS: recomputed from the per-cell means of the CSV rows.
        for (EvaluationResult.KsRow row : r.ks()) {
            double[] a = Evaluation.perCellMeans(r.cells("real"), row.descriptor());
            double[] b = Evaluation.perCellMeans(r.cells(row.set()), row.descriptor());
            assertEquals(6, a.length);
            assertEquals(KolmogorovSmirnov.test(a, b, 0).pValue(), row.result().pValue(), 1e-12);
        }
        double volumeReal = r.ks().stream().filter(k -> k.set().equals("reconstructed")
                && k.descriptor() == Descriptor.VOLUME).findFirst().orElseThrow().result().pValue();
        double volumeSynthetic = r.ks().stream().filter(k -> k.set().equals("synthetic")
                && k.descriptor() == Descriptor.VOLUME).findFirst().orElseThrow().result().pValue();
        assertTrue(volumeReal > 0.5, "same cells, shifted: " + volumeReal);
        assertEquals(2.0 / 924, volumeSynthetic, 1e-9); // all synthetic cells larger: 2 / C(12, 6)
    }

    @Test
    void daughtersAreSeparateCellsWithoutLineage() {
        EvaluationResult r = Evaluation.run(List.of(new Evaluation.SequenceSet("real",
                List.of(dividing("d", 6, 3, false)), false)), null, settings(1), ProgressSink.NONE);
        Map<String, List<CellRecord>> byCell = r.cells("real").stream()
                .collect(Collectors.groupingBy(CellRecord::cell));
        assertEquals(List.of(0, 1, 2), byCell.get("1").stream().map(CellRecord::timePoint).toList());
        assertEquals(List.of(3, 4, 5), byCell.get("1.1").stream().map(CellRecord::timePoint).toList());
        assertEquals(List.of(3, 4, 5), byCell.get("1.2").stream().map(CellRecord::timePoint).toList());
        assertEquals("1", byCell.get("1.1").get(0).parent());
        assertEquals(3, r.cellCount("real"));
        // The daughter on the left is the bigger one (radius 6 vs 5 at the division).
        double left = byCell.get("1.1").get(0).descriptors().volumeUm3();
        double right = byCell.get("1.2").get(0).descriptors().volumeUm3();
        assertEquals(4.0 / 3 * Math.PI * 27, Math.max(left, right), 0.05 * 4.0 / 3 * Math.PI * 27);
        List<SummaryPoint> perTime = r.perTime("real", Descriptor.VOLUME);
        assertEquals(1, perTime.get(2).summary().count());
        assertEquals(2, perTime.get(3).summary().count());
    }

    @Test
    void daughtersFollowTheLineageWhenThereIsOne() {
        EvaluationResult r = Evaluation.run(List.of(new Evaluation.SequenceSet("real",
                List.of(dividing("d", 6, 3, true)), false)), null, settings(1), ProgressSink.NONE);
        Map<String, List<CellRecord>> byCell = r.cells("real").stream()
                .collect(Collectors.groupingBy(CellRecord::cell));
        assertEquals(3, byCell.get("1").size());
        assertEquals("1", byCell.get("2").get(0).parent());
        assertEquals("1", byCell.get("3").get(0).parent());
        assertEquals(List.of(3, 4, 5), byCell.get("3").stream().map(CellRecord::timePoint).toList());
    }

    /** Debris of a few voxels is not a daughter: it joins the nearest piece. */
    @Test
    void smallComponentsAreNotDaughters() {
        List<LabelVolume> frames = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            LabelVolume m = LabelVolume.empty(DIMS, VOXEL);
            ball(m, 4, 19.5, 19.5, 19.5, 8);
            if (t > 0) {
                m.set(2, 2, 2, 4);
            }
            frames.add(m);
        }
        EvaluationResult r = Evaluation.run(List.of(new Evaluation.SequenceSet("real",
                List.of(MaskSequence.inMemory("x", frames, null)), false)), null, settings(1), ProgressSink.NONE);
        assertEquals(1, r.cellCount("real"));
        assertEquals(r.cells("real").get(0).descriptors().voxelCount() + 1,
                r.cells("real").get(1).descriptors().voxelCount());
    }

    /** The paper compares grids of different sizes after nearest-neighbour upsampling. */
    @Test
    void diceAcrossResolutions() {
        List<LabelVolume> big = new ArrayList<>(), small = new ArrayList<>();
        LabelVolume b = LabelVolume.empty(DIMS, VOXEL);
        LabelVolume s = LabelVolume.empty(Dimensions.cube(20), VoxelSize.isotropic(1.0));
        ball(s, 1, 9.5, 9.5, 9.5, 6);
        for (int z = 0; z < 40; z++) {
            for (int y = 0; y < 40; y++) {
                for (int x = 0; x < 40; x++) {
                    b.set(z, y, x, s.get(z / 2, y / 2, x / 2));
                }
            }
        }
        big.add(b);
        small.add(s);
        EvaluationResult r = Evaluation.run(List.of(
                new Evaluation.SequenceSet("real", List.of(MaskSequence.inMemory("c", big, null)), false),
                new Evaluation.SequenceSet("reconstructed", List.of(MaskSequence.inMemory("c", small, null)), true)),
                null, settings(1), ProgressSink.NONE);
        assertEquals(1.0, r.dice().get(0).dice(), 1e-12);
        // Same physical shape: same voxel volume in um^3.
        assertEquals(r.cells("real").get(0).descriptors().volumeUm3(),
                r.cells("reconstructed").get(0).descriptors().volumeUm3(), 1e-9);
    }

    /** Sparse ground truth (frames 10, 12, 14) pairs with the reconstruction's frames 0, 2, 4. */
    @Test
    void sparseFramesPairByFrameNumber() {
        MaskSequence full = growing("s", 5, 5, 1, 0);
        MaskSequence sparse = new MaskSequence() {
            @Override
            public String name() {
                return "s";
            }

            @Override
            public List<Integer> frames() {
                return List.of(10, 12, 14);
            }

            @Override
            public LabelVolume read(int frame) {
                return full.read(frame - 10);
            }

            @Override
            public java.util.Optional<Lineage> lineage() {
                return java.util.Optional.empty();
            }
        };
        EvaluationResult r = Evaluation.run(List.of(new Evaluation.SequenceSet("real", List.of(sparse), false),
                new Evaluation.SequenceSet("reconstructed", List.of(full), true)), null, settings(2), ProgressSink.NONE);
        assertEquals(List.of(0, 2, 4), r.dice().stream().map(Evaluation.DiceRecord::timePoint).toList());
        r.dice().forEach(d -> assertEquals(1.0, d.dice(), 1e-12));
        assertEquals(List.of(0, 2, 4), r.cells("real").stream().map(CellRecord::timePoint).toList());
        assertEquals(List.of(10, 12, 14), r.cells("real").stream().map(CellRecord::frame).toList());
    }

    @Test
    void unpairedReconstructionIsAClearError() {
        CellInrException e = assertThrows(CellInrException.class, () -> Evaluation.run(List.of(
                new Evaluation.SequenceSet("real", List.of(growing("a", 2, 5, 1, 0)), false),
                new Evaluation.SequenceSet("reconstructed", List.of(growing("zz", 2, 5, 1, 0)), true)),
                null, settings(1), ProgressSink.NONE));
        assertTrue(e.getMessage().contains("[zz]") && e.getMessage().contains("[a]"), e.getMessage());
    }

    @Test
    void resultsDoNotDependOnThreadsAndAreWritten(@TempDir Path dir) throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        List<MaskSequence> real = new ArrayList<>(), recon = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            double r0 = 5 + 3 * random.nextDouble();
            real.add(growing("q" + i, 3, r0, 0.7, 0));
            recon.add(growing("q" + i, 3, r0 + 0.4, 0.7, 0.5));
        }
        real.add(dividing("q9", 4, 2, false));
        recon.add(dividing("q9", 4, 2, true));
        List<Evaluation.SequenceSet> sets = List.of(new Evaluation.SequenceSet("real", real, false),
                new Evaluation.SequenceSet("reconstructed", recon, true));
        double[][] codes = new double[12][5];
        List<String> names = new ArrayList<>(), classes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 5; j++) {
                codes[i][j] = (i % 2) * 10 + random.nextDouble();
            }
            names.add("seq" + i);
            classes.add(i % 2 == 0 ? "even" : "odd");
        }
        Evaluation.LatentCodes latent = new Evaluation.LatentCodes("test", names, classes, codes);
        EvaluationResult one = Evaluation.run(sets, latent, settings(1), ProgressSink.NONE);
        EvaluationResult three = Evaluation.run(sets, latent, settings(3), ProgressSink.NONE);
        assertEquals(one.descriptorTable().toCsv(), three.descriptorTable().toCsv());
        assertEquals(one.diceTable().toCsv(), three.diceTable().toCsv());
        assertEquals(one.ksDetailTable().toCsv(), three.ksDetailTable().toCsv());
        assertEquals(1.0, one.latent().leaveOneOutAccuracy());
        Provenance p = Provenance.builder(List.of("evaluate")).seed(5).build();
        Path html = one.writeTo(dir, p, "Test evaluation");
        for (String f : List.of("descriptors.csv", "descriptors_per_time.csv", "ks.csv", "dice.csv",
                "dice_per_sequence.csv", "provenance.json", "report.html", "figures/volume-over-time.png",
                "figures/surface-over-time.svg", "figures/sphericity-over-time.csv",
                "figures/dice-per-time-reconstructed.png", "figures/latent-pca.png", "figures/latent-tsne.csv",
                "tables/ks-p-values.csv", "tables/set-summary.csv")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        List<String> rows = Files.readAllLines(dir.resolve("descriptors.csv"));
        assertEquals(one.cells("real").size() + one.cells("reconstructed").size() + 1, rows.size());
        assertTrue(rows.get(0).startsWith("set,sequence,cell,parent,time_point,frame,voxels,volume_um3"));
        String text = Files.readString(html);
        assertTrue(text.contains("Test evaluation") && text.contains("Distribution tests")
                && text.contains("Reconstruction similarity") && text.contains("Latent space"));
        Map<String, Object> summary = one.summary(html);
        assertEquals(html.toAbsolutePath().toString(), summary.get("report"));
    }
}
