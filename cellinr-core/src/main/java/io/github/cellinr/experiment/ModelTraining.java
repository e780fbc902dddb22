package io.github.cellinr.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Json;
import io.github.cellinr.dataset.SdfDataset;
import io.github.cellinr.infer.SignExactGrid;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.train.Trainer;
import io.github.cellinr.train.TrainingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Trains an experiment's model with the {@link Trainer}, or takes the finished model a previous run of the same
 * experiment left in the folder (same options), or continues that run's checkpoint: a long experiment that was
 * interrupted continues where it stopped when run again into the same folder.
 */
public final class ModelTraining {
    private ModelTraining() {
    }

    /**
     * The experiments' training options: the trainer's defaults (the fast recipe: siren-paper, 5 frames x 4096
     * samples per step, squared code regulariser; {@link TrainingOptions.Recipe#FAST}) with the run's seed and
     * threads, {@code epochs} epochs,
     * a checkpoint every tenth of the run, and the trainer's own closing Dice on a coarse grid (the experiments
     * score reconstructions on the full grid themselves).
     */
    public static TrainingOptions options(ExperimentContext c, int epochs) {
        return TrainingOptions.defaults().toBuilder().seed(c.seed()).threads(c.threads()).epochs(epochs)
                .pointsPerFrame(pointsPerFrame(c.quick())).checkpointEvery(Math.max(1, epochs / 10)).diceMaxGrid(16)
                .build();
    }

    /** {@link #options} for the proposed, equivariant model (what most experiments train), to adjust further. */
    static TrainingOptions.Builder equivariant(ExperimentContext c, int epochs) {
        return options(c, epochs).toBuilder().equivariant(true);
    }

    /** SDF samples per frame and step: the trainer's default, a quarter of it for the quick variants. */
    public static int pointsPerFrame(boolean quick) {
        return quick ? TrainingOptions.DEFAULT_POINTS_PER_FRAME / 4 : TrainingOptions.DEFAULT_POINTS_PER_FRAME;
    }

    /**
     * @param datasetId checksum of the training data (checked when a checkpoint is continued), or null
     * @param label     what is trained, for the progress line
     */
    public static CellShapeModel trainOrReuse(ExperimentContext c, SdfDataset data, String datasetId,
                                              TrainingOptions options, Path dir, String label) {
        Trainer trainer = new Trainer(data, datasetId, dir, c.command(), c.progress()).gridSdf(SignExactGrid.DEFAULT);
        long started = System.nanoTime();
        if (Files.exists(dir.resolve(CellShapeModel.CONFIG_FILE))) {
            CellShapeModel model = CellShapeModel.load(dir);
            if (model.training() == null || !comparable(model.training().options()).equals(comparable(options))) {
                throw CellInrException.of(dir, "holds a model trained with other options than this experiment's; use"
                        + " a fresh --out folder");
            }
            c.say("  %s: reusing the finished model in %s", label, c.folder().relativize(dir));
            return model;
        }
        CellShapeModel model;
        if (Files.exists(dir.resolve(Trainer.CHECKPOINT_FILE))) {
            c.say("  %s: continuing the checkpoint in %s", label, c.folder().relativize(dir));
            model = trainer.resume(saved -> {
                if (!comparable(saved).equals(comparable(options))) {
                    throw CellInrException.of(dir, "holds a checkpoint of a run with other options than this"
                            + " experiment's; use a fresh --out folder");
                }
                return saved.toBuilder().threads(options.threads()).build();
            }).model();
        } else {
            c.say("  %s: training %d epochs", label, options.epochs());
            model = trainer.train(options).model();
        }
        c.say(String.format(Locale.ROOT, "  %s: trained in %.0f s (final L1 %.5f)", label,
                (System.nanoTime() - started) / 1e9, model.training().finalSdfLoss()));
        return model;
    }

    /** The options that decide the result (not the thread count or checkpoint interval), as canonical JSON. */
    static String comparable(TrainingOptions options) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = Json.mapper().convertValue(options, Map.class);
        return comparable(m);
    }

    static String comparable(Map<String, Object> options) {
        Map<String, Object> m = new TreeMap<>(options);
        m.remove("threads");
        m.remove("checkpointEvery");
        try {
            return Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
