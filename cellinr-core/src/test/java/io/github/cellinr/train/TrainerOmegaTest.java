package io.github.cellinr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.dataset.InMemorySdfDataset;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.model.ModelConfig;
import io.github.cellinr.model.NetworkSpec;
import io.github.cellinr.nn.MlpInit;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The omega_0 option (paper section 5.6): the model records it and initialises its weights with it. */
class TrainerOmegaTest {

    @TempDir
    Path dir;

    @Test
    void omegaZeroKeepsThePresetAndAPositiveOneReplacesIt() {
        TrainingOptions o = TrainingOptions.defaults();
        assertEquals(NetworkSpec.preset(NetworkSpec.SIREN_PAPER, 0), Trainer.config(o, 2.0).network());
        ModelConfig c = Trainer.config(o.toBuilder().omega0(5).build(), 2.0);
        assertEquals(5.0, c.network().omega0());
        assertEquals(NetworkSpec.SIREN_PAPER, c.preset());
        // ReLU presets have no omega_0 to change
        assertEquals(NetworkSpec.preset(NetworkSpec.DEEPSDF, 0),
                Trainer.config(o.toBuilder().preset(NetworkSpec.DEEPSDF).omega0(5).build(), 2.0).network());
        assertThrows(io.github.cellinr.core.CellInrException.class, () -> o.toBuilder().omega0(-1).build());
    }

    @Test
    void aTrainedModelCarriesItsOmegaAndStartsFromItsInitialisation() {
        InMemorySdfDataset data = AnalyticShapes.growing(2, 2, 10, 3);
        TrainingOptions o = TrainingOptions.defaults().toBuilder().latentSize(8).epochs(1).framesPerBatch(2)
                .pointsPerFrame(64).threads(1).diceMaxGrid(4).omega0(7).build();
        CellShapeModel m = new Trainer(data, null, dir.resolve("m"), List.of("test"), ProgressSink.NONE).train(o)
                .model();
        assertEquals(7.0, CellShapeModel.load(dir.resolve("m")).config().network().omega0());
        // hidden-layer weights start within sqrt(6/n)/omega_0 (paper eq. 6): with omega_0 = 7 they may exceed the
        // omega_0 = 30 bound, which one epoch of Adam at 1e-4 cannot produce on its own
        float[] init = MlpInit.initialise(m.config().network().layout(),
                io.github.cellinr.core.Seeds.random(o.seed(), "train.init.decoder"));
        float[] defaultInit = MlpInit.initialise(NetworkSpec.preset(NetworkSpec.SIREN_PAPER, 8).layout(),
                io.github.cellinr.core.Seeds.random(o.seed(), "train.init.decoder"));
        double ratio = maxAbsHidden(init, m) / maxAbsHidden(defaultInit, m);
        assertEquals(30.0 / 7.0, ratio, 0.05 * 30 / 7);
    }

    private static double maxAbsHidden(float[] weights, CellShapeModel m) {
        var layout = m.config().network().layout();
        int from = layout.weightOffset(1);
        double max = 0;
        for (int i = from; i < from + 128 * 100; i++) {
            max = Math.max(max, Math.abs(weights[i]));
        }
        return max;
    }
}
