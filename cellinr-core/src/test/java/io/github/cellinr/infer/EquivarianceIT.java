package io.github.cellinr.infer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.core.Rotation;
import io.github.cellinr.core.Seeds;
import io.github.cellinr.dataset.MappedSdfDataset;
import io.github.cellinr.dataset.RotatedSdfDataset;
import io.github.cellinr.dataset.SdfDataset;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.shape.Prepare;
import io.github.cellinr.shape.PrepareInputs;
import io.github.cellinr.shape.PrepareOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Theorem 1 of the paper on a trained equivariant network (the paper's Platynereis model): a cell sequence is
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

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
