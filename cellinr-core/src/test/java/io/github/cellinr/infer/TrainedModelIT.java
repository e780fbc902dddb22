package io.github.cellinr.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.core.Rotation;
import io.github.cellinr.core.Seeds;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.dataset.MappedSdfDataset;
import io.github.cellinr.dataset.PhantomDatasetFixture;
import io.github.cellinr.dataset.SdfDataset;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.phantom.PhantomType;
import io.github.cellinr.train.Trainer;
import io.github.cellinr.train.TrainingOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network trained here by the project's trainer on dividing phantom cells (8 sequences x 10 frames at
 * 64^3): coarse to fine reproduces its brute-force masks at every voxel, and sequences generated from codes
 * sampled like the paper's divide after mid-sequence, most of them.
 */
class TrainedModelIT {
    private static final int EPOCHS = 40;

    @TempDir
    static Path dir;

    private static CellShapeModel model;
    private static int trainingDivisions;

    @BeforeAll
    static void train() {
        Path data = PhantomDatasetFixture.prepared(PhantomType.DIVIDING, 8, 10, 64, 64, 1);
        TrainingOptions options = TrainingOptions.defaults().toBuilder().epochs(EPOCHS).threads(2).build();
        try (SdfDataset d = MappedSdfDataset.open(data)) {
            Trainer.Result r = new Trainer(d, null, dir.resolve("model"), List.of("TrainedModelIT"), ProgressSink.NONE)
                    .train(options);
            model = r.model();
            for (var s : d.info().sequences()) {
                trainingDivisions += s.divisionFrame() >= 0 ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "trained on dividing phantoms: %d epochs, %.0f s, reconstruction Dice %.3f,"
                    + " %d of %d training sequences divide%n", EPOCHS, model.training().trainingSeconds(),
                    r.dice().mean(), trainingDivisions, d.sequenceCount());
        }
    }

    @Test
    void coarseToFineMasksEqualBruteForce() {
        SplittableRandom random = Seeds.random(5, "test.trained.c2f");
        double mpu = model.micrometresPerUnit();
        List<OutputGrid> grids = List.of(OutputGrid.ofEdge(96, mpu), OutputGrid.ofEdge(71, mpu),
                OutputGrid.ofVoxelSize(new VoxelSize(2 * mpu / 40, 2 * mpu / 77, 2 * mpu / 64), mpu));
        double maxRatio = 0;
        int frames = 0;
        try (ParallelSdf sdf = new ParallelSdf(model.evaluator(), 2)) {
            for (int s = 0; s < model.sequenceCount(); s += 3) {
                Rotation rotation = s == 0 ? Rotation.IDENTITY : Rotation.uniform(random);
                for (double t : new double[] {-1, 0.1, 1}) {
                    OutputGrid grid = grids.get(frames % grids.size());
                    int voxels = grid.dimensions().voxelCount();
                    float[] brute = new float[voxels];
                    float[] fine = new float[voxels];
                    ParallelSdf.Target target = new ParallelSdf.Target(model.latent(s), rotation, (float) t, grid.xs(),
                            grid.ys(), grid.zs());
                    sdf.evaluateAll(target, brute);
                    var d = grid.dimensions();
                    int stride = EvaluationSettings.coarseToFine().strideFor(Math.min(d.depth(), Math.min(d.height(),
                            d.width())));
                    CoarseToFine.Outcome o = CoarseToFine.run(sdf, target, grid.spacingNormalised(), stride,
                            EvaluationSettings.DEFAULT_SAFETY, 1.0, fine);
                    for (int v = 0; v < voxels; v++) {
                        assertEquals(brute[v] <= 0, fine[v] <= 0, "sequence " + s + " t=" + t + " voxel " + v);
                        if (o.exact(v)) {
                            assertEquals(brute[v], fine[v], 0f);
                        }
                    }
                    double steepest = steepestDifference(brute, grid);
                    maxRatio = Math.max(maxRatio, steepest / o.lipschitzObserved());
                    System.out.printf(Locale.ROOT, "trained model, sequence %d t=%.1f %s: evaluated %.2f%%, slope"
                                    + " seen %.3f, bound %.3f, steepest on the whole grid %.3f%n", s, t, grid,
                            100.0 * o.evaluated() / voxels, o.lipschitzObserved(), o.lipschitzUsed(), steepest);
                    frames++;
                }
            }
        }
        System.out.printf(Locale.ROOT, "steepest brute-force slope / steepest seen by coarse to fine: at most %.3f"
                + " over %d frames%n", maxRatio, frames);
    }

    /** Largest forward-difference gradient magnitude over the grid, in output units per normalised unit. */
    private static double steepestDifference(float[] v, OutputGrid grid) {
        var d = grid.dimensions();
        double[] h = grid.spacingNormalised();
        int nx = d.width();
        int ny = d.height();
        double max = 0;
        for (int z = 0; z + 1 < d.depth(); z++) {
            for (int y = 0; y + 1 < ny; y++) {
                for (int x = 0; x + 1 < nx; x++) {
                    int i = (z * ny + y) * nx + x;
                    double gx = (v[i + 1] - v[i]) / h[0];
                    double gy = (v[i + nx] - v[i]) / h[1];
                    double gz = (v[i + nx * ny] - v[i]) / h[2];
                    max = Math.max(max, Math.sqrt(gx * gx + gy * gy + gz * gz));
                }
            }
        }
        return max;
    }

    @Test
    void generatedSequencesDivide() {
        int count = 33;
        int frames = 10;
        List<Shape> shapes = Shapes.generate(LatentSampler.gaussian(model, null), count, RotationChoice.IDENTITY, 7,
                "gen");
        Inference.Settings settings = Inference.Settings.of(OutputGrid.ofEdge(48, model.micrometresPerUnit()), frames)
                .withThreads(2);
        Inference.Result r = Inference.write(model, "trained-in-test", shapes, settings, dir.resolve("generated"),
                Provenance.builder(List.of("TrainedModelIT")).seed(7).build(), ProgressSink.NONE);
        long dividing = r.sequences().stream().filter(SequenceSummary::dividesAfterMiddle).count();
        long withLineage = r.sequences().stream().filter(s -> s.divisions() > 0).count();
        Inference.Result learned = Inference.write(model, "trained-in-test",
                Shapes.reconstruct(model, List.of(), RotationChoice.LEARNED, 7), settings, dir.resolve("reconstructed"),
                Provenance.builder(List.of("TrainedModelIT")).seed(7).build(), ProgressSink.NONE);
        long reconstructedDividing = learned.sequences().stream().filter(SequenceSummary::dividesAfterMiddle).count();
        System.out.printf(Locale.ROOT, "generated from the trained model: %d of %d divide after mid-sequence (%d with"
                        + " a division in res_track.txt); reconstructions: %d of %d; training data: %d of %d%n",
                dividing, count, withLineage, reconstructedDividing, learned.sequences().size(), trainingDivisions,
                model.sequenceCount());
        assertTrue(dividing > count / 2, dividing + " of " + count + " generated sequences divide");
    }
}
