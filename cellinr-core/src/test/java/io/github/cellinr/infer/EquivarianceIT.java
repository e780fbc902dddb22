package io.github.cellinr.infer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.core.Rotation;
import io.github.cellinr.core.Seeds;
import io.github.cellinr.dataset.InMemorySdfDataset;
import io.github.cellinr.dataset.MappedSdfDataset;
import io.github.cellinr.dataset.RotatedSdfDataset;
import io.github.cellinr.dataset.SdfDataset;
import io.github.cellinr.dataset.SequenceInfo;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.shape.Prepare;
import io.github.cellinr.shape.PrepareInputs;
import io.github.cellinr.shape.PrepareOptions;
import io.github.cellinr.train.Trainer;
import io.github.cellinr.train.TrainingOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Theorem 1 of the paper, twice. On an equivariant model trained in the test (asymmetric analytic cells, minutes
 * on two cores): a training sequence is fitted from random starts only (no principal-axis starts, which would
 * rotate with the data by construction), then the same sequence rotated by R'; the second fit must give R' R
 * (within 5 degrees) and the same code (relative L2 difference below 5 %). And on the paper's Platynereis model
 * (imported): a cell sequence is
 * generated as label masks, prepared like real data (centred, aligned to its principal axes, exact SDF), fitted;
 * then the prepared sequence is rotated by a random R' and fitted again. The second fit's rotation must be
 * R' times the first's (within 5 degrees) and both reconstructions must match their data (Dice >= 0.9).
 */
class EquivarianceIT {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {3, 8, 21})
    void fittingRotatedDataRotatesTheFittedRotation(long seed) {
        CellShapeModel model = TestModels.paperPlat();
        SplittableRandom random = Seeds.random(seed, "test.theorem1");
        Shape cell = new Shape("cell", TestModels.paperCode(random), Rotation.uniform(random), "test");
        Rotation turn = Rotation.uniform(random);
        int frames = 6;
        Inference.Settings settings = Inference.Settings.of(OutputGrid.ofEdge(64, model.micrometresPerUnit()), frames)
                .withThreads(2);
        Provenance provenance = Provenance.builder(List.of("test")).seed(seed).build();
        Inference.write(model, "test", List.of(cell), settings, dir.resolve("gen"), provenance, ProgressSink.NONE);

        PrepareOptions prepare = PrepareOptions.defaults().withGridSize(48).withFrames(frames)
                .withExtentUm(2 * model.micrometresPerUnit()).withThreads(2);
        PrepareInputs.Inputs inputs = PrepareInputs.open(dir.resolve("gen/cell/masks"));
        Prepare.run(inputs.series(), dir.resolve("prepared"), prepare, 0, Provenance.builder(List.of("test")),
                ProgressSink.NONE);

        ShapeFitter.Options options = ShapeFitter.Options.defaults(seed).withRestarts(12, 30).withIterations(250)
                .withThreads(2);
        try (SdfDataset data = MappedSdfDataset.open(dir.resolve("prepared"));
             SdfDataset rotated = new RotatedSdfDataset(data, turn)) {
            ShapeFitter.Result plain = new ShapeFitter(model, data, options).fit(0, ProgressSink.NONE);
            ShapeFitter.Result turned = new ShapeFitter(model, rotated, options).fit(0, ProgressSink.NONE);
            double error = turn.times(plain.shape().rotation()).angleToDegrees(turned.shape().rotation());
            double dicePlain = mean(ShapeFitter.dice(model, plain.shape(), data, 0, 2));
            double diceTurned = mean(ShapeFitter.dice(model, turned.shape(), rotated, 0, 2));
            System.out.printf(Locale.ROOT, "Theorem 1, seed %d: |R' R - R2| = %.2f deg, Dice %.3f / %.3f,"
                    + " fit %.1f s + %.1f s%n", seed, error, dicePlain, diceTurned, plain.seconds(), turned.seconds());
            assertTrue(error < 5, "recovered rotation off by " + error + " degrees");
            assertTrue(dicePlain >= 0.9, "Dice of the fit " + dicePlain);
            assertTrue(diceTurned >= 0.9, "Dice of the rotated fit " + diceTurned);
        }
    }

    /** Asymmetric cells: an ellipsoid body with two bumps of different sizes, growing over time. */
    private static InMemorySdfDataset asymmetricCells(int count, int frames, int grid, long seed, Rotation turn) {
        double[] m = turn.matrix();
        List<InMemorySdfDataset.AnalyticSdf> cells = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            SplittableRandom r = Seeds.random(seed, "test.theorem1.cell", s);
            double a = 3.6 + 0.8 * r.nextDouble();
            double b = 2.6 + 0.6 * r.nextDouble();
            double c = 1.8 + 0.5 * r.nextDouble();
            double[] p1 = {a * 0.8, b * 0.5 * (r.nextDouble() - 0.5), c * 0.4};
            double[] p2 = {-a * 0.3, b * 0.9, -c * 0.3 * r.nextDouble()};
            double r1 = 1.3 + 0.3 * r.nextDouble();
            double r2 = 0.9 + 0.2 * r.nextDouble();
            cells.add((px, py, pz, t) -> {
                // the cell turned by R': its SDF at p is the cell's at R'^T p (sampled exactly, no resampling)
                double x = m[0] * px + m[3] * py + m[6] * pz;
                double y = m[1] * px + m[4] * py + m[7] * pz;
                double z = m[2] * px + m[5] * py + m[8] * pz;
                double g = 1 + 0.12 * t;
                double k0 = Math.sqrt(x * x / (a * a * g * g) + y * y / (b * b * g * g) + z * z / (c * c * g * g));
                double k1 = Math.sqrt(x * x / Math.pow(a * g, 4) + y * y / Math.pow(b * g, 4)
                        + z * z / Math.pow(c * g, 4));
                double body = k1 == 0 ? -c * g : k0 * (k0 - 1) / k1;
                double d1 = Math.sqrt(Math.pow(x - p1[0] * g, 2) + Math.pow(y - p1[1] * g, 2)
                        + Math.pow(z - p1[2] * g, 2)) - r1 * g;
                double d2 = Math.sqrt(Math.pow(x - p2[0] * g, 2) + Math.pow(y - p2[1] * g, 2)
                        + Math.pow(z - p2[2] * g, 2)) - r2 * g;
                return Math.min(body, Math.min(d1, d2));
            });
        }
        return InMemorySdfDataset.sample(cells, SequenceInfo.evenTimes(frames), grid, 10.0, 0.6);
    }

    /** What {@link #theorem1} measured. */
    record Theorem1(double rotationErrorDeg, double codeChange, double fitVsTrainedCode, String text) {
    }

    /**
     * Trains an equivariant model on {@code cells} asymmetric cells (in {@code dir}), fits sequence 0 and its copy
     * turned by a random R' from random starts only, and compares the fits.
     */
    static Theorem1 theorem1(Path dir, long seed, int cells, int epochs, ShapeFitter.Options options, Path trained) {
        InMemorySdfDataset data = asymmetricCells(cells, 3, 24, 17, Rotation.IDENTITY);
        TrainingOptions training = TrainingOptions.defaults().toBuilder().equivariant(true).latentSize(8)
                .epochs(epochs).framesPerBatch(3).pointsPerFrame(1024).threads(2).checkpointEvery(100_000)
                .diceMaxGrid(12).seed(17).build();
        long started = System.nanoTime();
        CellShapeModel model = trained != null ? CellShapeModel.load(trained)
                : new Trainer(data, null, dir.resolve("model-" + seed), List.of("test"), ProgressSink.NONE)
                        .train(training).model();
        double trainSeconds = (System.nanoTime() - started) * 1e-9;
        Rotation turn = Rotation.uniform(Seeds.random(seed, "test.theorem1.trained"));
        try (SdfDataset rotated = asymmetricCells(cells, 3, 24, 17, turn)) {
            ShapeFitter.Result plain = new ShapeFitter(model, data, options).fit(0, ProgressSink.NONE);
            ShapeFitter.Result turned = new ShapeFitter(model, rotated, options).fit(0, ProgressSink.NONE);
            double error = turn.times(plain.shape().rotation()).angleToDegrees(turned.shape().rotation());
            double codeChange = relativeDifference(plain.shape().latent(), turned.shape().latent());
            double fromTrained = relativeDifference(model.latent(0), plain.shape().latent());
            String text = String.format(Locale.ROOT, "Theorem 1 on a model trained here (%d cells, %d epochs, %.0f s),"
                    + " seed %d: |R' R - R2| = %.2f deg, |z2 - z| / |z| = %.4f (fit vs trained code %.4f), L1 %.4f /"
                    + " %.4f um, fit %.1f s + %.1f s; best starts' losses %s / %s", cells, epochs, trainSeconds, seed,
                    error, codeChange, fromTrained, plain.sdfLossUm(), turned.sdfLossUm(), plain.seconds(),
                    turned.seconds(), losses(plain), losses(turned));
            return new Theorem1(error, codeChange, fromTrained, text);
        }
    }

    private static String losses(ShapeFitter.Result r) {
        return r.starts().stream().limit(3).map(s -> String.format(Locale.ROOT, "%.4f", s.loss())).toList().toString();
    }

    @Disabled("issue 13, not met yet (docs/RESULTS.md 5.2, Theorem 1): from random starts only, R' R was recovered"
            + " within 2 degrees in 2 of 4 fits and off by a half turn in the others, and the fitted codes differ by"
            + " 39 to 58 % (relative L2); run it with the main method below")
    @ParameterizedTest
    @ValueSource(longs = {4, 9})
    void onAModelTrainedHereRandomStartsRecoverRPrimeRAndTheSameCode(long seed) {
        Theorem1 t = theorem1(dir, seed, 2, 200, randomStarts(seed, 49, 25, 0.05), null);
        System.out.println(t.text());
        assertTrue(t.rotationErrorDeg() < 5, "recovered rotation off by " + t.rotationErrorDeg() + " degrees");
        assertTrue(t.codeChange() < 0.05, "fitted code changed by " + t.codeChange() + " (relative L2)");
    }

    /**
     * Starts without the principal-axis ones: the identity, the 24 cube rotations turned by a seeded random
     * rotation (every rotation lies within 63 degrees of one), then uniform random rotations; each fitted for
     * {@code steps} steps with an angle rate that lets it travel a few tens of degrees.
     */
    static ShapeFitter.Options randomStarts(long seed, int starts, int steps, double lrAngles) {
        ShapeFitter.Options d = ShapeFitter.Options.defaults(seed);
        return new ShapeFitter.Options(300, starts, steps, 1, 512, d.nearFraction(), d.lrLatent(), lrAngles, 2, seed,
                false);
    }

    /** Measurement harness: {@code seed cells epochs starts steps lrAngles [trained model folder]}. */
    public static void main(String[] args) throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("theorem1");
        long seed = Long.parseLong(args[0]);
        System.out.println(theorem1(dir, seed, Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                randomStarts(seed, Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                        Double.parseDouble(args[5])), args.length > 6 ? Path.of(args[6]) : null).text());
    }

    private static double relativeDifference(float[] a, float[] b) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff += ((double) a[i] - b[i]) * ((double) a[i] - b[i]);
            norm += (double) a[i] * a[i];
        }
        return Math.sqrt(diff / norm);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
