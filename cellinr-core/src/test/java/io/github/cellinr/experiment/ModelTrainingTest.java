package io.github.cellinr.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.dataset.InMemorySdfDataset;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.train.Trainer;
import io.github.cellinr.train.TrainingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rerun of an experiment reuses finished models and continues interrupted ones, bit for bit. */
class ModelTrainingTest {

    @TempDir
    Path dir;

    private static TrainingOptions tiny(ExperimentContext c) {
        return ModelTraining.options(c, 2).toBuilder().latentSize(8).framesPerBatch(2).pointsPerFrame(64)
                .threads(1).checkpointEvery(1).build();
    }

    @Test
    void finishedModelsAreReusedAndInterruptedOnesContinued() throws Exception {
        ExperimentContext c = TestData.context(dir, true);
        InMemorySdfDataset data = TestData.ellipsoids(2, 2, 10);
        Path out = dir.resolve("models/m");
        CellShapeModel first = ModelTraining.trainOrReuse(c, data, "data-1", tiny(c), out, "m");
        assertEquals(2, first.training().epochs());
        long written = Files.getLastModifiedTime(out.resolve(CellShapeModel.CONFIG_FILE)).toMillis();

        // the same options (another thread count or checkpoint interval does not matter): the model is reused
        TrainingOptions same = tiny(c).toBuilder().threads(2).checkpointEvery(2).build();
        CellShapeModel reused = ModelTraining.trainOrReuse(c, data, "data-1", same, out, "m");
        assertArrayEquals(first.codes(), reused.codes());
        assertEquals(written, Files.getLastModifiedTime(out.resolve(CellShapeModel.CONFIG_FILE)).toMillis());

        // other options: refused, with the folder named
        CellInrException e = assertThrows(CellInrException.class, () -> ModelTraining.trainOrReuse(c, data,
                "data-1", tiny(c).toBuilder().latentSize(16).build(), out, "m"));
        assertTrue(e.getMessage().contains(out.toString()), e.getMessage());

        // a run stopped after its last checkpoint but before the model was written continues to the same model
        Files.delete(out.resolve(CellShapeModel.CONFIG_FILE));
        assertTrue(Files.exists(out.resolve(Trainer.CHECKPOINT_FILE)));
        CellShapeModel continued = ModelTraining.trainOrReuse(c, data, "data-1", tiny(c), out, "m");
        assertArrayEquals(first.codes(), continued.codes());
        assertArrayEquals(first.decoderParameters(), continued.decoderParameters());
    }

    @Test
    void comparableOptionsIgnoreThreadsAndCheckpointsOnly() {
        ExperimentContext c = TestData.context(dir, false);
        TrainingOptions o = ModelTraining.options(c, 10);
        assertEquals(ModelTraining.comparable(o), ModelTraining.comparable(o.toBuilder().threads(7)
                .checkpointEvery(3).build()));
        assertNotEquals(ModelTraining.comparable(o), ModelTraining.comparable(o.toBuilder().epochs(11).build()));
        assertNotEquals(ModelTraining.comparable(o), ModelTraining.comparable(o.toBuilder().omega0(10).build()));
        assertEquals(7, o.seed());
        assertEquals(TrainingOptions.DEFAULT_POINTS_PER_FRAME, o.pointsPerFrame());
        assertEquals(TrainingOptions.DEFAULT_POINTS_PER_FRAME / 4,
                ModelTraining.options(TestData.context(dir, true), 10).pointsPerFrame());
    }
}
