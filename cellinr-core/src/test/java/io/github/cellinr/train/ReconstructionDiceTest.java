package io.github.cellinr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.dataset.InMemorySdfDataset;
import io.github.cellinr.infer.SignExactGrid;
import io.github.cellinr.model.CellShapeModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer's final Dice evaluated coarse to fine equals the brute-force Dice: the coarse-to-fine grid has
 * brute force's sign at every voxel of every training frame of a model trained here.
 */
class ReconstructionDiceTest {

    @TempDir
    Path dir;

    @Test
    void coarseToFineGivesTheBruteForceSignsAndDice() {
        InMemorySdfDataset data = AnalyticShapes.growing(2, 3, 40, 4);
        TrainingOptions o = TrainingOptions.defaults().toBuilder().latentSize(8).epochs(40).framesPerBatch(3)
                .pointsPerFrame(1024).threads(2).checkpointEvery(40).diceMaxGrid(40).build();
        CellShapeModel model = new Trainer(data, null, dir.resolve("m"), List.of("test"), ProgressSink.NONE)
                .gridSdf(SignExactGrid.DEFAULT).train(o).model();
        for (int edge : new int[] {40, 33}) {
            float[] axis = new float[edge];
            for (int i = 0; i < edge; i++) {
                axis[i] = (float) (-1 + 2.0 * i / (edge - 1));
            }
            float[] brute = new float[edge * edge * edge];
            float[] fast = new float[brute.length];
            for (int s = 0; s < data.sequenceCount(); s++) {
                for (int f = 0; f < 3; f++) {
                    double t = data.info().sequences().get(s).time(f);
                    ReconstructionDice.BRUTE_FORCE.evaluate(model, s, t, axis, brute, 2);
                    SignExactGrid.DEFAULT.evaluate(model, s, t, axis, fast, 2);
                    long inside = 0;
                    for (int v = 0; v < brute.length; v++) {
                        assertEquals(brute[v] <= 0, fast[v] <= 0, "sign of voxel " + v);
                        inside += brute[v] <= 0 ? 1 : 0;
                    }
                    assertTrue(inside > 50, "the cell is in the grid: " + inside + " inside voxels");
                }
            }
        }
        ReconstructionDice.Result brute = ReconstructionDice.compute(model, data, 40, 2, ProgressSink.NONE);
        ReconstructionDice.Result fast = ReconstructionDice.compute(model, data, 40, 2, ProgressSink.NONE,
                SignExactGrid.DEFAULT);
        assertEquals(brute.perSequence(), fast.perSequence());
        assertTrue(brute.mean() > 0.5, "the model learned the shapes: Dice " + brute.mean());
    }
}
